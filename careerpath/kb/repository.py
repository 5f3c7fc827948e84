"""Reads the knowledge base from the database into a :class:`catalog.Catalog`.

``load_catalog()`` is the one way the extractor, the advisor and the actions see the
knowledge base: read once per process and database (kept in ``cache.py``), so a
conversation turn costs no database round trip and no caller ever holds a session. A
missing or empty database is built from the sources first.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from careerpath.db.engine import database_url, get_engine, session_scope

from . import cache
from . import models as m
from .catalog import (
    Catalog,
    CategoryInfo,
    ComparisonInfo,
    CourseInfo,
    DegreeInfo,
    FaqInfo,
    GrowthStepInfo,
    InterestInfo,
    LevelInfo,
    NamedVocabulary,
    RoleInfo,
    RoleSkillInfo,
    SkillInfo,
    TrackInfo,
    TrackPointInfo,
)
from .fingerprint import stored_fingerprint
from .phrases import unambiguous_short_forms


def load_catalog(url: str | None = None) -> Catalog:
    """The knowledge base at ``url`` (default: ``DATABASE_URL``), read once per process."""
    url = url or database_url()
    return cache.cached(url, lambda: _read_or_build(url))


def clear_catalog_cache(url: str | None = None) -> None:
    """Forget the cached catalog of ``url``, or of every URL when none is given."""
    cache.forget(url)


def _read_or_build(url: str) -> Catalog:
    if not _is_loaded(url):
        # Imported here: the YAML reader and validation cost every process that only reads.
        from .load import build_database

        build_database(url)
    with session_scope(url) as session:
        return read_catalog(session)


def _is_loaded(url: str) -> bool:
    if not inspect(get_engine(url)).has_table(m.KnowledgeBaseMeta.__tablename__):
        return False
    with session_scope(url) as session:
        return stored_fingerprint(session) is not None


def _group(session: Session, column_owner, key: str, value: str, order_by) -> dict[str, tuple]:
    """{owner id: (values...)} for a child table, e.g. synonyms by skill id."""
    grouped = defaultdict(list)
    for owner, item in session.execute(
        select(getattr(column_owner, key), getattr(column_owner, value)).order_by(order_by)
    ):
        grouped[owner].append(item)
    return {owner: tuple(items) for owner, items in grouped.items()}


def read_catalog(session: Session) -> Catalog:
    """Everything in the knowledge-base tables as frozen dataclasses."""
    fingerprint = stored_fingerprint(session)
    return Catalog(
        tracks=_tracks(session),
        roles=_roles(session),
        skills=_skills(session),
        courses=_courses(session),
        levels=_levels(session),
        degrees=_degrees(session),
        fields=_vocabulary(session, m.Field, m.FieldSynonym, "field_id"),
        goals=_goals(session),
        preferences=_vocabulary(session, m.Preference, m.PreferenceSynonym, "preference_id"),
        faqs=_faqs(session),
        comparison=tuple(
            ComparisonInfo(aspect=row.aspect, bpo=row.bpo, kpo=row.kpo, seed=row.seed, id=row.id)
            for row in session.scalars(select(m.ComparisonRow).order_by(m.ComparisonRow.position))
        ),
        categories={
            category.id: CategoryInfo(
                id=category.id,
                track=category.track_id,
                name=category.name,
                kind=category.kind,
                position=category.position,
            )
            for category in session.scalars(select(m.Category).order_by(m.Category.position))
        },
        interests=_interests(session),
        fingerprint=fingerprint or "",
        translations=_translations(session),
    )


def _translations(session: Session) -> dict[str, dict[tuple[str, str], dict[str, str]]]:
    """language -> (kind, entry id) -> field -> text; see translation_reader.py."""
    by_language: dict = defaultdict(lambda: defaultdict(dict))
    for row in session.scalars(select(m.Translation).order_by(m.Translation.id)):
        by_language[row.language][row.kind, row.owner_id][row.field] = row.text
    return {language: dict(entries) for language, entries in by_language.items()}


def _tracks(session: Session) -> dict[str, TrackInfo]:
    promotion = _group(session, m.TrackPromotionStep, "track_id", "title", m.TrackPromotionStep.id)
    points = defaultdict(list)
    for point in session.scalars(select(m.TrackPoint).order_by(m.TrackPoint.id)):
        points[point.track_id].append(
            TrackPointInfo(kind=point.kind, title=point.title, text=point.text)
        )
    # Tracks in id order (BPO, KPO), sorted here: SQLite and PostgreSQL collate differently.
    tracks = sorted(session.scalars(select(m.Track)), key=lambda track: track.id)
    return {
        track.id: TrackInfo(
            id=track.id,
            name=track.name,
            summary=track.summary,
            education_summary=track.education_summary,
            salary_level=track.salary_level,
            growth_speed=track.growth_speed,
            salary_growth=track.salary_growth,
            job_stability=track.job_stability,
            long_term_scope=track.long_term_scope,
            skill_focus=track.skill_focus,
            promotion_path=promotion.get(track.id, ()),
            points=tuple(points[track.id]),
        )
        for track in tracks
    }


def _roles(session: Session) -> dict[str, RoleInfo]:
    category_kinds = dict(session.execute(select(m.Category.id, m.Category.kind)).all())
    fields = _group(session, m.RoleField, "role_id", "field_id", m.RoleField.field_id)
    entry_roles = _group(session, m.EntryRole, "role_id", "title", m.EntryRole.position)
    aliases = _group(session, m.RoleAlias, "role_id", "title", m.RoleAlias.position)
    skills = defaultdict(list)
    for row in session.scalars(
        select(m.RoleSkill).order_by(m.RoleSkill.role_id, m.RoleSkill.position)
    ):
        skills[row.role_id].append(
            RoleSkillInfo(skill_id=row.skill_id, weight=row.weight, essential=row.essential)
        )
    growth = defaultdict(list)
    for step in session.scalars(
        select(m.GrowthStep).order_by(m.GrowthStep.role_id, m.GrowthStep.position)
    ):
        growth[step.role_id].append(
            GrowthStepInfo(title=step.title, typical_years=step.typical_years)
        )

    interests = defaultdict(list)
    for interest_id, role_id in session.execute(
        select(m.RoleInterest.interest_id, m.RoleInterest.role_id)
        .join(m.Interest, m.Interest.id == m.RoleInterest.interest_id)
        .order_by(m.Interest.position)
    ):
        interests[role_id].append(interest_id)
    roles = sorted(session.scalars(select(m.RoleType)), key=lambda r: (r.track_id, r.position))
    short_forms = unambiguous_short_forms((role.id, role.name, role.track_id) for role in roles)
    return {
        role.id: RoleInfo(
            id=role.id,
            name=role.name,
            track=role.track_id,
            category_id=role.category_id,
            category_kind=category_kinds[role.category_id],
            position=role.position,
            description=role.description,
            min_education=role.min_education_id,
            preferred_education=role.preferred_education_id,
            any_field=role.any_field,
            fields=fields.get(role.id, ()),
            voice=role.voice,
            customer_facing=role.customer_facing,
            shifts=role.shifts,
            part_time_possible=role.part_time_possible,
            growth_speed=role.growth_speed,
            salary_level=role.salary_level,
            growth_note=role.growth_note,
            suits_goals=_split(role.suits_goals),
            skills=tuple(skills[role.id]),
            entry_roles=entry_roles.get(role.id, ()),
            growth_path=tuple(growth[role.id]),
            sources=_split(role.sources),
            short_forms=short_forms[role.id],
            suits_interests=tuple(interests[role.id]),
            aliases=aliases.get(role.id, ()),
        )
        for role in roles
    }


def _split(joined: str) -> tuple:
    return tuple(item for item in joined.split(",") if item)


def _skills(session: Session) -> dict[str, SkillInfo]:
    synonyms = _group(session, m.SkillSynonym, "skill_id", "phrase", m.SkillSynonym.id)
    activities = defaultdict(list)
    for row in session.scalars(
        select(m.SkillActivity).order_by(m.SkillActivity.skill_id, m.SkillActivity.position)
    ):
        activities[row.skill_id].append((_split(row.verbs), _split(row.objects)))
    return {
        skill.id: SkillInfo(
            id=skill.id,
            name=skill.name,
            group=skill.group,
            description=skill.description,
            synonyms=synonyms.get(skill.id, ()),
            in_bpo_seed_list=skill.in_bpo_seed_list,
            in_kpo_seed_list=skill.in_kpo_seed_list,
            activities=tuple(activities[skill.id]),
        )
        for skill in session.scalars(select(m.Skill).order_by(m.Skill.position))
    }


def _courses(session: Session) -> dict[str, tuple]:
    """Courses by skill id: an academy's own courses first, then generic learning paths."""
    by_skill = defaultdict(list)
    courses = session.scalars(select(m.TrainingCourse).order_by(m.TrainingCourse.position))
    for course in sorted(courses, key=lambda c: (c.kind != "academy", c.position)):
        by_skill[course.skill_id].append(
            CourseInfo(
                id=course.id,
                skill_id=course.skill_id,
                title=course.title,
                description=course.description,
                kind=course.kind,
                provider=course.provider,
                duration_weeks=course.duration_weeks,
                mode=course.mode,
                certification=course.certification,
                source=course.source,
            )
        )
    return {skill_id: tuple(items) for skill_id, items in by_skill.items()}


