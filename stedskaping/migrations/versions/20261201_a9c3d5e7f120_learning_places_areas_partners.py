"""Learning: the municipality's named areas, a project's area, partner links

Revision ID: a9c3d5e7f120
Revises: 7e3b9c41a2d8
Create Date: 2026-12-01 15:45:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "a9c3d5e7f120"
down_revision = "7e3b9c41a2d8"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "place_area",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"],
                                name=op.f("fk_place_area_municipality_id_municipality"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_place_area")),
        sa.UniqueConstraint("municipality_id", "name",
                            name=op.f("uq_place_area_municipality_id_name")),
    )
    with op.batch_alter_table("place_area", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_place_area_municipality_id"), ["municipality_id"],
                              unique=False)

    op.create_table(
        "project_place",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("updated_dt", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["area_id"], ["place_area.id"],
                                name=op.f("fk_project_place_area_id_place_area"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_project_place_project_id_project"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["updated_by_id"], ["user.id"],
                                name=op.f("fk_project_place_updated_by_id_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_project_place")),
    )
    with op.batch_alter_table("project_place", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_place_area_id"), ["area_id"], unique=False)

    op.create_table(
        "project_partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("project_id < partner_id",
                           name=op.f("ck_project_partner_order")),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"],
                                name=op.f("fk_project_partner_created_by_id_user"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["partner_id"], ["project.id"],
                                name=op.f("fk_project_partner_partner_id_project"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_project_partner_project_id_project"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_partner")),
        sa.UniqueConstraint("project_id", "partner_id",
                            name=op.f("uq_project_partner_project_id_partner_id")),
    )
    with op.batch_alter_table("project_partner", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_partner_partner_id"), ["partner_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_project_partner_project_id"), ["project_id"],
                              unique=False)


def downgrade():
    op.drop_table("project_partner")
    op.drop_table("project_place")
    op.drop_table("place_area")
