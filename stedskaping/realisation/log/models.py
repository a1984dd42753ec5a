"""The camp's daily log: a short note per camp day, with photos."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stedskaping.db import created, db, intpk, project_fk, user_ref


class LogEntry(db.Model):
    """The team's note of one camp day (one per day; writing again corrects it)."""

    __tablename__ = "realisation_log_entry"
    __table_args__ = (sa.UniqueConstraint("project_id", "day_on"),)

    id: Mapped[intpk]
    project_id: Mapped[project_fk]
    day_on: Mapped[date]
    note: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[user_ref | None]
    created_dt: Mapped[created]
    updated_dt: Mapped[datetime | None]

    photos: Mapped[list[LogPhoto]] = relationship(
        back_populates="entry", order_by="LogPhoto.id", cascade="all, delete-orphan")


class LogPhoto(db.Model):
    __tablename__ = "realisation_log_photo"

    id: Mapped[intpk]
    entry_id: Mapped[int] = mapped_column(
        sa.ForeignKey("realisation_log_entry.id", ondelete="CASCADE"), index=True)
    stored: Mapped[str] = mapped_column(sa.String(80))
    name: Mapped[str] = mapped_column(sa.String(200))
    file_type: Mapped[str] = mapped_column(sa.String(8))
    size: Mapped[int]
    caption: Mapped[str | None] = mapped_column(sa.String(300))
    created_dt: Mapped[created]

    entry: Mapped[LogEntry] = relationship(back_populates="photos")
