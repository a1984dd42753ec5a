"""Open meetings and workshops, the registrations for them and the photos after."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stedskaping.db import created, db, intpk, user_ref
from stedskaping.statuses import Moves, StatusType


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


MEETING_MOVES = Moves("Meeting", {
    None: {MeetingStatus.SCHEDULED},
    MeetingStatus.SCHEDULED: {MeetingStatus.CANCELLED},
})


class RegistrationStatus(StrEnum):
    REGISTERED = "registered"  # has a seat
    WAITLISTED = "waitlisted"  # first come, first served when a seat frees
    CANCELLED = "cancelled"  # by the person (may register again)


_R = RegistrationStatus
REGISTRATION_MOVES = Moves("Registration", {
    None: {_R.REGISTERED, _R.WAITLISTED},
    _R.WAITLISTED: {_R.REGISTERED, _R.CANCELLED},
    _R.REGISTERED: {_R.CANCELLED},
    _R.CANCELLED: {_R.REGISTERED, _R.WAITLISTED},
})


class Meeting(db.Model):
    """An open meeting of a project. Held (a fact for guards) once it has ended and its
    minutes are published. ``sequence`` counts the moves, for calendars (ICS SEQUENCE)
    and for the reminder's key, so a moved meeting is reminded of again."""

    __tablename__ = "meeting"
    __table_args__ = (sa.Index("ix_meeting_project_starts", "project_id", "starts_dt"),)

    id: Mapped[intpk]
    # A project's meeting, or (project_id empty) a session of a forum (learning.forums).
    project_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True)
    forum_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("forum.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    place: Mapped[str | None] = mapped_column(sa.String(300))
    online_link: Mapped[str | None] = mapped_column(sa.String(500))
    starts_dt: Mapped[datetime]
    ends_dt: Mapped[datetime]
    capacity: Mapped[int | None]  # None: no limit
    is_registration_open: Mapped[bool] = mapped_column(default=True)
    registration_deadline_dt: Mapped[datetime | None]
    status: Mapped[MeetingStatus] = mapped_column(
        StatusType(MeetingStatus, 20), default=MeetingStatus.SCHEDULED)
    sequence: Mapped[int] = mapped_column(default=0)
    walk_in_count: Mapped[int] = mapped_column(default=0)  # came without registering
    minutes: Mapped[str | None] = mapped_column(sa.Text)  # Markdown
    minutes_published_dt: Mapped[datetime | None]
    # Hidden by moderation (reported three times) until a facilitator restores them.
    minutes_hidden: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_by_id: Mapped[user_ref | None]
    created_dt: Mapped[created]

    photos: Mapped[list[MeetingPhoto]] = relationship(
        back_populates="meeting", order_by="MeetingPhoto.id", cascade="all, delete-orphan")

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED


class MeetingRegistration(db.Model):
    """A person's place at a meeting (or on its waitlist), with the code they show at
    the door. One row per person and meeting: registering again reuses it."""

    __tablename__ = "meeting_registration"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[intpk]
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                         index=True)
    code: Mapped[str] = mapped_column(sa.String(8), unique=True)
    status: Mapped[RegistrationStatus] = mapped_column(StatusType(RegistrationStatus, 20))
    queued_dt: Mapped[datetime]  # the place in the waitlist: first come, first served
    attended_dt: Mapped[datetime | None]
    created_dt: Mapped[created]

    meeting: Mapped[Meeting] = relationship()
    user = relationship("User")

    @property
    def has_seat(self) -> bool:
        return self.status == RegistrationStatus.REGISTERED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == RegistrationStatus.WAITLISTED


class MeetingPhoto(db.Model):
    __tablename__ = "meeting_photo"

    id: Mapped[intpk]
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    stored: Mapped[str] = mapped_column(sa.String(80))  # the name projects.files gave it
    name: Mapped[str] = mapped_column(sa.String(200))
    file_type: Mapped[str] = mapped_column(sa.String(8))
    size: Mapped[int]
    caption: Mapped[str | None] = mapped_column(sa.String(300))
    created_dt: Mapped[created]

    meeting: Mapped[Meeting] = relationship(back_populates="photos")
