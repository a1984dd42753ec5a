"""Learning: named areas, a project's area, partner links; forums (their sessions are
meetings with a forum), open doors; interested organisations

Revision ID: a9c3d5e7f120
Revises: a6c31f08d2b7
Create Date: 2026-12-01 15:45:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "a9c3d5e7f120"
down_revision = "a6c31f08d2b7"
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


    op.create_table(
        "forum",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("themes", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["area_id"], ["place_area.id"],
                                name=op.f("fk_forum_area_id_place_area"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"],
                                name=op.f("fk_forum_created_by_id_user"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"],
                                name=op.f("fk_forum_municipality_id_municipality"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum")),
    )
    with op.batch_alter_table("forum", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_forum_area_id"), ["area_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_forum_municipality_id"), ["municipality_id"],
                              unique=False)

    op.create_table(
        "forum_open_door",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("opens_at", sa.Time(), nullable=False),
        sa.Column("closes_at", sa.Time(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["forum_id"], ["forum.id"],
                                name=op.f("fk_forum_open_door_forum_id_forum"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_open_door")),
    )
    with op.batch_alter_table("forum_open_door", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_forum_open_door_forum_id"), ["forum_id"],
                              unique=False)

    # A forum's sessions are meetings with no project.
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("forum_id", sa.Integer(), nullable=True))
        batch_op.alter_column("project_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(batch_op.f("fk_meeting_forum_id_forum"), "forum",
                                    ["forum_id"], ["id"], ondelete="CASCADE")
        batch_op.create_index(batch_op.f("ix_meeting_forum_id"), ["forum_id"], unique=False)

    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("contact_name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("offer", sa.Text(), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=True),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.Column("invited_dt", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"],
                                name=op.f("fk_organisation_municipality_id_municipality"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
    )
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.create_index("ix_organisation_municipality_created",
                              ["municipality_id", "created_dt"], unique=False)

    op.create_table(
        "organisation_area",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["area_id"], ["place_area.id"],
                                name=op.f("fk_organisation_area_area_id_place_area"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_organisation_area_organisation_id_organisation"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("organisation_id", "area_id", name=op.f("pk_organisation_area")),
    )

    op.create_table(
        "organisation_project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"],
                                name=op.f("fk_organisation_project_created_by_id_user"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_organisation_project_organisation_id_organisation"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"],
                                name=op.f("fk_organisation_project_project_id_project"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_project")),
        sa.UniqueConstraint("organisation_id", "project_id",
                            name=op.f("uq_organisation_project_organisation_id_project_id")),
    )
    with op.batch_alter_table("organisation_project", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisation_project_organisation_id"),
                              ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisation_project_project_id"), ["project_id"],
                              unique=False)


def downgrade():
    op.drop_table("organisation_project")
    op.drop_table("organisation_area")
    op.drop_table("organisation")
    op.execute("DELETE FROM meeting WHERE project_id IS NULL")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_forum_id"))
        batch_op.drop_constraint(batch_op.f("fk_meeting_forum_id_forum"), type_="foreignkey")
        batch_op.alter_column("project_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("forum_id")
    op.drop_table("forum_open_door")
    op.drop_table("forum")
    op.drop_table("project_partner")
    op.drop_table("project_place")
    op.drop_table("place_area")
