"""Which role type or track a follow-up message is about.

"tell me more about LPO", "details of option 2", "the first one", "why not KPO?": the
role is found from the NLU entity when there is one, else from the role names and short
forms in the knowledge base, else from an ordinal that points into the list the user saw.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from careerpath.kb.catalog import Catalog

_ORDINALS = {
    "first": 1,
    "1st": 1,
    "one": 1,
    "top": 1,
    "pehla": 1,
    "pehli": 1,
    "second": 2,
    "2nd": 2,
    "two": 2,
    "dusra": 2,
    "doosra": 2,
    "dusri": 2,
    "third": 3,
    "3rd": 3,
    "three": 3,
    "teesra": 3,
    "tisra": 3,
    "teesri": 3,
    "fourth": 4,
    "4th": 4,
    "four": 4,
    "fifth": 5,
    "5th": 5,
    "five": 5,
    "sixth": 6,
    "6th": 6,
    "six": 6,
}
_NUMBERED = re.compile(r"(?:option|number|no\.?|#|role|choice)\s*#?\s*(\d{1,2})\b")
_ORDINAL_WORD = re.compile(r"\b(" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r")\b")
_TRACK = re.compile(r"\b([bk])\.?\s?p\.?\s?o\b")


def lowered_words(text: str) -> str:
    """Lower case, punctuation other than "#" and "." turned to spaces, spaces collapsed."""
    return " ".join(re.sub(r"[^\w\s#.]", " ", text.lower()).split())


def role_from_entities(entities: Iterable[dict], catalog: Catalog) -> str | None:
    for entity in entities:
        if entity.get("entity") == "role_type":
            role = role_by_name(str(entity.get("value", "")), catalog)
            if role:
                return role
    return None


def role_by_name(text: str, catalog: Catalog) -> str | None:
    """A role id when ``text`` is, or contains, a role's id, name or short form."""
    lowered = lowered_words(text)
    if not lowered:
        return None
    if lowered.replace(" ", "_") in catalog.roles:
        return lowered.replace(" ", "_")
    best, best_length = None, 0
    padded = f" {lowered} "
    for role in catalog.roles.values():
        for form in (role.name.lower(), *role.short_forms):
            form = lowered_words(form)
            if form and f" {form} " in padded and len(form) > best_length:
                best, best_length = role.id, len(form)
    return best


def role_by_position(text: str, shown: Sequence[str]) -> str | None:
    """ "option 2", "the second one" -> the second role the user was shown."""
    lowered = lowered_words(text)
    position = None
    numbered = _NUMBERED.search(lowered)
    if numbered:
        position = int(numbered.group(1))
    else:
        word = _ORDINAL_WORD.search(lowered)
        if word:
            position = _ORDINALS[word.group(1)]
    if position and 1 <= position <= len(shown):
        return shown[position - 1]
    return None


def find_role(
    text: str, entities: Iterable[dict], catalog: Catalog, shown: Sequence[str] = ()
) -> str | None:
    return (
        role_from_entities(entities, catalog)
        or role_by_name(text, catalog)
        or role_by_position(text, shown)
    )


def mentioned_tracks(text: str, entities: Iterable[dict]) -> list[str]:
    """Tracks named in the message, "BPO"/"KPO", in order of mention."""
    found: list[str] = []
    for entity in entities:
        if entity.get("entity") == "track":
            value = str(entity.get("value", "")).upper()
            if value in ("BPO", "KPO") and value not in found:
                found.append(value)
    for match in _TRACK.finditer(text.lower()):
        value = f"{match.group(1).upper()}PO"
        if value not in found:
            found.append(value)
    return found
