"""SQLAlchemy models of the CareerPath knowledge base.

Long because it declares every knowledge-base table in one place, one class per table.

Written for SQLAlchemy 1.4 in 2.0 style (``select()``, ``Session``), so the move to 2.0
is a version bump. The tables mirror the YAML source files in ``sources/``; see
``sources/README.md`` for what each field means. ``schema.py`` holds the same tables as
typed dataclasses with the same field names, which is what the sources are read into.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import relationship

from careerpath.db.base import Base


class Track(Base):
    """BPO or KPO as a whole: the seed's track-level facts."""

    __tablename__ = "track"

    id = Column(String(16), primary_key=True)  # "BPO" / "KPO"
    name = Column(String(80), nullable=False)
    summary = Column(Text, nullable=False)
    education_summary = Column(Text, nullable=False)
    salary_level = Column(String(16), nullable=False)  # lower / higher
    growth_speed = Column(String(16), nullable=False)  # moderate / fast
    salary_growth = Column(Text, nullable=False)
    job_stability = Column(Text, nullable=False)
    long_term_scope = Column(Text, nullable=False)
    skill_focus = Column(Text, nullable=False)

    points = relationship(
        "TrackPoint",
        back_populates="track",
        order_by="TrackPoint.position",
        cascade="all, delete-orphan",
    )
    promotion_steps = relationship(
        "TrackPromotionStep",
        order_by="TrackPromotionStep.position",
        cascade="all, delete-orphan",
    )


class TrackPoint(Base):
    """One bullet of a track-level list: advantage, who_should_choose, future_scope, skill."""

    __tablename__ = "track_point"

    id = Column(Integer, primary_key=True)
    track_id = Column(ForeignKey("track.id", ondelete="CASCADE"), nullable=False)
    kind = Column(String(32), nullable=False)
    position = Column(Integer, nullable=False)
    title = Column(String(120), nullable=False)
    text = Column(Text, nullable=False)

    track = relationship("Track", back_populates="points")


class TrackPromotionStep(Base):
    __tablename__ = "track_promotion_step"

    id = Column(Integer, primary_key=True)
    track_id = Column(ForeignKey("track.id", ondelete="CASCADE"), nullable=False)
    position = Column(Integer, nullable=False)
    title = Column(String(120), nullable=False)


class Category(Base):
    """The seed's classification of role types, e.g. 'BPO by location'."""

    __tablename__ = "category"

    id = Column(String(64), primary_key=True)
    track_id = Column(ForeignKey("track.id"), nullable=False)
    name = Column(String(120), nullable=False)
    # function: a line of work someone can be hired into; attribute: *how* work is done
    # (location, communication mode, front/back office), which shapes a recommendation.
    kind = Column(String(16), nullable=False)
    position = Column(Integer, nullable=False)


class Skill(Base):
    __tablename__ = "skill"

    id = Column(String(64), primary_key=True)
    name = Column(String(120), nullable=False)
    group = Column(String(32), nullable=False)  # communication, computer, analytical, domain ...
    description = Column(Text, nullable=False)
    position = Column(Integer, nullable=False)  # order in skills.yml
    in_bpo_seed_list = Column(Boolean, nullable=False, default=False)
    in_kpo_seed_list = Column(Boolean, nullable=False, default=False)

    synonyms = relationship("SkillSynonym", cascade="all, delete-orphan")
    courses = relationship(
        "TrainingCourse", back_populates="skill", order_by="TrainingCourse.position"
    )


class SkillSynonym(Base):
    __tablename__ = "skill_synonym"
    __table_args__ = (UniqueConstraint("phrase"),)

    id = Column(Integer, primary_key=True)
    skill_id = Column(ForeignKey("skill.id", ondelete="CASCADE"), nullable=False)
    phrase = Column(String(120), nullable=False)  # lower-case, as people type it


class SkillActivity(Base):
    """Verbs and objects that show a skill when said together ("repair" + "laptop")."""

    __tablename__ = "skill_activity"

    id = Column(Integer, primary_key=True)
    skill_id = Column(ForeignKey("skill.id", ondelete="CASCADE"), nullable=False)
    position = Column(Integer, nullable=False)
    verbs = Column(Text, nullable=False)  # comma-separated single words
    objects = Column(Text, nullable=False)  # comma-separated single words


