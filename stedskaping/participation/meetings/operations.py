"""Planning, moving and cancelling open meetings; minutes and photos after them.

Who comes is in ``registrations``. Times are aware UTC datetimes; the forms turn the
local time people type into them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from stedskaping.dates import DATE_RANGE_MESSAGE, MAX_YEAR, MIN_YEAR
from stedskaping.db import db, utcnow
from stedskaping.domain import DomainError
from stedskaping.links import link
from stedskaping.notifications.notify import notify
from stedskaping.participation.meetings.models import (
    MEETING_MOVES,
    Meeting,
    MeetingRegistration,
    MeetingStatus,
    RegistrationStatus,
)
from stedskaping.text import _l

MAX_LENGTH = timedelta(days=3)  # a workshop weekend at most
MAX_CAPACITY = 10_000
MINUTES_MAX = 20_000


class MeetingError(DomainError):
    """A change to a meeting that cannot be made, with the reason."""


@dataclass(frozen=True)
class MeetingPlan:
    title: str
    starts_dt: datetime
    ends_dt: datetime
    description: str = ""
    place: str | None = None
    online_link: str | None = None
    capacity: int | None = None
    is_registration_open: bool = True
    registration_deadline_dt: datetime | None = None


def _check(plan: MeetingPlan, now: datetime) -> None:
    errors = {}
    if not plan.title.strip():
        errors["title"] = _l("Give the meeting a title.")
    if not (plan.place or plan.online_link):
        errors["place"] = _l("Give a place, an online link or both.")
    if plan.online_link and not plan.online_link.startswith(("https://", "http://")):
        errors["online_link"] = _l("Give the online link as an address starting with https://.")
    if not all(MIN_YEAR <= t.year <= MAX_YEAR for t in (plan.starts_dt, plan.ends_dt)):
        errors["starts_dt"] = DATE_RANGE_MESSAGE
    elif plan.starts_dt < now:
        errors["starts_dt"] = _l("The meeting cannot start in the past.")
    elif not plan.starts_dt < plan.ends_dt <= plan.starts_dt + MAX_LENGTH:
        errors["ends_dt"] = _l("The meeting must end after it starts, and within three days.")
    if plan.capacity is not None and not 1 <= plan.capacity <= MAX_CAPACITY:
        errors["capacity"] = _l("Give a number of seats between 1 and 10 000, or leave it "
                                "empty for no limit.")
    deadline = plan.registration_deadline_dt
    if deadline is not None and not (now <= deadline <= plan.starts_dt):
        errors["registration_deadline_dt"] = _l(
            "The registration deadline must be between now and the start of the meeting.")
    if errors:
        field, message = next(iter(errors.items()))
        raise MeetingError(message, field, errors=errors)


def plan_meeting(project, actor, plan: MeetingPlan, now: datetime | None = None) -> Meeting:
    """A new open meeting of the project, shown on its page and in its calendar."""
    _check(plan, now or utcnow())
    meeting = Meeting(project_id=project.id, created_by_id=actor.id, **_columns(plan))
    MEETING_MOVES.check(meeting, MeetingStatus.SCHEDULED)
    meeting.status = MeetingStatus.SCHEDULED
    db.session.add(meeting)
    db.session.flush()
    return meeting


def plan_forum_session(forum, actor, plan: MeetingPlan, now: datetime | None = None) -> Meeting:
    """A session of a forum (learning.forums): a meeting with no project, registered
    for, waitlisted and given minutes as a project's meeting is."""
    _check(plan, now or utcnow())
    meeting = Meeting(project_id=None, forum_id=forum.id, created_by_id=actor.id,
                      **_columns(plan))
    MEETING_MOVES.check(meeting, MeetingStatus.SCHEDULED)
    meeting.status = MeetingStatus.SCHEDULED
    db.session.add(meeting)
    db.session.flush()
    return meeting


def meeting_page(meeting) -> str:
    """The address of a meeting's page: its forum's for a forum session."""
    if getattr(meeting, "forum_id", None):
        return link("learning.show_forum", forum_id=meeting.forum_id)
    return link("participation.show_meeting", project_id=meeting.project_id,
                meeting_id=meeting.id)


