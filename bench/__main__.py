"""python -m bench [--quick] [--users 1,20,50] ...: see bench/__init__.py."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.measure import QUICK_LIMITS, Limits, log
from bench.run import BenchRun, Options


def parse_arguments(argv=None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: advisor, action server and CLI start-up, CareerPath at 1 and 5 users; "
        "no stock, training, NLU or ablation",
    )
    parser.add_argument(
        "--users", help="comma-separated concurrency levels (default 1,20,50; quick 1,5)"
    )
    parser.add_argument("--max-seconds", type=float, help="time bound per load level")
    parser.add_argument(
        "--conversations-per-user", type=int, help="count bound per level = users x this"
    )
    parser.add_argument(
        "--nlu",
        dest="crossval",
        action="store_true",
        default=None,
        help="run the 5-fold NLU cross-validation (default in the full run)",
    )
    parser.add_argument("--no-nlu", dest="crossval", action="store_false")
    parser.add_argument("--no-training", action="store_true")
    parser.add_argument("--no-stock", action="store_true")
    parser.add_argument(
        "--no-two-workers",
        action="store_true",
        help="skip the CareerPath row with SANIC_WORKERS=2 and a Redis lock store",
    )
    parser.add_argument(
        "--ablation",
        default=None,
        help="comma-separated variants: stock_ml,speedups_off,rasa_sql_tracker_store,rasa_logreg,"
        "action_workers_2,redis_tracker or 'none'",
    )
    parser.add_argument("--ablation-users", type=int, default=20)
    parser.add_argument(
        "--stock-project",
        type=Path,
        help="reuse a trained `rasa init` folder instead of generating one (skips stock training)",
    )
    parser.add_argument("--out", type=Path, help="results folder (default bench/results)")
    parser.add_argument(
        "--keep-temp", action="store_true", help="keep the temp folder (logs, models)"
    )
    args = parser.parse_args(argv)

    options = Options(quick=args.quick)
    if args.quick:
        options.users, options.limits = (1, 5), QUICK_LIMITS
        options.stock = options.training = options.crossval = options.two_workers = False
        options.ablation = ()
    limits = options.limits
    options.limits = Limits(
        args.max_seconds or limits.max_seconds,
        args.conversations_per_user or limits.conversations_per_user,
        limits.min_conversations,
    )
    if args.users:
        options.users = tuple(int(value) for value in args.users.split(","))
    if args.crossval is not None:
        options.crossval = args.crossval
    options.training = options.training and not args.no_training
    options.stock = options.stock and not args.no_stock
    options.two_workers = options.two_workers and not args.no_two_workers
    if args.ablation is not None:
        options.ablation = () if args.ablation == "none" else tuple(args.ablation.split(","))
    options.ablation_users = args.ablation_users
    options.stock_project = args.stock_project
    options.out_dir = args.out or options.out_dir
    options.keep_temp = args.keep_temp
    return options


def main(argv=None) -> int:
    options = parse_arguments(argv)
    paths = BenchRun(options).run()
    log(f"wrote {paths['markdown']} and {paths['json']}")
    print(paths["markdown"].read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
