"""Organisations (companies, associations, landowners) that registered interest in
developing an area, and the projects a facilitator linked them to."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stedskaping.db import created, db, intpk, user_ref

KINDS = ("company", "association", "landowner", "other")

organisation_area = sa.Table(
    "organisation_area", db.metadata,
    sa.Column("organisation_id", sa.ForeignKey("organisation.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("area_id", sa.ForeignKey("place_area.id", ondelete="CASCADE"),
              primary_key=True),
)


class Organisation(db.Model):
    __tablename__ = "organisation"
    __table_args__ = (sa.Index("ix_organisation_municipality_created", "municipality_id",
                               "created_dt"),)

    id: Mapped[intpk]
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(16))
    contact_name: Mapped[str] = mapped_column(sa.String(120))
    email: Mapped[str] = mapped_column(sa.String(254))
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    offer: Mapped[str] = mapped_column(sa.Text)
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    created_dt: Mapped[created]
    invited_dt: Mapped[datetime | None]  # last invited to a forum

    areas = relationship("PlaceArea", secondary=organisation_area, order_by="PlaceArea.name")


class OrganisationProject(db.Model):
    """An organisation a facilitator linked to a project (shown to its team)."""

    __tablename__ = "organisation_project"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "project_id"),)

    id: Mapped[intpk]
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[user_ref | None]
    created_dt: Mapped[created]

    organisation: Mapped[Organisation] = relationship()
