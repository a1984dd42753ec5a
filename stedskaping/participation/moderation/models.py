"""Reports of content, the moderation of each reported item, and blocked people."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stedskaping.accounts.models import User
from stedskaping.db import created, db, intpk, project_fk, user_fk, user_ref
from stedskaping.statuses import Moves, StatusType

SPAM, OFFENSIVE, DOES_NOT_BELONG, OTHER = "spam", "offensive", "does_not_belong", "other"
REASONS = (SPAM, OFFENSIVE, DOES_NOT_BELONG, OTHER)


class ModerationStatus(StrEnum):
    """A reported item: waiting (reported, still shown), hidden (by enough reports,
    until a facilitator decides), restored or confirmed (hidden for good)."""

    WAITING = "waiting"
    HIDDEN = "hidden"
    RESTORED = "restored"
    CONFIRMED = "confirmed"


MODERATION_MOVES = Moves("Moderation", {
    None: {ModerationStatus.WAITING, ModerationStatus.HIDDEN},
    ModerationStatus.WAITING: {ModerationStatus.HIDDEN, ModerationStatus.RESTORED,
                               ModerationStatus.CONFIRMED},
    ModerationStatus.HIDDEN: {ModerationStatus.RESTORED, ModerationStatus.CONFIRMED},
    # A restored item reported again waits for the facilitator again (it stays shown).
    ModerationStatus.RESTORED: {ModerationStatus.WAITING, ModerationStatus.CONFIRMED},
    ModerationStatus.CONFIRMED: {ModerationStatus.RESTORED},
})
IN_QUEUE = (ModerationStatus.WAITING, ModerationStatus.HIDDEN)


class Moderation(db.Model):
    """One reported item (a proposal, a comment, meeting minutes...): how many reported
    it, and what became of it. The row is locked while a report is counted."""

    __tablename__ = "moderation"
    __table_args__ = (sa.UniqueConstraint("kind", "item_id"),
                      sa.Index("ix_moderation_project_status", "project_id", "status"))

    id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(sa.String(32))
    item_id: Mapped[int]
    project_id: Mapped[project_fk]
    author_id: Mapped[user_ref | None]
    report_count: Mapped[int] = mapped_column(default=0)
    status: Mapped[ModerationStatus] = mapped_column(StatusType(ModerationStatus, 16),
                                                     default=ModerationStatus.WAITING)
    decided_by_id: Mapped[user_ref | None]
    decided_dt: Mapped[datetime | None]
    created_dt: Mapped[created]

    reports: Mapped[list[Report]] = relationship(back_populates="moderation",
                                                 order_by="Report.id")
    author: Mapped[User | None] = relationship(foreign_keys="Moderation.author_id")


class Report(db.Model):
    __tablename__ = "report"
    __table_args__ = (sa.UniqueConstraint("moderation_id", "reporter_id"),)

    id: Mapped[intpk]
    moderation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("moderation.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[user_fk]
    reason: Mapped[str] = mapped_column(sa.String(32))
    text: Mapped[str] = mapped_column(sa.Text, default="")
    created_dt: Mapped[created]

    moderation: Mapped[Moderation] = relationship(back_populates="reports")


class ParticipationBlock(db.Model):
    """A person a facilitator blocked from taking part in a municipality's projects
    (proposing, supporting, voting, reporting), with the written justification."""

    __tablename__ = "participation_block"
    __table_args__ = (sa.Index("ix_participation_block_user", "user_id", "municipality_id"),)

    id: Mapped[intpk]
    user_id: Mapped[user_fk]
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"))
    justification: Mapped[str] = mapped_column(sa.Text)
    blocked_by_id: Mapped[user_ref | None]
    created_dt: Mapped[created]
    lifted_dt: Mapped[datetime | None]
    lifted_by_id: Mapped[user_ref | None]

    user: Mapped[User] = relationship(foreign_keys="ParticipationBlock.user_id")


def move(moderation: Moderation, new: ModerationStatus) -> None:
    """The only place a moderation's status is written."""
    MODERATION_MOVES.check(moderation, new)
    moderation.status = new
