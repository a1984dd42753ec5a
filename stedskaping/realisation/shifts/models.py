"""Volunteer shifts, the volunteers of a camp, and their sign-ups (seats, the waitlist,
check-in and hours)."""

from __future__ import annotations

from datetime import datetime, time
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stedskaping.db import created, db, intpk, project_fk, user_ref
from stedskaping.statuses import Moves, StatusType


class ShiftStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


SHIFT_MOVES = Moves("Shift", {
    None: {ShiftStatus.SCHEDULED},
    ShiftStatus.SCHEDULED: {ShiftStatus.CANCELLED},
})


class SignupStatus(StrEnum):
    SEATED = "seated"  # has a place on the shift
    WAITLISTED = "waitlisted"  # first come, first served when a place frees
    CANCELLED = "cancelled"  # by the person, or the shift was cancelled


_S = SignupStatus
SIGNUP_MOVES = Moves("Shift sign-up", {
    None: {_S.SEATED, _S.WAITLISTED},
    _S.WAITLISTED: {_S.SEATED, _S.CANCELLED},
    _S.SEATED: {_S.CANCELLED},
    _S.CANCELLED: {_S.SEATED, _S.WAITLISTED},
})


class CampShift(db.Model):
    """A shift of volunteers on one activity of a camp day. ``is_safety``: those on it
    (and its lead) are the day's safety leads. ``sequence`` counts the moves, for the
    reminder's key, so a moved shift is reminded of again."""

    __tablename__ = "camp_shift"

    id: Mapped[intpk]
    project_id: Mapped[project_fk]
    activity_id: Mapped[int] = mapped_column(
        sa.ForeignKey("camp_activity.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(160))
    starts_at: Mapped[time]
    ends_at: Mapped[time]
    capacity: Mapped[int]
    skills: Mapped[str] = mapped_column(sa.String(300), default="")
    minimum_age: Mapped[int | None]
    lead_id: Mapped[user_ref | None]
    is_safety: Mapped[bool] = mapped_column(default=False)
    status: Mapped[ShiftStatus] = mapped_column(StatusType(ShiftStatus, 20),
                                                default=ShiftStatus.SCHEDULED)
    sequence: Mapped[int] = mapped_column(default=0)
    created_dt: Mapped[created]

    activity = relationship("CampActivity")
    lead = relationship("User")

    @property
    def is_cancelled(self) -> bool:
        return self.status == ShiftStatus.CANCELLED

    @property
    def minutes(self) -> int:
        start = self.starts_at.hour * 60 + self.starts_at.minute
        return self.ends_at.hour * 60 + self.ends_at.minute - start


class CampVolunteer(db.Model):
    """A person who works at a project's camp: an account, or a walk-in with a name (and
    perhaps an address). ``code`` is what they show to be checked in, one per person and
    project, whatever their shifts."""

    __tablename__ = "camp_volunteer"
    __table_args__ = (sa.UniqueConstraint("project_id", "user_id"),)

    id: Mapped[intpk]
    project_id: Mapped[project_fk]
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(120))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    code: Mapped[str] = mapped_column(sa.String(8), unique=True)
    created_dt: Mapped[created]

    user = relationship("User")


class CampSignup(db.Model):
    """A volunteer's place on a shift (or on its waitlist); checked in on the day, with the
    hours worked. ``pledge_id``: the hours pledge it fulfils."""

    __tablename__ = "camp_signup"
    __table_args__ = (sa.UniqueConstraint("shift_id", "volunteer_id"),)

    id: Mapped[intpk]
    shift_id: Mapped[int] = mapped_column(sa.ForeignKey("camp_shift.id", ondelete="CASCADE"),
                                          index=True)
    volunteer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("camp_volunteer.id", ondelete="CASCADE"), index=True)
    status: Mapped[SignupStatus] = mapped_column(StatusType(SignupStatus, 20))
    queued_dt: Mapped[datetime]
    is_walk_in: Mapped[bool] = mapped_column(default=False)
    is_age_confirmed: Mapped[bool] = mapped_column(default=False)
    pledge_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("pledge.id", ondelete="SET NULL"))
    checked_in_dt: Mapped[datetime | None]
    briefing_acknowledged_dt: Mapped[datetime | None]
    worked_minutes: Mapped[int | None]
    created_dt: Mapped[created]

    shift: Mapped[CampShift] = relationship()
    volunteer: Mapped[CampVolunteer] = relationship()

    @property
    def has_seat(self) -> bool:
        return self.status == SignupStatus.SEATED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == SignupStatus.WAITLISTED
