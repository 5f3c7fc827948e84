"""Command line for the advisor.

    python -m careerpath.advisor recommend --education "B.Com" --skills "Tally, Excel" \
        --goals "stable job" [--preferences "non voice"] [--experience "fresher"] [--json] [--top N]
    python -m careerpath.advisor roles [--json]

Each argument is read with the same extractor the chat uses; whatever it cannot map is
reported on stderr (never guessed). Exit codes: 0 ok, 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .render import TOP_ROLES_SHOWN

if TYPE_CHECKING:
    from careerpath.profiling import Profile

TERMINAL_WIDTH = 78
# Which Profile fields each argument is expected to fill (reported when it fills none).
ARGUMENT_FIELDS = {
    "education": ("education_level", "degree", "field"),
    "skills": ("skills", "no_skills"),
    "goals": ("goals",),
    "preferences": ("preferences",),
    "experience": ("experience_years", "fresher"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m careerpath.advisor",
        description="Recommend BPO/KPO role types and list them.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    rec = commands.add_parser("recommend", help="rank role types for one person")
    rec.add_argument("--education", default="", help='e.g. "B.Com final year", "12th pass"')
    rec.add_argument("--skills", default="", help='e.g. "Tally, MS Excel, good English"')
    rec.add_argument("--goals", default="", help='e.g. "stable job", "high salary"')
    rec.add_argument("--preferences", default="", help='e.g. "non voice, day shift"')
    rec.add_argument("--experience", default="", help='e.g. "fresher", "2 years in a call centre"')
    rec.add_argument("--json", action="store_true", help="print JSON instead of text")
    rec.add_argument(
        "--top",
        type=_positive_int,
        default=TOP_ROLES_SHOWN,
        help=f"how many roles to show (default {TOP_ROLES_SHOWN})",
    )
    roles = commands.add_parser("roles", help="list all role types by track and category")
    roles.add_argument("--json", action="store_true", help="print JSON instead of text")
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _filled(extraction, fields: Sequence[str]) -> bool:
    for name in fields:
        value = getattr(extraction, name, None)
        if value not in (None, False, [], (), ""):
            return True
    return False


def profile_from_arguments(args: argparse.Namespace, catalog) -> tuple[Profile, list[str]]:
    """A Profile merged from every argument, and the problems to report on stderr."""
    from careerpath.profiling import Profile, extract

    profile = Profile()
    problems: list[str] = []
    for argument, fields in ARGUMENT_FIELDS.items():
        text = (getattr(args, argument) or "").strip()
        if not text:
            continue
        extraction = extract(text, catalog=catalog, expect=argument)
        profile = profile.merged(extraction)
        if not _filled(extraction, fields):
            problems.append(f"--{argument}: could not understand {text!r}")
        for phrase in getattr(extraction, "unrecognised", []) or []:
            problems.append(f"--{argument}: not recognised: {phrase!r}")
    return profile, problems


def run_recommend(args: argparse.Namespace) -> int:
    from careerpath.kb.repository import load_catalog

    from . import recommend
    from .render import render_advice

    catalog = load_catalog()
    profile, problems = profile_from_arguments(args, catalog)
    for problem in problems:
        print(problem, file=sys.stderr)
    advice = recommend(profile, catalog)
    if args.json:
        shown = advice.to_dict()
        shown["recommendations"] = shown["recommendations"][: args.top]
        print(json.dumps({"profile": profile.to_dict(), **shown}, indent=2, ensure_ascii=False))
        return 0
    print(f"You: {profile.describe(catalog)}")
    print()
    print(render_advice(advice, top=args.top, width=TERMINAL_WIDTH))
    return 0


def run_roles(args: argparse.Namespace) -> int:
    from careerpath.kb.repository import load_catalog

    from .render import category_name, render_roles_list

    catalog = load_catalog()
    if args.json:
        rows = [
            {
                "id": role.id,
                "name": role.name,
                "track": role.track,
                "category": role.category_id,
                "category_name": category_name(role.category_id, catalog),
                "kind": role.category_kind,
                "entry_roles": list(role.entry_roles),
            }
            for role in catalog.roles.values()
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    print(render_roles_list(catalog, width=TERMINAL_WIDTH))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "recommend":
        return run_recommend(args)
    return run_roles(args)


if __name__ == "__main__":
    sys.exit(main())
