"""How the knowledge base compares the phrases people type, and derives new ones.

Synonyms are stored as :func:`lower_single_spaced` text; two FAQ questions are the same
when their :func:`question_key` is; a role type's short forms ("lpo", "customer
support") come from its name and feed the ``role_type`` lookup table and the catalog.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

_ABBREVIATION = re.compile(r"\s*\(([^)]+)\)\s*")


def lower_single_spaced(text: str) -> str:
    """Lower-case, with runs of whitespace turned into one space and none at the ends."""
    return " ".join(str(text).lower().split())


def question_key(text: str) -> str:
    """Questions differing only in case, spacing or end punctuation are the same question."""
    return lower_single_spaced(text).rstrip("?.! ")


def role_short_forms(name: str, track: str) -> tuple[str, ...]:
    """Shorter ways people name a role type of ``track``, derived from its name.

    "Legal Process Outsourcing (LPO)" -> legal process outsourcing, lpo;
    "Customer Support BPO" (track BPO) -> customer support; "Data Entry and Processing
    BPO" -> data entry and processing, data entry. Single words are left out: "sales" or
    "healthcare" alone say too little to name a role type.
    """
    full = lower_single_spaced(name)
    track_suffix = " " + lower_single_spaced(track)
    forms: list[str] = []

    def add(phrase: str) -> None:
        phrase = lower_single_spaced(phrase)
        if phrase and phrase != full and phrase not in forms:
            forms.append(phrase)

    bases = [full]
    abbreviation = _ABBREVIATION.search(full)
    if abbreviation:
        short, rest = abbreviation.group(1), full[abbreviation.end() :]
        without = lower_single_spaced(full[: abbreviation.start()] + " " + rest)
        add(without)  # "human resource bpo"
        add(f"{short} {rest}")  # "hr bpo"
        if len(short) >= 3:
            add(short)  # "lpo"; two letters ("hr", "ip") alone are too ambiguous
        bases = [without]  # the bracketed form itself is not how anyone types it
    for base in bases:
        stem = base[: -len(track_suffix)] if base.endswith(track_suffix) else base
        if stem != base and " " in stem:
            add(stem)  # "customer support"
        for part in stem.split(" and "):
            if part != stem and " " in part.strip():
                add(part)  # "data entry", "market research"
        if "-" in base:
            add(base.replace("-", " "))  # "non voice bpo"
    return tuple(forms)


def unambiguous_short_forms(roles: Iterable[tuple[str, str, str]]) -> dict[str, tuple[str, ...]]:
    """Short forms per role id from (id, name, track) triples, minus any form that two
    roles (or another role's full name) share."""
    roles = list(roles)
    derived = {role_id: role_short_forms(name, track) for role_id, name, track in roles}
    claimed = defaultdict(set)
    for role_id, name, _track in roles:
        claimed[lower_single_spaced(name)].add(role_id)
        for form in derived[role_id]:
            claimed[form].add(role_id)
    return {
        role_id: tuple(form for form in forms if claimed[form] == {role_id})
        for role_id, forms in derived.items()
    }
