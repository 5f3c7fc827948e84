"""Which role types fit a work condition: "can I do BPO part time?", "which KPO jobs are
non voice?", "day shift jobs in bpo". No one role is named, so the answer lists the role
types of the named track (both when none is named) whose knowledge-base work style fits,
instead of a FAQ about something else or "I'm not sure"."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from careerpath.kb.catalog import Catalog, RoleInfo
from careerpath.wording import text

from .reply import Reply, role_details_button

# (condition, the words that ask for it, which roles meet it); checked in this order.
_CONDITIONS: tuple[tuple[str, re.Pattern[str], Callable[[RoleInfo], bool]], ...] = (
    (
        "part_time",
        re.compile(r"\bpart[\s-]*(?:time|tym|tm)\b|\bparttime\b", re.I),
        lambda role: role.part_time_possible,
    ),
    (
        "non_voice",
        re.compile(
            r"\bnon[\s-]*voice\b|\bno (?:calls?|calling)\b|\bwithout call\w*|\bbina call", re.I
        ),
        lambda role: role.voice == "non_voice",
    ),
    (
        "day",
        re.compile(r"\bday\s*(?:shifts?|time|timings?)\b|\bdin ki shift|\bmorning shifts?\b", re.I),
        lambda role: role.shifts in ("day", "flexible"),
    ),
    (
        "night",
        re.compile(r"\bnight\s*shifts?\b|\braat ki shift", re.I),
        lambda role: role.shifts in ("night", "rotational"),
    ),
)
_MOST_BUTTONS = 5
# Our sources say nothing about working from home, so that question is answered as such.
_FROM_HOME = re.compile(r"\bfrom home\b|\bwfh\b|\bremote\w*|\bghar (?:se|baithe)", re.I)


def condition_asked(message: str) -> str | None:
    """The work condition ``message`` asks about, if any."""
    for condition, words, _meets in _CONDITIONS:
        if words.search(message):
            return condition
    return None


def roles_meeting(
    message: str, tracks: Iterable[str], catalog: Catalog, shown: Catalog
) -> Reply | None:
    """The role types (of ``tracks``, or both tracks) that meet the condition ``message``
    asks about; None when it asks about none."""
    condition = condition_asked(message)
    wanted = tracks_wanted(tracks)
    track_names = " / ".join(sorted(wanted))
    if condition is None:
        if _FROM_HOME.search(message):
            return Reply(text=text("answer.from_home_no_data", track=track_names))
        return None
    meets = next(meets for name, _words, meets in _CONDITIONS if name == condition)
    fitting = jobs_in(wanted, catalog, meets)
    if not fitting:
        return Reply(text=text("answer.no_role_meets", track=track_names))
    names = ", ".join(shown.roles[role.id].name for role in fitting)
    return role_list(text(f"answer.roles_meeting.{condition}", roles=names), fitting, shown)


def tracks_wanted(tracks: Iterable[str]) -> set[str]:
    """The tracks a question names, or both when it names none."""
    return {track.upper() for track in tracks} or {"BPO", "KPO"}


def jobs_in(
    tracks: set[str], catalog: Catalog, meets: Callable[[RoleInfo], bool]
) -> list[RoleInfo]:
    """The job families of ``tracks`` that meet a test, in the knowledge base's order. The
    "how the work is done" types (onshore, front office ...) are not jobs one applies for."""
    return [
        role
        for role in catalog.roles.values()
        if role.track in tracks and role.category_kind == "function" and meets(role)
    ]


def role_list(lead: str, roles: Sequence[RoleInfo], shown: Catalog) -> Reply:
    """A list answer: what the roles have in common, then a button for each of the first."""
    buttons = [role_details_button(r.id, shown.roles[r.id].name) for r in roles[:_MOST_BUTTONS]]
    return Reply(text=f"{lead} {text('answer.ask_about_one')}", buttons=buttons)
