"""What the advisor reads off the catalog: function roles, and tracks by how easy entry is.

Tracks are data (tracks.yml), so nothing here names BPO or KPO: the *entry track* is the
one whose roles accept the lowest education (BPO in the seeds), the *further track* the one
that asks for most (KPO).
"""

from __future__ import annotations

from careerpath.kb.catalog import Catalog, RoleInfo

FUNCTION_KIND = "function"


def function_roles(catalog: Catalog, track: str | None = None) -> list[RoleInfo]:
    """Role types a person is hired into (not attribute types such as "Voice BPO"), in the
    catalog's order; only those of ``track`` when given."""
    return [
        role
        for role in catalog.roles.values()
        if role.category_kind == FUNCTION_KIND and track in (None, role.track)
    ]


def lowest_minimum(catalog: Catalog, track: str | None = None) -> str | None:
    """The lowest minimum education level among the function roles (of ``track``)."""
    minimums = [role.min_education for role in function_roles(catalog, track)]
    return min(minimums, key=catalog.level_ordinal) if minimums else None


def tracks_by_entry_level(catalog: Catalog) -> list[str]:
    """Track ids, the one that is easiest to enter first (lowest minimum education of its
    roles; BPO in the seeds), then the others in catalog order."""

    def entry_ordinal(track_id: str) -> int:
        lowest = lowest_minimum(catalog, track_id)
        return catalog.level_ordinal(lowest) if lowest else 10**6

    return sorted(catalog.tracks, key=entry_ordinal)


def entry_track(catalog: Catalog) -> str | None:
    """The track people start in: freshers welcome, any subject (BPO in the seeds)."""
    ordered = tracks_by_entry_level(catalog)
    return ordered[0] if ordered else None


def other_track(track_id: str, catalog: Catalog) -> str | None:
    return next((tid for tid in catalog.tracks if tid != track_id), None)


def further_track(catalog: Catalog) -> str | None:
    """The track that asks for the most education (KPO in the seeds)."""
    ordered = tracks_by_entry_level(catalog)
    return ordered[-1] if ordered else None
