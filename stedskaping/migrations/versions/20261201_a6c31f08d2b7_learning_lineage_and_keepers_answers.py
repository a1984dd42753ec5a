"""Learning: a project's origin (started from a proven project); keepers answer rounds

Revision ID: a6c31f08d2b7
Revises: 7e3b9c41a2d8
Create Date: 2026-12-01 15:35:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a6c31f08d2b7"
down_revision = "7e3b9c41a2d8"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "project_origin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("origin_id", sa.Integer(), nullable=False),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["origin_id"], ["project.id"],
                                name=op.f("fk_project_origin_origin_id_project"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_project_origin_project_id_project"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["started_by_id"], ["user.id"],
                                name=op.f("fk_project_origin_started_by_id_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_origin")),
        sa.UniqueConstraint("project_id", name=op.f("uq_project_origin_project_id")),
    )
    with op.batch_alter_table("project_origin", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_origin_origin_id"), ["origin_id"],
                              unique=False)
    with op.batch_alter_table("evaluation_answer", schema=None) as batch_op:
        batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("keeper_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_evaluation_answer_keeper_id"), ["keeper_id"],
                              unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_evaluation_answer_keeper_id_realisation_keeper"),
            "realisation_keeper", ["keeper_id"], ["id"], ondelete="CASCADE")
        batch_op.create_unique_constraint(
            batch_op.f("uq_evaluation_answer_round_id_keeper_id"), ["round_id", "keeper_id"])


def downgrade():
    op.execute("DELETE FROM evaluation_answer WHERE user_id IS NULL")
    with op.batch_alter_table("evaluation_answer", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_evaluation_answer_round_id_keeper_id"),
                                 type_="unique")
        batch_op.drop_constraint(
            batch_op.f("fk_evaluation_answer_keeper_id_realisation_keeper"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_evaluation_answer_keeper_id"))
        batch_op.drop_column("keeper_id")
        batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("project_origin", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_origin_origin_id"))
    op.drop_table("project_origin")
