"""A :class:`~careerpath.kb.catalog.Catalog` with its display texts in another language.

``Catalog.localized("hi")`` calls :func:`localized_view`: the same entries, ids, synonyms
and numbers, with names, descriptions, titles, steps, FAQ texts and comparison rows taken
from the translations the loader read from ``sources/hi/``. The loader rejects a missing
text, so a gap here is a bug and raises :class:`MissingTranslation` rather than falling
back to English; entries marked ``english_only`` in the overlay keep their English texts
on purpose. Views are made once per catalog and language.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from .schema import TRACK_POINT_KINDS
from .translation_reader import ENGLISH_ONLY

if TYPE_CHECKING:  # only for annotations: catalog.py calls this module, not the reverse
    from .catalog import Catalog

_POINT_LISTS = {kind: list_name for list_name, kind in TRACK_POINT_KINDS.items()}


class MissingTranslation(LookupError):
    """A text the loader should have required is absent (a bug, never a user's problem)."""


class _Texts:
    def __init__(self, language: str, texts: dict[tuple[str, str], dict[str, str]]):
        self.language = language
        self.texts = texts

    def of(self, kind: str, owner_id: str, field: str, english: str) -> str:
        entry = self.texts.get((kind, owner_id), {})
        if ENGLISH_ONLY in entry:
            return english
        try:
            return entry[field]
        except KeyError:
            raise MissingTranslation(
                f"{kind} '{owner_id}' has no '{self.language}' text for {field}"
            ) from None

    def items(self, kind: str, owner_id: str, field: str, english: tuple[str, ...]) -> tuple:
        return tuple(
            self.of(kind, owner_id, f"{field}.{number}", text)
            for number, text in enumerate(english, 1)
        )

    def free_list(self, kind: str, owner_id: str, field: str, english: tuple[str, ...]):
        entry = self.texts.get((kind, owner_id), {})
        if ENGLISH_ONLY in entry:
            return english
        prefix = f"{field}."
        numbered = [
            (int(key[len(prefix) :]), text) for key, text in entry.items() if key.startswith(prefix)
        ]
        return tuple(text for _, text in sorted(numbered))


def localized_view(catalog: Catalog, language: str) -> Catalog:
    views = catalog._views
    views.setdefault(catalog.language, catalog)
    if language in views:
        return views[language]
    base = views["en"]
    if language not in base.translations:
        raise KeyError(f"the knowledge base has no texts in {language!r}")
    views[language] = _translate(base, _Texts(language, base.translations[language]))
    return views[language]


def _translate(base: Catalog, t: _Texts) -> Catalog:
    return replace(
        base,
        language=t.language,
        tracks={key: _track(track, t) for key, track in base.tracks.items()},
        roles={
            role_id: replace(
                role,
                name=t.of("role", role_id, "name", role.name),
                description=t.of("role", role_id, "description", role.description),
                growth_note=t.of("role", role_id, "growth_note", role.growth_note),
                entry_roles=t.items("role", role_id, "entry_roles", role.entry_roles),
                growth_path=tuple(
                    replace(step, title=t.of("role", role_id, f"growth_path.{number}", step.title))
                    for number, step in enumerate(role.growth_path, 1)
                ),
            )
            for role_id, role in base.roles.items()
        },
        skills={
            skill_id: replace(
                skill,
                name=t.of("skill", skill_id, "name", skill.name),
                description=t.of("skill", skill_id, "description", skill.description),
            )
            for skill_id, skill in base.skills.items()
        },
        courses={
            skill_id: tuple(
                replace(
                    course,
                    title=t.of("course", course.id, "title", course.title),
                    description=t.of("course", course.id, "description", course.description),
                )
                for course in courses
            )
            for skill_id, courses in base.courses.items()
        },
        levels={
            key: replace(level, name=t.of("level", key, "name", level.name))
            for key, level in base.levels.items()
        },
        degrees={
            key: replace(degree, name=t.of("degree", key, "name", degree.name))
            for key, degree in base.degrees.items()
        },
        fields={
            key: replace(item, name=t.of("field", key, "name", item.name))
            for key, item in base.fields.items()
        },
        goals={
            key: replace(
                goal,
                name=t.of("goal", key, "name", goal.name),
                description=t.of("goal", key, "description", goal.description),
            )
            for key, goal in base.goals.items()
        },
        preferences={
            key: replace(item, name=t.of("preference", key, "name", item.name))
            for key, item in base.preferences.items()
        },
        faqs={
            key: replace(
                faq,
                question=t.of("faq", key, "question", faq.question),
                answer=t.of("faq", key, "answer", faq.answer),
                paraphrases=t.free_list("faq", key, "paraphrases", faq.paraphrases),
            )
            for key, faq in base.faqs.items()
        },
        comparison=tuple(
            replace(
                row,
                aspect=t.of("comparison", row.id, "aspect", row.aspect),
                bpo=t.of("comparison", row.id, "bpo", row.bpo),
                kpo=t.of("comparison", row.id, "kpo", row.kpo),
            )
            for row in base.comparison
        ),
        categories={
            key: replace(category, name=t.of("category", key, "name", category.name))
            for key, category in base.categories.items()
        },
        interests={
            key: replace(
                interest,
                name=t.of("interest", key, "name", interest.name),
                description=t.of("interest", key, "description", interest.description),
            )
            for key, interest in base.interests.items()
        },
    )


def _track(track, t: _Texts):
    numbers: Counter = Counter()
    points = []
    for point in track.points:
        numbers[point.kind] += 1
        field = f"{_POINT_LISTS[point.kind]}.{numbers[point.kind]}"
        points.append(
            replace(
                point,
                title=t.of("track", track.id, f"{field}.title", point.title),
                text=t.of("track", track.id, f"{field}.text", point.text),
            )
        )
    texts = {
        name: t.of("track", track.id, name, getattr(track, name))
        for name in (
            "name",
            "summary",
            "education_summary",
            "salary_growth",
            "job_stability",
            "long_term_scope",
            "skill_focus",
        )
    }
    return replace(
        track,
        **texts,
        promotion_path=t.items("track", track.id, "promotion_path", track.promotion_path),
        points=tuple(points),
    )
