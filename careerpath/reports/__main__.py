"""Command line: write a counselor report for one profile (no chat needed).

    python -m careerpath.reports --education "B.Com" --skills "Tally, Excel" --goals "stable job" \
        [--preferences "non voice"] [--experience "fresher"] [--note "..."] [--student "..."] \
        [--role finance_accounting_bpo] [--out DIR]

Writes DIR/report.md and DIR/report.html (default: the current folder) and prints their
paths. Arguments are read with the chat's extractor (what it cannot map goes to stderr).
Exit codes: 0 ok, 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m careerpath.reports", description="Write a counselor report."
    )
    for name, example in (
        ("education", "B.Com final year"),
        ("skills", "Tally, MS Excel"),
        ("goals", "stable job"),
        ("preferences", "non voice, day shift"),
        ("experience", "fresher"),
    ):
        parser.add_argument(f"--{name}", default="", help=f'e.g. "{example}"')
    parser.add_argument("--note", default=None, help="the counselor's note")
    parser.add_argument("--student", default=None, help="the student's name, shown in the header")
    parser.add_argument(
        "--role", default=None, help="role type id whose growth path to draw (default: top match)"
    )
    parser.add_argument(
        "--out", type=Path, default=Path("."), help="folder for report.md and report.html"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from careerpath.advisor.__main__ import profile_from_arguments
    from careerpath.kb.repository import load_catalog

    from . import build_report

    catalog = load_catalog()
    if args.role and args.role not in catalog.roles:
        print(f"--role: unknown role type {args.role!r}", file=sys.stderr)
        return 2
    profile, problems = profile_from_arguments(args, catalog)
    for problem in problems:
        print(problem, file=sys.stderr)
    report = build_report(
        profile, None, catalog, note=args.note, student=args.student, chosen_role=args.role
    )
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in (("report.md", report.markdown), ("report.html", report.html)):
        path = args.out / name
        path.write_text(text, encoding="utf-8")
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
