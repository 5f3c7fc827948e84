"""knowledge base tables
Long because a migration is a frozen record of one schema change: its table definitions are
written out in full and never edited later, so they cannot be shared or split off.

Tracks, categories, role types, skills, education, goals, preferences, training
courses, FAQs, the BPO/KPO comparison and the fingerprint of the loaded sources.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22

Every table of ``careerpath/kb/models.py`` is created explicitly here (a test
compares the migrated schema with the models). Later migrations (user profiles,
reports) add files next to this one with ``down_revision = "0001"``.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "comparison_row",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("aspect", sa.String(length=80), nullable=False),
        sa.Column("bpo", sa.Text(), nullable=False),
        sa.Column("kpo", sa.Text(), nullable=False),
        sa.Column("seed", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comparison_row")),
    )
    op.create_table(
        "education_level",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_education_level")),
        sa.UniqueConstraint("ordinal", name=op.f("uq_education_level_ordinal")),
    )
    op.create_table(
        "faq",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("seed", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq")),
    )
    op.create_table(
        "field",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_field")),
    )
    op.create_table(
        "goal",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("favours_track", sa.String(length=16), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal")),
    )
    op.create_table(
        "kb_meta",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_kb_meta")),
    )
    op.create_table(
        "preference",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_preference")),
    )
    op.create_table(
        "skill",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("group", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("in_bpo_seed_list", sa.Boolean(), nullable=False),
        sa.Column("in_kpo_seed_list", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill")),
    )
    op.create_table(
        "track",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("education_summary", sa.Text(), nullable=False),
        sa.Column("salary_level", sa.String(length=16), nullable=False),
        sa.Column("growth_speed", sa.String(length=16), nullable=False),
        sa.Column("salary_growth", sa.Text(), nullable=False),
        sa.Column("job_stability", sa.Text(), nullable=False),
        sa.Column("long_term_scope", sa.Text(), nullable=False),
        sa.Column("skill_focus", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_track")),
    )
    op.create_table(
        "category",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("track_id", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["track_id"], ["track.id"], name=op.f("fk_category_track_id_track")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_category")),
    )
    op.create_table(
        "degree",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("level_id", sa.String(length=32), nullable=False),
        sa.Column("field_id", sa.String(length=32), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["field_id"], ["field.id"], name=op.f("fk_degree_field_id_field")),
        sa.ForeignKeyConstraint(
            ["level_id"], ["education_level.id"], name=op.f("fk_degree_level_id_education_level")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_degree")),
    )
    op.create_table(
        "education_level_synonym",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("level_id", sa.String(length=32), nullable=False),
        sa.Column("phrase", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["level_id"],
            ["education_level.id"],
            name=op.f("fk_education_level_synonym_level_id_education_level"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_education_level_synonym")),
        sa.UniqueConstraint("phrase", name=op.f("uq_education_level_synonym_phrase")),
    )
    op.create_table(
        "faq_paraphrase",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("faq_id", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["faq_id"], ["faq.id"], name=op.f("fk_faq_paraphrase_faq_id_faq"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_paraphrase")),
    )
    op.create_table(
        "field_synonym",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("field_id", sa.String(length=32), nullable=False),
        sa.Column("phrase", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["field_id"],
            ["field.id"],
            name=op.f("fk_field_synonym_field_id_field"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_field_synonym")),
        sa.UniqueConstraint("phrase", name=op.f("uq_field_synonym_phrase")),
    )
    op.create_table(
        "goal_synonym",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.String(length=32), nullable=False),
        sa.Column("phrase", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goal.id"], name=op.f("fk_goal_synonym_goal_id_goal"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_synonym")),
        sa.UniqueConstraint("phrase", name=op.f("uq_goal_synonym_phrase")),
    )
    op.create_table(
        "preference_synonym",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("preference_id", sa.String(length=32), nullable=False),
        sa.Column("phrase", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["preference_id"],
            ["preference.id"],
            name=op.f("fk_preference_synonym_preference_id_preference"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_preference_synonym")),
        sa.UniqueConstraint("phrase", name=op.f("uq_preference_synonym_phrase")),
    )
    op.create_table(
        "skill_synonym",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.String(length=64), nullable=False),
        sa.Column("phrase", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skill.id"],
            name=op.f("fk_skill_synonym_skill_id_skill"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill_synonym")),
        sa.UniqueConstraint("phrase", name=op.f("uq_skill_synonym_phrase")),
    )
    op.create_table(
        "track_point",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("track_id", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["track_id"],
            ["track.id"],
            name=op.f("fk_track_point_track_id_track"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_track_point")),
    )
    op.create_table(
        "track_promotion_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("track_id", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["track_id"],
            ["track.id"],
            name=op.f("fk_track_promotion_step_track_id_track"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_track_promotion_step")),
    )
    op.create_table(
        "training_course",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("skill_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("provider", sa.String(length=120), nullable=True),
        sa.Column("duration_weeks", sa.Integer(), nullable=True),
        sa.Column("mode", sa.String(length=32), nullable=True),
        sa.Column("certification", sa.String(length=160), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["skill_id"], ["skill.id"], name=op.f("fk_training_course_skill_id_skill")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_course")),
    )
    op.create_table(
        "degree_synonym",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("degree_id", sa.String(length=32), nullable=False),
        sa.Column("phrase", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["degree_id"],
            ["degree.id"],
            name=op.f("fk_degree_synonym_degree_id_degree"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_degree_synonym")),
        sa.UniqueConstraint("phrase", name=op.f("uq_degree_synonym_phrase")),
    )
    op.create_table(
        "role_type",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("track_id", sa.String(length=16), nullable=False),
        sa.Column("category_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("min_education_id", sa.String(length=32), nullable=False),
        sa.Column("preferred_education_id", sa.String(length=32), nullable=False),
        sa.Column("any_field", sa.Boolean(), nullable=False),
        sa.Column("voice", sa.String(length=16), nullable=False),
        sa.Column("customer_facing", sa.Boolean(), nullable=False),
        sa.Column("shifts", sa.String(length=16), nullable=False),
        sa.Column("part_time_possible", sa.Boolean(), nullable=False),
        sa.Column("growth_speed", sa.String(length=16), nullable=False),
        sa.Column("salary_level", sa.String(length=16), nullable=False),
        sa.Column("growth_note", sa.Text(), nullable=False),
        sa.Column("suits_goals", sa.String(length=200), nullable=False),
        sa.Column("sources", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"], ["category.id"], name=op.f("fk_role_type_category_id_category")
        ),
        sa.ForeignKeyConstraint(
            ["min_education_id"],
            ["education_level.id"],
            name=op.f("fk_role_type_min_education_id_education_level"),
        ),
        sa.ForeignKeyConstraint(
            ["preferred_education_id"],
            ["education_level.id"],
            name=op.f("fk_role_type_preferred_education_id_education_level"),
        ),
        sa.ForeignKeyConstraint(
            ["track_id"], ["track.id"], name=op.f("fk_role_type_track_id_track")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_type")),
    )
    op.create_table(
        "entry_role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["role_id"],
            ["role_type.id"],
            name=op.f("fk_entry_role_role_id_role_type"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry_role")),
    )
    op.create_table(
        "growth_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("typical_years", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["role_id"],
            ["role_type.id"],
            name=op.f("fk_growth_step_role_id_role_type"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_growth_step")),
    )
    op.create_table(
        "role_field",
        sa.Column("role_id", sa.String(length=64), nullable=False),
        sa.Column("field_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["field_id"],
            ["field.id"],
            name=op.f("fk_role_field_field_id_field"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["role_id"],
            ["role_type.id"],
            name=op.f("fk_role_field_role_id_role_type"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("role_id", "field_id", name=op.f("pk_role_field")),
    )
    op.create_table(
        "role_skill",
        sa.Column("role_id", sa.String(length=64), nullable=False),
        sa.Column("skill_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("essential", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["role_id"],
            ["role_type.id"],
            name=op.f("fk_role_skill_role_id_role_type"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"], ["skill.id"], name=op.f("fk_role_skill_skill_id_skill")
        ),
        sa.PrimaryKeyConstraint("role_id", "skill_id", name=op.f("pk_role_skill")),
    )


def downgrade() -> None:
    op.drop_table("role_skill")
    op.drop_table("role_field")
    op.drop_table("growth_step")
    op.drop_table("entry_role")
    op.drop_table("role_type")
    op.drop_table("degree_synonym")
    op.drop_table("training_course")
    op.drop_table("track_promotion_step")
    op.drop_table("track_point")
    op.drop_table("skill_synonym")
    op.drop_table("preference_synonym")
    op.drop_table("goal_synonym")
    op.drop_table("field_synonym")
    op.drop_table("faq_paraphrase")
    op.drop_table("education_level_synonym")
    op.drop_table("degree")
    op.drop_table("category")
    op.drop_table("track")
    op.drop_table("skill")
    op.drop_table("preference")
    op.drop_table("kb_meta")
    op.drop_table("goal")
    op.drop_table("field")
    op.drop_table("faq")
    op.drop_table("education_level")
    op.drop_table("comparison_row")
