"""Realisation: the camp's day programme, volunteer shifts and sign-ups, the ledger's grants

Revision ID: 891280ff7e7b
Revises: 7f9c1f89501e
Create Date: 2026-12-01 14:30:24.216562

"""

import sqlalchemy as sa
from alembic import op

revision = "891280ff7e7b"
down_revision = "7f9c1f89501e"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "camp_briefing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_camp_briefing_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_camp_briefing")),
        sa.UniqueConstraint("project_id", name=op.f("uq_camp_briefing_project_id")),
    )
    op.create_table(
        "camp_volunteer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_camp_volunteer_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_camp_volunteer_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_camp_volunteer")),
        sa.UniqueConstraint("code", name=op.f("uq_camp_volunteer_code")),
        sa.UniqueConstraint(
            "project_id", "user_id", name=op.f("uq_camp_volunteer_project_id_user_id")
        ),
    )
    with op.batch_alter_table("camp_volunteer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_camp_volunteer_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "ledger_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_ledger_grant_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_grant")),
    )
    with op.batch_alter_table("ledger_grant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ledger_grant_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "camp_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("day_number", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=False),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("lead_name", sa.String(length=120), nullable=True),
        sa.Column("measure_id", sa.Integer(), nullable=True),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["user.id"],
            name=op.f("fk_camp_activity_lead_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["realisation_measure.id"],
            name=op.f("fk_camp_activity_measure_id_realisation_measure"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_camp_activity_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_camp_activity")),
    )
    with op.batch_alter_table("camp_activity", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_camp_activity_measure_id"), ["measure_id"], unique=False
        )
        batch_op.create_index(
            "ix_camp_activity_project_day", ["project_id", "day_number"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_camp_activity_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "camp_shift",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("skills", sa.String(length=300), nullable=False),
        sa.Column("minimum_age", sa.Integer(), nullable=True),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("is_safety", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["camp_activity.id"],
            name=op.f("fk_camp_shift_activity_id_camp_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["user.id"], name=op.f("fk_camp_shift_lead_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_camp_shift_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_camp_shift")),
    )
    with op.batch_alter_table("camp_shift", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_camp_shift_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_camp_shift_project_id"), ["project_id"], unique=False)

    op.create_table(
        "camp_signup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("queued_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("is_walk_in", sa.Boolean(), nullable=False),
        sa.Column("is_age_confirmed", sa.Boolean(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=True),
        sa.Column("checked_in_dt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("briefing_acknowledged_dt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("worked_minutes", sa.Integer(), nullable=True),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["pledge_id"],
            ["pledge.id"],
            name=op.f("fk_camp_signup_pledge_id_pledge"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"],
            ["camp_shift.id"],
            name=op.f("fk_camp_signup_shift_id_camp_shift"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["camp_volunteer.id"],
            name=op.f("fk_camp_signup_volunteer_id_camp_volunteer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_camp_signup")),
        sa.UniqueConstraint(
            "shift_id", "volunteer_id", name=op.f("uq_camp_signup_shift_id_volunteer_id")
        ),
    )
    with op.batch_alter_table("camp_signup", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_camp_signup_shift_id"), ["shift_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_camp_signup_volunteer_id"), ["volunteer_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("camp_signup", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_camp_signup_volunteer_id"))
        batch_op.drop_index(batch_op.f("ix_camp_signup_shift_id"))

    op.drop_table("camp_signup")
    with op.batch_alter_table("camp_shift", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_camp_shift_project_id"))
        batch_op.drop_index(batch_op.f("ix_camp_shift_activity_id"))

    op.drop_table("camp_shift")
    with op.batch_alter_table("camp_activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_camp_activity_project_id"))
        batch_op.drop_index("ix_camp_activity_project_day")
        batch_op.drop_index(batch_op.f("ix_camp_activity_measure_id"))

    op.drop_table("camp_activity")
    with op.batch_alter_table("ledger_grant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_grant_project_id"))

    op.drop_table("ledger_grant")
    with op.batch_alter_table("camp_volunteer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_camp_volunteer_project_id"))

    op.drop_table("camp_volunteer")
    op.drop_table("camp_briefing")