def _columns(plan: MeetingPlan) -> dict:
    return {"title": plan.title.strip(), "description": (plan.description or "").strip(),
            "place": plan.place or None, "online_link": plan.online_link or None,
            "starts_dt": plan.starts_dt, "ends_dt": plan.ends_dt, "capacity": plan.capacity,
            "is_registration_open": plan.is_registration_open,
            "registration_deadline_dt": plan.registration_deadline_dt}


def lock(meeting: Meeting) -> Meeting:
    """The meeting row, locked until the transaction ends (PostgreSQL; SQLite serialises
    writers anyway) and read afresh: seats are counted and given under this lock."""
    return db.session.scalar(sa.select(Meeting).where(Meeting.id == meeting.id)
                             .with_for_update().execution_options(populate_existing=True))


def change_meeting(meeting: Meeting, actor, plan: MeetingPlan, now: datetime | None = None):
    """Edit a meeting that has not started. A new time counts as a move: the calendars
    see a new SEQUENCE, everyone registered is told, and the reminder follows the new
    day. More seats promote people from the waitlist."""
    from stedskaping.participation.meetings.registrations import promote_waiting, seats_taken

    now = now or utcnow()
    meeting = lock(meeting)
    if meeting.is_cancelled or meeting.starts_dt <= now:
        raise MeetingError(_l("A cancelled meeting, or one that has started, cannot be "
                              "changed."), status=409)
    _check(plan, now)
    taken = seats_taken(meeting)
    if plan.capacity is not None and plan.capacity < taken:
        raise MeetingError(_l("%(n)d people already have a seat: give at least as many seats.",
                              n=taken), "capacity")
    moved = (plan.starts_dt, plan.ends_dt) != (meeting.starts_dt, meeting.ends_dt)
    for name, value in _columns(plan).items():
        setattr(meeting, name, value)
    if moved:
        meeting.sequence += 1
        _tell_everyone(meeting, "moved")
    promote_waiting(meeting)
    db.session.flush()
    return meeting


def cancel_meeting(meeting: Meeting, actor, now: datetime | None = None) -> Meeting:
    """Call the meeting off; everyone registered or waiting is told, no reminder goes."""
    meeting = lock(meeting)
    if meeting.starts_dt <= (now or utcnow()):
        raise MeetingError(_l("A meeting that has started cannot be cancelled."), status=409)
    MEETING_MOVES.check(meeting, MeetingStatus.CANCELLED)
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    _tell_everyone(meeting, "cancelled")
    db.session.flush()
    return meeting


def _tell_everyone(meeting: Meeting, what: str) -> None:
    """Tell everyone with a seat or on the waitlist that the meeting is moved or cancelled
    (``what``: the notice, "moved" or "cancelled")."""
    rows = db.session.scalars(sa.select(MeetingRegistration).where(
        MeetingRegistration.meeting_id == meeting.id,
        MeetingRegistration.status.in_((RegistrationStatus.REGISTERED,
                                        RegistrationStatus.WAITLISTED)))).all()
    page = meeting_page(meeting)
    for row in rows:
        notify(row.user, "meeting_changed", f"meeting-{what}:{meeting.id}:{meeting.sequence}:"
               f"{row.user_id}", what, link=page, title=meeting.title, when=meeting.starts_dt)


def publish_minutes(meeting: Meeting, actor, text: str, now: datetime | None = None):
    """Publish (or correct) the minutes, once the meeting has started. A meeting that has
    ended with its minutes published counts as held."""
    now = now or utcnow()
    text = (text or "").strip()
    if meeting.is_cancelled or meeting.starts_dt > now:
        raise MeetingError(_l("Minutes can be published once the meeting has started."),
                           status=409)
    if not text or len(text) > MINUTES_MAX:
        raise MeetingError(_l("Write the minutes (at most 20 000 characters)."), "minutes")
    meeting.minutes = text
    meeting.minutes_published_dt = meeting.minutes_published_dt or now
    db.session.flush()
    return meeting


def is_held(meeting: Meeting, now: datetime | None = None) -> bool:
    return (not meeting.is_cancelled and meeting.minutes_published_dt is not None
            and meeting.ends_dt <= (now or utcnow()))