class EducationLevel(Base):
    __tablename__ = "education_level"

    id = Column(
        String(32), primary_key=True
    )  # tenth, twelfth, diploma, graduate, postgraduate, professional
    name = Column(String(80), nullable=False)
    ordinal = Column(Integer, nullable=False, unique=True)
    synonyms = relationship("EducationLevelSynonym", cascade="all, delete-orphan")


class EducationLevelSynonym(Base):
    __tablename__ = "education_level_synonym"
    __table_args__ = (UniqueConstraint("phrase"),)

    id = Column(Integer, primary_key=True)
    level_id = Column(ForeignKey("education_level.id", ondelete="CASCADE"), nullable=False)
    phrase = Column(String(120), nullable=False)


class Field(Base):
    """A field of study (commerce, law, computer science ...)."""

    __tablename__ = "field"

    id = Column(String(32), primary_key=True)
    name = Column(String(80), nullable=False)
    position = Column(Integer, nullable=False)
    synonyms = relationship("FieldSynonym", cascade="all, delete-orphan")


class FieldSynonym(Base):
    __tablename__ = "field_synonym"
    __table_args__ = (UniqueConstraint("phrase"),)

    id = Column(Integer, primary_key=True)
    field_id = Column(ForeignKey("field.id", ondelete="CASCADE"), nullable=False)
    phrase = Column(String(120), nullable=False)


class Degree(Base):
    """A named qualification (B.Com, MBA, CA ...) with its level and field."""

    __tablename__ = "degree"

    id = Column(String(32), primary_key=True)
    name = Column(String(80), nullable=False)
    level_id = Column(ForeignKey("education_level.id"), nullable=False)
    field_id = Column(ForeignKey("field.id"), nullable=True)  # None: any field (e.g. "graduate")
    position = Column(Integer, nullable=False)
    level = relationship("EducationLevel")
    field = relationship("Field")
    synonyms = relationship("DegreeSynonym", cascade="all, delete-orphan")


class DegreeSynonym(Base):
    __tablename__ = "degree_synonym"
    __table_args__ = (UniqueConstraint("phrase"),)

    id = Column(Integer, primary_key=True)
    degree_id = Column(ForeignKey("degree.id", ondelete="CASCADE"), nullable=False)
    phrase = Column(String(120), nullable=False)


class Goal(Base):
    """What a person wants from a career: quick_job, long_term_growth, high_salary ..."""

    __tablename__ = "goal"

    id = Column(String(32), primary_key=True)
    name = Column(String(80), nullable=False)
    description = Column(Text, nullable=False)
    favours_track = Column(String(16), nullable=True)  # BPO / KPO / None
    position = Column(Integer, nullable=False)
    synonyms = relationship("GoalSynonym", cascade="all, delete-orphan")


class GoalSynonym(Base):
    __tablename__ = "goal_synonym"
    __table_args__ = (UniqueConstraint("phrase"),)

    id = Column(Integer, primary_key=True)
    goal_id = Column(ForeignKey("goal.id", ondelete="CASCADE"), nullable=False)
    phrase = Column(String(120), nullable=False)


class Preference(Base):
    """A work preference: voice, non_voice, night_shift, day_shift, part_time ..."""

    __tablename__ = "preference"

    id = Column(String(32), primary_key=True)
    name = Column(String(80), nullable=False)
    position = Column(Integer, nullable=False)
    synonyms = relationship("PreferenceSynonym", cascade="all, delete-orphan")


class PreferenceSynonym(Base):
    __tablename__ = "preference_synonym"
    __table_args__ = (UniqueConstraint("phrase"),)

    id = Column(Integer, primary_key=True)
    preference_id = Column(ForeignKey("preference.id", ondelete="CASCADE"), nullable=False)
    phrase = Column(String(120), nullable=False)


class Interest(Base):
    """Something a person enjoys doing: talking to people, numbers, writing ..."""

    __tablename__ = "interest"

    id = Column(String(32), primary_key=True)
    name = Column(String(80), nullable=False)
    description = Column(Text, nullable=False)
    position = Column(Integer, nullable=False)
    synonyms = relationship("InterestSynonym", cascade="all, delete-orphan")


