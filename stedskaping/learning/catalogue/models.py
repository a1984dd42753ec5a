"""The good-practice catalogue: a completed project nominated, its hallmarks assessed,
and, with all five met, published."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stedskaping.db import created, db, intpk, user_ref
from stedskaping.statuses import Moves, StatusType


class EntryStatus(StrEnum):
    NOMINATED = "nominated"
    ASSESSED = "assessed"    # assessed, not (yet) every hallmark met
    PUBLISHED = "published"


ENTRY_MOVES = Moves("CatalogueEntry", {
    None: {EntryStatus.NOMINATED},
    EntryStatus.NOMINATED: {EntryStatus.ASSESSED},
    EntryStatus.ASSESSED: {EntryStatus.PUBLISHED},
    EntryStatus.PUBLISHED: {EntryStatus.ASSESSED},  # a new assessment takes it down
})


class CatalogueEntry(db.Model):
    """A project's entry (one per project). The nomination gives the theme and why;
    the assessment records what the filters read that the project does not hold:
    the group's size and the season of the camp, as they were then, and the cost."""

    __tablename__ = "catalogue_entry"
    __table_args__ = (sa.Index("ix_catalogue_entry_status", "status", "published_dt"),)

    id: Mapped[intpk]
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), unique=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipality.id"), index=True)
    status: Mapped[EntryStatus] = mapped_column(StatusType(EntryStatus, 16),
                                                default=EntryStatus.NOMINATED)
    theme: Mapped[str] = mapped_column(sa.String(32))
    why: Mapped[str] = mapped_column(sa.Text)
    story: Mapped[str] = mapped_column(sa.Text, default="")
    photo_stored: Mapped[str | None] = mapped_column(sa.String(200))
    nominated_by_id: Mapped[user_ref | None]
    nominated_dt: Mapped[created]
    assessed_by_id: Mapped[user_ref | None]
    assessed_dt: Mapped[datetime | None]
    published_dt: Mapped[datetime | None]
    group_size: Mapped[int | None]
    cost_amount: Mapped[int | None]
    season: Mapped[str | None] = mapped_column(sa.String(8))
    # The dimensions the first hallmark found, as ",social,ecological," (filtered by LIKE).
    dimensions: Mapped[str] = mapped_column(sa.String(64), default="")
    hallmarks_met: Mapped[int] = mapped_column(default=0)

    project = relationship("Project")
    municipality = relationship("Municipality")
    hallmarks: Mapped[list[HallmarkAssessment]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="HallmarkAssessment.id")

    @property
    def dimension_keys(self) -> list[str]:
        return [d for d in self.dimensions.split(",") if d]


class HallmarkAssessment(db.Model):
    """One hallmark of one entry: met or not, and why (the facilitator's words)."""

    __tablename__ = "catalogue_hallmark"
    __table_args__ = (sa.UniqueConstraint("entry_id", "hallmark"),)

    id: Mapped[intpk]
    entry_id: Mapped[int] = mapped_column(
        sa.ForeignKey("catalogue_entry.id", ondelete="CASCADE"), index=True)
    hallmark: Mapped[str] = mapped_column(sa.String(32))
    is_met: Mapped[bool]
    justification: Mapped[str] = mapped_column(sa.Text)

    entry: Mapped[CatalogueEntry] = relationship(back_populates="hallmarks")


def move(entry: CatalogueEntry, new: EntryStatus) -> None:
    """The only place an entry's status is written (IllegalMove if the table forbids it)."""
    ENTRY_MOVES.check(entry, new)
    entry.status = new
