"""The camp's day programme: activities on the camp days, and the safety briefing."""

from __future__ import annotations

from datetime import datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stedskaping.db import created, db, intpk, project_fk, user_ref


class CampActivity(db.Model):
    """One item of a camp day's programme. ``day_number`` counts from the camp window's
    first day (1 to 6), so a re-planned camp takes its programme along; the times are the
    local wall-clock times of that day. The lead is a team member (``lead_id``) or a
    name (``lead_name``)."""

    __tablename__ = "camp_activity"
    __table_args__ = (sa.Index("ix_camp_activity_project_day", "project_id", "day_number"),)

    id: Mapped[intpk]
    project_id: Mapped[project_fk]
    day_number: Mapped[int]
    starts_at: Mapped[time]
    ends_at: Mapped[time]
    title: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    lead_id: Mapped[user_ref | None]
    lead_name: Mapped[str | None] = mapped_column(sa.String(120))
    measure_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("realisation_measure.id", ondelete="SET NULL"), index=True)
    created_dt: Mapped[created]

    project = relationship("Project")
    lead = relationship("User")
    measure = relationship("Measure")

    @property
    def lead_text(self) -> str:
        return self.lead.name if self.lead is not None else (self.lead_name or "")


class CampBriefing(db.Model):
    """The project's safety briefing, which each volunteer acknowledges at check-in."""

    __tablename__ = "camp_briefing"

    id: Mapped[intpk]
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"),
                                            unique=True)
    text: Mapped[str] = mapped_column(sa.Text)
    updated_dt: Mapped[datetime]