class InterestSynonym(Base):
    __tablename__ = "interest_synonym"
    __table_args__ = (UniqueConstraint("phrase"),)

    id = Column(Integer, primary_key=True)
    interest_id = Column(ForeignKey("interest.id", ondelete="CASCADE"), nullable=False)
    phrase = Column(String(120), nullable=False)


class RoleInterest(Base):
    """A role type that suits people with an interest (interests.yml)."""

    __tablename__ = "role_interest"

    interest_id = Column(ForeignKey("interest.id", ondelete="CASCADE"), primary_key=True)
    role_id = Column(ForeignKey("role_type.id", ondelete="CASCADE"), primary_key=True)
    position = Column(Integer, nullable=False)


class RoleType(Base):
    __tablename__ = "role_type"

    id = Column(String(64), primary_key=True)
    name = Column(String(120), nullable=False)
    track_id = Column(ForeignKey("track.id"), nullable=False)
    category_id = Column(ForeignKey("category.id"), nullable=False)
    position = Column(Integer, nullable=False)  # order within the seed's list
    description = Column(Text, nullable=False)
    min_education_id = Column(ForeignKey("education_level.id"), nullable=False)
    preferred_education_id = Column(ForeignKey("education_level.id"), nullable=False)
    any_field = Column(Boolean, nullable=False)  # True: any degree field is fine
    voice = Column(String(16), nullable=False)  # voice / non_voice / either
    customer_facing = Column(Boolean, nullable=False)
    shifts = Column(String(16), nullable=False)  # day / rotational / night / flexible
    part_time_possible = Column(Boolean, nullable=False)
    growth_speed = Column(String(16), nullable=False)
    salary_level = Column(String(16), nullable=False)
    growth_note = Column(Text, nullable=False)
    suits_goals = Column(String(200), nullable=False)  # comma-separated goal ids
    sources = Column(String(120), nullable=False)  # comma-separated seed ids

    track = relationship("Track")
    category = relationship("Category")
    min_education = relationship("EducationLevel", foreign_keys=[min_education_id])
    preferred_education = relationship("EducationLevel", foreign_keys=[preferred_education_id])
    skills = relationship("RoleSkill", cascade="all, delete-orphan", order_by="RoleSkill.position")
    fields = relationship("Field", secondary="role_field")
    entry_roles = relationship(
        "EntryRole", cascade="all, delete-orphan", order_by="EntryRole.position"
    )
    growth_path = relationship(
        "GrowthStep", cascade="all, delete-orphan", order_by="GrowthStep.position"
    )


class RoleField(Base):
    __tablename__ = "role_field"

    role_id = Column(ForeignKey("role_type.id", ondelete="CASCADE"), primary_key=True)
    field_id = Column(ForeignKey("field.id", ondelete="CASCADE"), primary_key=True)


class RoleSkill(Base):
    __tablename__ = "role_skill"

    role_id = Column(ForeignKey("role_type.id", ondelete="CASCADE"), primary_key=True)
    skill_id = Column(ForeignKey("skill.id"), primary_key=True)
    position = Column(Integer, nullable=False)
    weight = Column(Float, nullable=False)
    essential = Column(Boolean, nullable=False)
    skill = relationship("Skill")


class EntryRole(Base):
    __tablename__ = "entry_role"

    id = Column(Integer, primary_key=True)
    role_id = Column(ForeignKey("role_type.id", ondelete="CASCADE"), nullable=False)
    position = Column(Integer, nullable=False)
    title = Column(String(120), nullable=False)


class RoleAlias(Base):
    """What job ads call a role ("CSR", "back office executive"), for the role lookup."""

    __tablename__ = "role_alias"

    id = Column(Integer, primary_key=True)
    role_id = Column(ForeignKey("role_type.id", ondelete="CASCADE"), nullable=False)
    position = Column(Integer, nullable=False)
    title = Column(String(120), nullable=False)
    source = Column(String(200), nullable=False)  # where the name is used, and the year


