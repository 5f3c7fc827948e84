"""``python -m evaluation``: score the realistic corpus through the REST channel.

Starts its own stack (action server + ``rasa run`` on free ports, see harness/stack.py)
unless ``--rasa-url`` points at a running server, plays every dialogue, and writes
``report.json`` and ``report.md`` (default ``var/eval/``). The exit code is 0 whatever the
figures are (it is a measurement); ``--check`` exits 1 when a part misses the targets,
``--check-language`` also when the Hindi part's replies are not in the expected script.
"""

from __future__ import annotations

import argparse
import datetime
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import report as reporting
from .answers import load_answer_key
from .corpus import CORPUS_DIR, PARTS, WARNING, load_corpus, problems
from .runner import Channel, play_all
from .scoring import score_dialogue

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _arguments(argv):
    parser = argparse.ArgumentParser(
        prog="python -m evaluation", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "var" / "eval")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    parser.add_argument("--part", choices=PARTS, help="only this part (default: both)")
    parser.add_argument(
        "--suite", choices=("main", "hindi"), help="only this suite (default: both)"
    )
    parser.add_argument("--only", help="only dialogues whose id contains this text")
    parser.add_argument("--workers", type=int, default=2, help="dialogues played at once")
    parser.add_argument("--rasa-url", help="use this running Rasa server instead of starting one")
    parser.add_argument("--validate", action="store_true", help="only check the corpus, then exit")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a part misses the targets"
    )
    parser.add_argument(
        "--check-language",
        action="store_true",
        help="with --check: also the reply language of the Hindi part",
    )
    return parser.parse_args(argv)


def _commit() -> str:
    """The commit measured; EVAL_COMMIT names it for a copy made with ``git archive``."""
    if os.environ.get("EVAL_COMMIT"):
        return os.environ["EVAL_COMMIT"]
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except Exception:  # noqa: BLE001 - no git (an unpacked archive): the report still runs
        return "unknown"


def main(argv=None) -> int:
    args = _arguments(argv)
    key = load_answer_key()
    dialogues = load_corpus(args.corpus, (args.part,) if args.part else PARTS)
    found = problems(dialogues, key)
    warnings = [problem for problem in found if WARNING in problem]
    found = [problem for problem in found if WARNING not in problem]
    if warnings:
        print("Corpus warnings:\n  " + "\n  ".join(warnings), file=sys.stderr)
    if found:
        print("The corpus has problems:\n  " + "\n  ".join(found), file=sys.stderr)
        return 2
    if args.validate:
        print(f"Corpus OK: {len(dialogues)} dialogues.")
        return 0
    if args.suite:
        dialogues = [d for d in dialogues if d.suite == args.suite]
    if args.only:
        dialogues = [d for d in dialogues if args.only in d.id]
    started = time.monotonic()
    meta = {
        "started": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
        "workers": args.workers,
    }

    def progress(done: int, total: int) -> None:
        if done % 25 == 0 or done == total:
            print(f"  {done}/{total} dialogues", flush=True)

    if args.rasa_url:
        meta["model"] = "running server " + args.rasa_url
        played = play_all(dialogues, Channel(args.rasa_url), args.workers, progress)
    else:
        from harness.stack import MODEL_PATH, RasaStack, running

        meta["model"] = (
            datetime.datetime.fromtimestamp(MODEL_PATH.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            if MODEL_PATH.exists()
            else "missing"
        )
        with tempfile.TemporaryDirectory(prefix="careerpath-eval-") as workdir:
            print("Starting the action server and rasa run ...", flush=True)
            with running(RasaStack(workdir=Path(workdir))) as stack:
                print(f"Playing {len(dialogues)} dialogues ...", flush=True)
                played = play_all(dialogues, Channel(stack.rasa_url), args.workers, progress)
    results = [
        score_dialogue(dialogue, records, key, reached) for dialogue, records, reached, _ in played
    ]
    meta["seconds"] = time.monotonic() - started
    built = reporting.build(results, meta)
    json_path, md_path = reporting.write(built, args.out)
    print(reporting.markdown(built, max_failures=0).split("## By category")[0])
    print(f"Report: {md_path} and {json_path}")
    if args.check:
        missed = [f"{part}: {m}" for part, items in built["targets"].items() for m in items]
        if args.check_language:
            missed += [
                f"{name}: {m}" for name, items in built["language_targets"].items() for m in items
            ]
        if missed:
            print("Targets missed:\n  " + "\n  ".join(missed), file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
