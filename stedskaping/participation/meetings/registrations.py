"""Registering for a meeting, the waitlist, and checking people in at the door.

Seats are counted and given while the meeting's row is locked (``operations.lock``),
so two registrations for the last seat, or two cancellations at once, are served one
after the other: each freed seat promotes exactly one person from the waitlist, first
come, first served.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa

from stedskaping.db import db, utcnow
from stedskaping.notifications.notify import notify
from stedskaping.participation.meetings.models import (
    REGISTRATION_MOVES,
    Meeting,
    MeetingRegistration,
    RegistrationStatus,
)
from stedskaping.participation.meetings.operations import MeetingError, lock, meeting_page
from stedskaping.text import _l

# Check-in codes: no O, I, 0 or 1, which are easily mistaken for each other at the door.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CHECK_IN_FROM = timedelta(hours=2)  # the door opens this long before the start
_R = RegistrationStatus


def new_code() -> str:
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if not db.session.scalar(sa.select(MeetingRegistration.id).where(
                MeetingRegistration.code == code)):
            return code


def clean_code(text: str) -> str:
    """What was typed at the door, as a code: capitals, without spaces and dashes."""
    return re.sub(r"[\s-]", "", text or "").upper()


def seats_taken(meeting: Meeting) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(MeetingRegistration).where(
        MeetingRegistration.meeting_id == meeting.id,
        MeetingRegistration.status == _R.REGISTERED))


def registration_of(meeting: Meeting, user) -> MeetingRegistration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(sa.select(MeetingRegistration).where(
        MeetingRegistration.meeting_id == meeting.id, MeetingRegistration.user_id == user.id))


def closed_reason(meeting: Meeting, now: datetime):
    """Why nobody can register now, or None."""
    if meeting.is_cancelled:
        return _l("The meeting is cancelled.")
    if meeting.starts_dt <= now:
        return _l("The meeting has started: registration is closed.")
    if not meeting.is_registration_open:
        return _l("This meeting takes no registrations: just come.")
    if meeting.registration_deadline_dt and meeting.registration_deadline_dt < now:
        return _l("The registration deadline has passed.")
    return None


def register(meeting: Meeting, user, now: datetime | None = None) -> MeetingRegistration:
    """A seat for ``user``, or a place on the waitlist when the meeting is full. A
    registration needs an account with a confirmed e-mail address."""
    now = now or utcnow()
    meeting = lock(meeting)
    reason = closed_reason(meeting, now)
    if reason:
        raise MeetingError(reason, status=409)
    if not user.is_confirmed:
        raise MeetingError(_l("Confirm your e-mail address before you register."))
    row = registration_of(meeting, user)
    if row is not None and row.status != _R.CANCELLED:
        raise MeetingError(_l("You are already registered for this meeting."), status=409)
    full = meeting.capacity is not None and seats_taken(meeting) >= meeting.capacity
    status = _R.WAITLISTED if full else _R.REGISTERED
    if row is None:
        row = MeetingRegistration(meeting_id=meeting.id, user_id=user.id, code=new_code())
        db.session.add(row)
    REGISTRATION_MOVES.check(row, status)
    row.status, row.queued_dt = status, now
    db.session.flush()
    return row


def cancel(meeting: Meeting, user, now: datetime | None = None) -> MeetingRegistration:
    """Give up a seat (or a place on the waitlist); a freed seat goes to the next in line."""
    now = now or utcnow()
    meeting = lock(meeting)
    if meeting.starts_dt <= now:
        raise MeetingError(_l("The meeting has started: the registration can no longer "
                              "be cancelled."), status=409)
    row = registration_of(meeting, user)
    if row is None or row.status == _R.CANCELLED:
        raise MeetingError(_l("You are not registered for this meeting."), status=409)
    db.session.refresh(row)  # as committed by whoever held the lock before us
    REGISTRATION_MOVES.check(row, _R.CANCELLED)
    row.status = _R.CANCELLED
    db.session.flush()
    if not meeting.is_cancelled:
        promote_waiting(meeting)
    return row


def promote_waiting(meeting: Meeting) -> list[MeetingRegistration]:
    """Give the free seats to the first on the waitlist and tell them. Call with the
    meeting locked."""
    free = None if meeting.capacity is None else meeting.capacity - seats_taken(meeting)
    waiting = sa.select(MeetingRegistration).where(
        MeetingRegistration.meeting_id == meeting.id, MeetingRegistration.status == _R.WAITLISTED
    ).order_by(MeetingRegistration.queued_dt, MeetingRegistration.id)
    if free is not None:
        if free <= 0:
            return []
        waiting = waiting.limit(free)
    promoted = list(db.session.scalars(waiting.execution_options(populate_existing=True)))
    page = meeting_page(meeting)
    for row in promoted:
        REGISTRATION_MOVES.check(row, _R.REGISTERED)
        row.status = _R.REGISTERED
        notify(row.user, "meeting_changed", f"meeting-seat:{row.id}:{row.queued_dt.isoformat()}",
               "seat", link=page, title=meeting.title, when=meeting.starts_dt, code=row.code)
    db.session.flush()
    return promoted


def _door_open(meeting: Meeting, now: datetime) -> None:
    if meeting.is_cancelled:
        raise MeetingError(_l("The meeting is cancelled."), status=409)
    if now < meeting.starts_dt - CHECK_IN_FROM:
        raise MeetingError(_l("Attendance can be recorded from two hours before the "
                              "meeting starts."), status=409)


def check_in(meeting: Meeting, code: str, now: datetime | None = None) -> MeetingRegistration:
    """At the door: the person with this code came."""
    now = now or utcnow()
    _door_open(meeting, now)
    code = clean_code(code)
    row = db.session.scalar(sa.select(MeetingRegistration).where(
        MeetingRegistration.meeting_id == meeting.id, MeetingRegistration.code == code))
    if row is None or len(code) != CODE_LENGTH:
        raise MeetingError(_l("No registration for this meeting has the code %(code)s.",
                              code=code[:20]), "code")
    if row.status != _R.REGISTERED:
        raise MeetingError(_l("%(name)s is not registered with a seat (on the waitlist or "
                              "cancelled).", name=row.user.name), "code")
    if row.attended_dt is None:
        row.attended_dt = now
        db.session.flush()
    return row


def record_attendance(meeting: Meeting, attended_ids: set[int], walk_ins: int,
                      now: datetime | None = None) -> int:
    """The team's list after the door: who of those with a seat came, and how many
    came without registering. Returns how many came in all."""
    now = now or utcnow()
    _door_open(meeting, now)
    if not 0 <= walk_ins <= 10_000:
        raise MeetingError(_l("Give the number who came without registering (0 to 10 000)."),
                           "walk_ins")
    rows = db.session.scalars(sa.select(MeetingRegistration).where(
        MeetingRegistration.meeting_id == meeting.id,
        MeetingRegistration.status == _R.REGISTERED)).all()
    for row in rows:
        if row.id in attended_ids:
            row.attended_dt = row.attended_dt or now
        else:
            row.attended_dt = None
    meeting.walk_in_count = walk_ins
    db.session.flush()
    return sum(1 for r in rows if r.attended_dt) + walk_ins


def remind_key(meeting_id: int, sequence: int, user_id: int) -> str:
    return f"meeting-reminder:{meeting_id}:{sequence}:{user_id}"


def remind(meeting, person) -> int:
    """The reminder the day before, once per person and meeting time."""
    made = notify(person, "meeting_reminder", remind_key(meeting.id, meeting.sequence, person.id),
                  "tomorrow", link=meeting_page(meeting),
                  title=meeting.title, when=meeting.starts_dt, code=meeting.code)
    return int(made is not None)
