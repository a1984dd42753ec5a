"""The handover: who keeps each built measure afterwards, and the upkeep it needs."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stedskaping.db import created, db, intpk, project_fk
from stedskaping.realisation.measures.models import Measure

# How often a maintenance task falls due: (key, days between).
RHYTHMS = {"weekly": 7, "monthly": 30, "quarterly": 91, "spring": 365, "autumn": 365,
           "yearly": 365}


class Keeper(db.Model):
    """The person or organisation that owns, operates and maintains a measure. They
    confirm by the link in their invitation (``token_hash``, the link's secret hashed);
    ``until_on`` is set when the measure is temporary."""

    __tablename__ = "realisation_keeper"

    id: Mapped[intpk]
    project_id: Mapped[project_fk]
    measure_id: Mapped[int] = mapped_column(
        sa.ForeignKey("realisation_measure.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    is_organisation: Mapped[bool] = mapped_column(default=False)
    email: Mapped[str] = mapped_column(sa.String(254))
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    is_permanent: Mapped[bool] = mapped_column(default=True)
    until_on: Mapped[date | None]
    warned_for_on: Mapped[date | None]  # the end the last warning was about
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    invited_dt: Mapped[datetime]
    confirmed_dt: Mapped[datetime | None]
    created_dt: Mapped[created]

    measure: Mapped[Measure] = relationship()
    tasks: Mapped[list[MaintenanceTask]] = relationship(
        back_populates="keeper", order_by="MaintenanceTask.id", cascade="all, delete-orphan")


class MaintenanceTask(db.Model):
    """A recurring task of the keeper (water the beds weekly, oil the bench each spring).
    ``next_due_on`` moves on by the rhythm each time the reminder goes."""

    __tablename__ = "realisation_maintenance_task"

    id: Mapped[intpk]
    keeper_id: Mapped[int] = mapped_column(
        sa.ForeignKey("realisation_keeper.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    rhythm: Mapped[str] = mapped_column(sa.String(16))
    next_due_on: Mapped[date]
    created_dt: Mapped[created]

    keeper: Mapped[Keeper] = relationship(back_populates="tasks")