class GrowthStep(Base):
    __tablename__ = "growth_step"

    id = Column(Integer, primary_key=True)
    role_id = Column(ForeignKey("role_type.id", ondelete="CASCADE"), nullable=False)
    position = Column(Integer, nullable=False)
    title = Column(String(120), nullable=False)
    typical_years = Column(String(32), nullable=True)  # e.g. "0-2"; None where unknown


class TrainingCourse(Base):
    __tablename__ = "training_course"

    id = Column(String(64), primary_key=True)
    skill_id = Column(ForeignKey("skill.id"), nullable=False)
    title = Column(String(160), nullable=False)
    description = Column(Text, nullable=False)
    kind = Column(String(16), nullable=False)  # generic (a learning path) / academy (a real course)
    provider = Column(String(120), nullable=True)
    duration_weeks = Column(Integer, nullable=True)
    mode = Column(String(32), nullable=True)  # online / classroom / self-study
    certification = Column(String(160), nullable=True)
    source = Column(String(200), nullable=True)  # where an outside fact comes from, with year
    position = Column(Integer, nullable=False)  # order in training.yml
    skill = relationship("Skill", back_populates="courses")


class Faq(Base):
    __tablename__ = "faq"

    id = Column(String(64), primary_key=True)
    topic = Column(String(32), nullable=False)
    question = Column(Text, nullable=False)
    answer = Column(Text, nullable=False)
    seed = Column(String(16), nullable=False)
    position = Column(Integer, nullable=False)  # order in faq.yml
    paraphrases = relationship("FaqParaphrase", cascade="all, delete-orphan")


class FaqParaphrase(Base):
    __tablename__ = "faq_paraphrase"

    id = Column(Integer, primary_key=True)
    faq_id = Column(ForeignKey("faq.id", ondelete="CASCADE"), nullable=False)
    text = Column(Text, nullable=False)


class ComparisonRow(Base):
    """One row of a BPO-vs-KPO comparison table."""

    __tablename__ = "comparison_row"

    id = Column(String(64), primary_key=True)
    position = Column(Integer, nullable=False)
    aspect = Column(String(80), nullable=False)
    bpo = Column(Text, nullable=False)
    kpo = Column(Text, nullable=False)
    seed = Column(String(16), nullable=False)


class Translation(Base):
    """One text of a knowledge-base entry in another language (``sources/<lang>/``).

    ``kind`` and ``owner_id`` name the entry (``role``, ``customer_support_bpo``); ``field``
    names the text, with list items numbered from 1 (``growth_path.2``,
    ``advantages.1.title``). An entry kept in English on purpose has one row whose field is
    ``english_only`` and whose text is the reason.
    """

    __tablename__ = "kb_translation"
    __table_args__ = (UniqueConstraint("language", "kind", "owner_id", "field"),)

    id = Column(Integer, primary_key=True)
    language = Column(String(8), nullable=False)
    kind = Column(String(32), nullable=False)
    owner_id = Column(String(64), nullable=False)
    field = Column(String(64), nullable=False)
    text = Column(Text, nullable=False)


class KnowledgeBaseMeta(Base):
    """Fingerprint of the source files the database was loaded from."""

    __tablename__ = "kb_meta"

    key = Column(String(32), primary_key=True)
    value = Column(Text, nullable=False)


# Every table the knowledge base owns. A reload (``load.load_sources``) replaces exactly
# these; tables that later migrations add for user data (profiles, reports) are never
# touched, and they should keep KB ids as plain strings rather than foreign keys, because
# a reload deletes and re-inserts these rows.
KB_TABLES = tuple(
    Base.metadata.tables[name]
    for name in (
        "track",
        "track_point",
        "track_promotion_step",
        "category",
        "skill",
        "skill_synonym",
        "skill_activity",
        "education_level",
        "education_level_synonym",
        "field",
        "field_synonym",
        "degree",
        "degree_synonym",
        "goal",
        "goal_synonym",
        "preference",
        "preference_synonym",
        "interest",
        "interest_synonym",
        "role_type",
        "role_field",
        "role_skill",
        "entry_role",
        "role_alias",
        "growth_step",
        "role_interest",
        "training_course",
        "faq",
        "faq_paraphrase",
        "comparison_row",
        "kb_translation",
        "kb_meta",
    )
)
