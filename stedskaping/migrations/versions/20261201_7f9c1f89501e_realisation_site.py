"""Realisation, the site: permits, materials, the daily log and the handover

Revision ID: 7f9c1f89501e
Revises: e5b2c8f17a30
Create Date: 2026-12-01 14:35:24.744283

"""

import sqlalchemy as sa
from alembic import op

revision = "7f9c1f89501e"
down_revision = "e5b2c8f17a30"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "realisation_log_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("day_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_dt", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user.id"],
            name=op.f("fk_realisation_log_entry_author_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_realisation_log_entry_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_realisation_log_entry")),
        sa.UniqueConstraint(
            "project_id", "day_on", name=op.f("uq_realisation_log_entry_project_id_day_on")
        ),
    )
    with op.batch_alter_table("realisation_log_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_realisation_log_entry_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "realisation_keeper",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("is_organisation", sa.Boolean(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=True),
        sa.Column("is_permanent", sa.Boolean(), nullable=False),
        sa.Column("until_on", sa.Date(), nullable=True),
        sa.Column("warned_for_on", sa.Date(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("invited_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_dt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["realisation_measure.id"],
            name=op.f("fk_realisation_keeper_measure_id_realisation_measure"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_realisation_keeper_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_realisation_keeper")),
        sa.UniqueConstraint("measure_id", name=op.f("uq_realisation_keeper_measure_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_realisation_keeper_token_hash")),
    )
    with op.batch_alter_table("realisation_keeper", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_realisation_keeper_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "realisation_log_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("stored", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("file_type", sa.String(length=8), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("caption", sa.String(length=300), nullable=True),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["realisation_log_entry.id"],
            name=op.f("fk_realisation_log_photo_entry_id_realisation_log_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_realisation_log_photo")),
    )
    with op.batch_alter_table("realisation_log_photo", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_realisation_log_photo_entry_id"), ["entry_id"], unique=False
        )

    op.create_table(
        "realisation_permit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("grantor_kind", sa.String(length=16), nullable=False),
        sa.Column("grantor_name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("asked_on", sa.Date(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("conditions", sa.Text(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("warned_for_on", sa.Date(), nullable=True),
        sa.Column("document_stored", sa.String(length=80), nullable=True),
        sa.Column("document_name", sa.String(length=200), nullable=True),
        sa.Column("document_type", sa.String(length=8), nullable=True),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_dt", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["realisation_measure.id"],
            name=op.f("fk_realisation_permit_measure_id_realisation_measure"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_realisation_permit_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_realisation_permit")),
    )
    with op.batch_alter_table("realisation_permit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_realisation_permit_measure_id"), ["measure_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_realisation_permit_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "realisation_maintenance_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("keeper_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("rhythm", sa.String(length=16), nullable=False),
        sa.Column("next_due_on", sa.Date(), nullable=False),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["keeper_id"],
            ["realisation_keeper.id"],
            name=op.f("fk_realisation_maintenance_task_keeper_id_realisation_keeper"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_realisation_maintenance_task")),
    )
    with op.batch_alter_table("realisation_maintenance_task", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_realisation_maintenance_task_keeper_id"), ["keeper_id"], unique=False
        )

    op.create_table(
        "realisation_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("quantity", sa.String(length=80), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=True),
        sa.Column("delivery_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["realisation_measure.id"],
            name=op.f("fk_realisation_delivery_measure_id_realisation_measure"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["pledge_id"],
            ["pledge.id"],
            name=op.f("fk_realisation_delivery_pledge_id_pledge"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_realisation_delivery_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_realisation_delivery")),
        sa.UniqueConstraint("pledge_id", name=op.f("uq_realisation_delivery_pledge_id")),
    )
    with op.batch_alter_table("realisation_delivery", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_realisation_delivery_measure_id"), ["measure_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_realisation_delivery_project_id"), ["project_id"], unique=False
        )

    with op.batch_alter_table("realisation_measure", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_permit_free", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("realisation_measure", schema=None) as batch_op:
        batch_op.drop_column("is_permit_free")

    with op.batch_alter_table("realisation_delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_realisation_delivery_project_id"))
        batch_op.drop_index(batch_op.f("ix_realisation_delivery_measure_id"))

    op.drop_table("realisation_delivery")
    with op.batch_alter_table("realisation_maintenance_task", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_realisation_maintenance_task_keeper_id"))

    op.drop_table("realisation_maintenance_task")
    with op.batch_alter_table("realisation_permit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_realisation_permit_project_id"))
        batch_op.drop_index(batch_op.f("ix_realisation_permit_measure_id"))

    op.drop_table("realisation_permit")
    with op.batch_alter_table("realisation_log_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_realisation_log_photo_entry_id"))

    op.drop_table("realisation_log_photo")
    with op.batch_alter_table("realisation_keeper", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_realisation_keeper_project_id"))

    op.drop_table("realisation_keeper")
    with op.batch_alter_table("realisation_log_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_realisation_log_entry_project_id"))

    op.drop_table("realisation_log_entry")