def _levels(session: Session) -> dict[str, LevelInfo]:
    synonyms = _group(
        session, m.EducationLevelSynonym, "level_id", "phrase", m.EducationLevelSynonym.id
    )
    return {
        level.id: LevelInfo(
            id=level.id, name=level.name, ordinal=level.ordinal, synonyms=synonyms.get(level.id, ())
        )
        for level in session.scalars(select(m.EducationLevel).order_by(m.EducationLevel.ordinal))
    }


def _degrees(session: Session) -> dict[str, DegreeInfo]:
    synonyms = _group(session, m.DegreeSynonym, "degree_id", "phrase", m.DegreeSynonym.id)
    return {
        degree.id: DegreeInfo(
            id=degree.id,
            name=degree.name,
            level=degree.level_id,
            field=degree.field_id,
            synonyms=synonyms.get(degree.id, ()),
        )
        for degree in session.scalars(select(m.Degree).order_by(m.Degree.position))
    }


def _vocabulary(
    session: Session, model, synonym_model, owner_key: str
) -> dict[str, NamedVocabulary]:
    synonyms = _group(session, synonym_model, owner_key, "phrase", synonym_model.id)
    return {
        item.id: NamedVocabulary(id=item.id, name=item.name, synonyms=synonyms.get(item.id, ()))
        for item in session.scalars(select(model).order_by(model.position))
    }


