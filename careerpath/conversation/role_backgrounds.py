"""Which role types suit a background: "best KPO for commerce students", "which bpo job is
good after B.Com", "science graduates ke liye kaunsa kpo". The answer lists the role types
whose knowledge-base fields include that subject (a degree stands for its own field), instead
of a general FAQ that does not say."""

from __future__ import annotations

import re
from collections.abc import Iterable

from careerpath.kb.catalog import Catalog
from careerpath.profiling.spelling import unify_spelling
from careerpath.wording import text

from .reply import Reply
from .role_filters import jobs_in, role_list, tracks_wanted

# It asks which role suits someone ("best ... for", "good after", "ke liye kaunsa") ...
_ASKS_WHAT_SUITS = re.compile(
    r"\b(?:which|what|best|good|right|suitable|suits?|kaunsa|konsa|kaunsi|konsi|sahi|accha)\b",
    re.I,
)
# ... someone of a background ("for commerce students", "after bcom", "bsc walon ke liye").
_FOR_SOMEONE = re.compile(
    r"\b(?:for|after|ke liye|ke baad|walon|wale|students?|graduates?|grads?|background)\b", re.I
)
# Names this short are also everyday words ("me" is M.E., "it" is IT): never taken alone.
_SHORTEST_NAME = 3


def background_asked(message: str, catalog: Catalog) -> str | None:
    """The field of study a "which role suits ..." question names, if any."""
    plain = unify_spelling(message).text
    if not (_ASKS_WHAT_SUITS.search(plain) and _FOR_SOMEONE.search(plain)):
        return None
    for field_id, field in catalog.fields.items():
        if any(_says(plain, name) for name in (field.name, *field.synonyms)):
            return field_id
    for degree in catalog.degrees.values():
        if degree.field and any(_says(plain, name) for name in (degree.name, *degree.synonyms)):
            return degree.field
    return None


def roles_for_background(
    message: str, tracks: Iterable[str], catalog: Catalog, shown: Catalog
) -> Reply | None:
    """The role types (of ``tracks``, or both) that suit the background the message names."""
    if len(set(tracks)) > 1:
        return None  # "BPO or KPO for a B.Com?": the two tracks compared, not a list
    field_id = background_asked(message, catalog)
    if field_id is None or field_id not in catalog.fields:
        return None
    suited = jobs_in(tracks_wanted(tracks), catalog, lambda role: field_id in role.fields)
    if not suited:
        return None  # nothing specific: the general answer (or "not sure") follows
    field = shown.fields[field_id].name if field_id in shown.fields else field_id
    names = ", ".join(shown.roles[role.id].name for role in suited)
    return role_list(text("answer.roles_for_field", field=field, roles=names), suited, shown)


def _says(plain: str, name: str) -> bool:
    phrase = unify_spelling(name or "").text
    return (
        len(phrase) >= _SHORTEST_NAME and re.search(rf"\b{re.escape(phrase)}\b", plain) is not None
    )
