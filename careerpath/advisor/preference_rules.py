"""How well a role suits one stated preference, 0..1, from the role's work-style data.

``PREFERENCE_RULES`` maps a preference id of the knowledge base to its rule; a preference
without a rule does not move the score.
"""
from __future__ import annotations

from careerpath.kb.catalog import RoleInfo


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