def _goals(session: Session) -> dict[str, NamedVocabulary]:
    synonyms = _group(session, m.GoalSynonym, "goal_id", "phrase", m.GoalSynonym.id)
    return {
        goal.id: NamedVocabulary(
            id=goal.id,
            name=goal.name,
            synonyms=synonyms.get(goal.id, ()),
            description=goal.description,
            favours_track=goal.favours_track,
        )
        for goal in session.scalars(select(m.Goal).order_by(m.Goal.position))
    }


def _interests(session: Session) -> dict[str, InterestInfo]:
    synonyms = _group(session, m.InterestSynonym, "interest_id", "phrase", m.InterestSynonym.id)
    roles = _group(session, m.RoleInterest, "interest_id", "role_id", m.RoleInterest.position)
    return {
        interest.id: InterestInfo(
            id=interest.id,
            name=interest.name,
            description=interest.description,
            synonyms=synonyms.get(interest.id, ()),
            roles=roles.get(interest.id, ()),
        )
        for interest in session.scalars(select(m.Interest).order_by(m.Interest.position))
    }


def _faqs(session: Session) -> dict[str, FaqInfo]:
    paraphrases = _group(session, m.FaqParaphrase, "faq_id", "text", m.FaqParaphrase.id)
    return {
        faq.id: FaqInfo(
            id=faq.id,
            topic=faq.topic,
            question=faq.question,
            answer=faq.answer,
            seed=faq.seed,
            paraphrases=paraphrases.get(faq.id, ()),
        )
        for faq in session.scalars(select(m.Faq).order_by(m.Faq.position))
    }
