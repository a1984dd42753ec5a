"""Places: a municipality's named areas, the area a project lies in, and partner links
between projects. The point itself is the project's own ``latitude``/``longitude``."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stedskaping.db import created, db, intpk, user_ref


class PlaceArea(db.Model):
    """A named area of a municipality ("Sentrum", "Nordbyen"), managed by the admin or
    the municipality's facilitators."""

    __tablename__ = "place_area"
    __table_args__ = (sa.UniqueConstraint("municipality_id", "name"),)

    id: Mapped[intpk]
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    created_dt: Mapped[created]

    municipality = relationship("Municipality")


class ProjectPlace(db.Model):
    """The area a project lies in (one row per project, made when the team first saves
    its place)."""

    __tablename__ = "project_place"

    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), primary_key=True)
    area_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("place_area.id", ondelete="SET NULL"), index=True)
    updated_dt: Mapped[datetime | None]
    updated_by_id: Mapped[user_ref | None]

    area: Mapped[PlaceArea | None] = relationship()


class ProjectPartner(db.Model):
    """Two projects a facilitator linked as partners; stored once, the lower id first."""

    __tablename__ = "project_partner"
    __table_args__ = (sa.UniqueConstraint("project_id", "partner_id"),
                      sa.CheckConstraint("project_id < partner_id",
                                         name="order"))

    id: Mapped[intpk]
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[user_ref | None]
    created_dt: Mapped[created]
