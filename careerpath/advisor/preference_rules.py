"""How well a role suits one stated preference, 0..1, from the role's work-style data.

``PREFERENCE_RULES`` maps a preference id of the knowledge base to its rule; a preference
without a rule does not move the score. ``CLASH_RULES`` say when a role goes against a
preference outright (nights for someone who wants day shifts): such a role ranks lower
and its card says so (:class:`Clash`, worded in ``explain/why.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from careerpath.kb.catalog import RoleInfo


@dataclass(frozen=True)
class Clash:
    """A role fact that goes against a stated preference, e.g. ("day_shift", "shifts", "night")."""

    preference: str  # the preference id the person stated
    fact: str  # the role's work-style fact: shifts / voice / part_time / customer_facing
    value: str  # the role's value of it, e.g. "rotational"


def _voice_rule(role: RoleInfo) -> float:
    return {"voice": 1.0, "either": 0.8}.get(role.voice, 0.0)


def _non_voice_rule(role: RoleInfo) -> float:
    return {"non_voice": 1.0, "either": 0.8}.get(role.voice, 0.0)


def _night_shift_rule(role: RoleInfo) -> float:
    # Being fine with nights widens choice; it is not a wish to avoid day work.
    return 1.0 if role.shifts in ("night", "rotational") else 0.7


def _day_shift_rule(role: RoleInfo) -> float:
    return {"day": 1.0, "flexible": 0.8, "rotational": 0.3}.get(role.shifts, 0.0)


def _domestic_rule(role: RoleInfo) -> float:
    # Domestic (onshore) processes share the customer's time zone: mostly day work.
    return {"day": 1.0, "flexible": 1.0, "rotational": 0.7}.get(role.shifts, 0.4)


def _part_time_rule(role: RoleInfo) -> float:
    return 1.0 if role.part_time_possible else 0.2


def _customer_facing_rule(role: RoleInfo) -> float:
    return 1.0 if role.customer_facing else 0.3


def _behind_the_scenes_rule(role: RoleInfo) -> float:
    return 0.3 if role.customer_facing else 1.0


PREFERENCE_RULES = {
    "voice": _voice_rule,
    "non_voice": _non_voice_rule,
    "night_shift": _night_shift_rule,
    "rotational_shift": _night_shift_rule,
    "international_process": _night_shift_rule,
    "domestic_process": _domestic_rule,
    "day_shift": _day_shift_rule,
    "part_time": _part_time_rule,
    "customer_facing": _customer_facing_rule,
    "front_office": _customer_facing_rule,
    "back_office": _behind_the_scenes_rule,
    "no_customer_contact": _behind_the_scenes_rule,
}


def _day_shift_clash(role: RoleInfo) -> tuple[str, str] | None:
    return ("shifts", role.shifts) if role.shifts in ("night", "rotational") else None


def _non_voice_clash(role: RoleInfo) -> tuple[str, str] | None:
    return ("voice", role.voice) if role.voice == "voice" else None


def _part_time_clash(role: RoleInfo) -> tuple[str, str] | None:
    return None if role.part_time_possible else ("part_time", "full_time")


def _no_contact_clash(role: RoleInfo) -> tuple[str, str] | None:
    return ("customer_facing", "customer_facing") if role.customer_facing else None


CLASH_RULES: dict[str, Callable[[RoleInfo], tuple[str, str] | None]] = {
    "day_shift": _day_shift_clash,
    "non_voice": _non_voice_clash,
    "part_time": _part_time_clash,
    "no_customer_contact": _no_contact_clash,
}


def clashes(preferences, role: RoleInfo) -> tuple[Clash, ...]:
    """The role's facts that go against any of ``preferences``, in the order stated."""
    found = []
    for preference in preferences:
        rule = CLASH_RULES.get(preference)
        fact = rule(role) if rule is not None else None
        if fact is not None:
            found.append(Clash(preference, *fact))
    return tuple(found)
