"""Learning: evaluation rounds and their answers, the good-practice catalogue

Revision ID: 7e3b9c41a2d8
Revises: 891280ff7e7b
Create Date: 2026-12-01 14:35:21.755234

"""

import sqlalchemy as sa
from alembic import op

revision = "7e3b9c41a2d8"
down_revision = "891280ff7e7b"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "catalogue_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("theme", sa.String(length=32), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("story", sa.Text(), nullable=False),
        sa.Column("photo_stored", sa.String(length=200), nullable=True),
        sa.Column("nominated_by_id", sa.Integer(), nullable=True),
        sa.Column("nominated_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assessed_by_id", sa.Integer(), nullable=True),
        sa.Column("assessed_dt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_dt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("group_size", sa.Integer(), nullable=True),
        sa.Column("cost_amount", sa.Integer(), nullable=True),
        sa.Column("season", sa.String(length=8), nullable=True),
        sa.Column("dimensions", sa.String(length=64), nullable=False),
        sa.Column("hallmarks_met", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessed_by_id"],
            ["user.id"],
            name=op.f("fk_catalogue_entry_assessed_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_catalogue_entry_municipality_id_municipality"),
        ),
        sa.ForeignKeyConstraint(
            ["nominated_by_id"],
            ["user.id"],
            name=op.f("fk_catalogue_entry_nominated_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_catalogue_entry_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_entry")),
        sa.UniqueConstraint("project_id", name=op.f("uq_catalogue_entry_project_id")),
    )
    with op.batch_alter_table("catalogue_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalogue_entry_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index("ix_catalogue_entry_status", ["status", "published_dt"], unique=False)

    op.create_table(
        "evaluation_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("reminded_dt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_evaluation_round_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_round")),
        sa.UniqueConstraint(
            "project_id", "position", name=op.f("uq_evaluation_round_project_id_position")
        ),
    )
    with op.batch_alter_table("evaluation_round", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evaluation_round_closes_on"), ["closes_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_evaluation_round_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "catalogue_hallmark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("hallmark", sa.String(length=32), nullable=False),
        sa.Column("is_met", sa.Boolean(), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["catalogue_entry.id"],
            name=op.f("fk_catalogue_hallmark_entry_id_catalogue_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_hallmark")),
        sa.UniqueConstraint(
            "entry_id", "hallmark", name=op.f("uq_catalogue_hallmark_entry_id_hallmark")
        ),
    )
    with op.batch_alter_table("catalogue_hallmark", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalogue_hallmark_entry_id"), ["entry_id"], unique=False
        )

    op.create_table(
        "evaluation_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("in_use", sa.String(length=8), nullable=False),
        sa.Column("used_by", sa.Text(), nullable=False),
        sa.Column("condition", sa.String(length=8), nullable=False),
        sa.Column("differently", sa.Text(), nullable=False),
        sa.Column("story", sa.Text(), nullable=False),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_dt", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["evaluation_round.id"],
            name=op.f("fk_evaluation_answer_round_id_evaluation_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_evaluation_answer_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_answer")),
        sa.UniqueConstraint(
            "round_id", "user_id", name=op.f("uq_evaluation_answer_round_id_user_id")
        ),
    )
    with op.batch_alter_table("evaluation_answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evaluation_answer_round_id"), ["round_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_evaluation_answer_user_id"), ["user_id"], unique=False)

    op.create_table(
        "evaluation_survey_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("supporter_id", sa.Integer(), nullable=False),
        sa.Column("uses", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_dt", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["evaluation_round.id"],
            name=op.f("fk_evaluation_survey_answer_round_id_evaluation_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["supporter_id"],
            ["supporter.id"],
            name=op.f("fk_evaluation_survey_answer_supporter_id_supporter"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_survey_answer")),
        sa.UniqueConstraint(
            "round_id",
            "supporter_id",
            name=op.f("uq_evaluation_survey_answer_round_id_supporter_id"),
        ),
    )
    with op.batch_alter_table("evaluation_survey_answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evaluation_survey_answer_round_id"), ["round_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_evaluation_survey_answer_supporter_id"), ["supporter_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("evaluation_survey_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluation_survey_answer_supporter_id"))
        batch_op.drop_index(batch_op.f("ix_evaluation_survey_answer_round_id"))

    op.drop_table("evaluation_survey_answer")
    with op.batch_alter_table("evaluation_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluation_answer_user_id"))
        batch_op.drop_index(batch_op.f("ix_evaluation_answer_round_id"))

    op.drop_table("evaluation_answer")
    with op.batch_alter_table("catalogue_hallmark", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalogue_hallmark_entry_id"))

    op.drop_table("catalogue_hallmark")
    with op.batch_alter_table("evaluation_round", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluation_round_project_id"))
        batch_op.drop_index(batch_op.f("ix_evaluation_round_closes_on"))

    op.drop_table("evaluation_round")
    with op.batch_alter_table("catalogue_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_catalogue_entry_status")
        batch_op.drop_index(batch_op.f("ix_catalogue_entry_municipality_id"))

    op.drop_table("catalogue_entry")
