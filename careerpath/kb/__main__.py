"""Knowledge-base command line.

    python -m careerpath.kb build      validate the sources, migrate, load if changed
    python -m careerpath.kb generate   (re)write data/nlu/generated/*.yml
    python -m careerpath.kb check      exit 1 listing stale generated files
    python -m careerpath.kb stats      what the database holds

``--database-url`` overrides ``DATABASE_URL`` (default: var/careerpath.db).
"""

from __future__ import annotations

import argparse
import sys

from .generate import GENERATED_DIR, check_generated, write_generated
from .load import build_database
from .repository import load_catalog
from .validation import SourceError


def _build(url: str | None) -> int:
    print(build_database(url).summary())
    return 0


def _generate(url: str | None) -> int:
    build_database(url)
    written = write_generated(load_catalog(url))
    if written:
        for path in written:
            print(f"wrote {path}")
    else:
        print(f"generated NLU files in {GENERATED_DIR} are up to date")
    return 0


def _check(url: str | None) -> int:
    build_database(url)
    stale = check_generated(load_catalog(url))
    if not stale:
        print("generated NLU files are up to date")
        return 0
    print("stale generated files (run `make generate`):")
    for path in stale:
        print(f"  {path}")
    return 1


def _stats(url: str | None) -> int:
    catalog = load_catalog(url)
    per_track = dict.fromkeys(catalog.tracks, 0)
    for role in catalog.roles.values():
        per_track[role.track] = per_track.get(role.track, 0) + 1
    courses = [course for courses in catalog.courses.values() for course in courses]
    phrases = sum(len(skill.synonyms) for skill in catalog.skills.values())
    paraphrases = sum(len(faq.paraphrases) for faq in catalog.faqs.values())
    rows = [
        ("tracks", len(catalog.tracks)),
        ("roles", ", ".join(f"{count} {track}" for track, count in per_track.items())),
        ("skills", f"{len(catalog.skills)} ({phrases} phrases)"),
        ("courses", f"{len(courses)} ({sum(c.kind == 'academy' for c in courses)} academy)"),
        ("education levels", len(catalog.levels)),
        ("degrees", len(catalog.degrees)),
        ("fields", len(catalog.fields)),
        ("goals", len(catalog.goals)),
        ("preferences", len(catalog.preferences)),
        ("faqs", f"{len(catalog.faqs)} ({paraphrases} paraphrases)"),
        ("comparison rows", len(catalog.comparison)),
        ("fingerprint", catalog.fingerprint[:12]),
    ]
    for label, value in rows:
        print(f"{label:>17}: {value}")
    return 0


COMMANDS = {"build": _build, "generate": _generate, "check": _check, "stats": _stats}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m careerpath.kb", description=__doc__.split("\n")[0]
    )
    parser.add_argument("command", choices=sorted(COMMANDS))
    parser.add_argument(
        "--database-url", default=None, help="default: $DATABASE_URL or var/careerpath.db"
    )
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args.database_url)
    except SourceError as problem:
        print(f"knowledge-base source error: {problem}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
