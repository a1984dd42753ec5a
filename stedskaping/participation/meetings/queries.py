"""What the meetings tell guards, the dashboard and the calendar, and the page lists."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from icalendar import Calendar, Event

from stedskaping import pages
from stedskaping.db import db, utcnow
from stedskaping.participation.meetings.models import (
    Meeting,
    MeetingRegistration,
    MeetingStatus,
    RegistrationStatus,
)
from stedskaping.plugins import TimelineEvent


def _held(now: datetime):
    return sa.and_(Meeting.status == MeetingStatus.SCHEDULED, Meeting.ends_dt <= now,
                   Meeting.minutes_published_dt.is_not(None))


def meetings_held(project) -> int:
    """Fact: the project's meetings that have ended and have their minutes published."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Meeting).where(
        Meeting.project_id == project.id, _held(utcnow())))


def _meetings(project) -> sa.Select:
    """By start, then id (the index on (project_id, starts_dt) serves the order)."""
    return sa.select(Meeting).where(Meeting.project_id == project.id).order_by(
        Meeting.starts_dt, Meeting.id)


def meetings_of(project) -> list[Meeting]:
    return list(db.session.scalars(_meetings(project)))


def meetings_page(project) -> pages.Page:
    """The page of the meetings list asked for, with the true total."""
    return pages.paginate(_meetings(project))


def upcoming(project, now: datetime | None = None) -> list[Meeting]:
    return list(db.session.scalars(sa.select(Meeting).where(
        Meeting.project_id == project.id, Meeting.status == MeetingStatus.SCHEDULED,
        Meeting.ends_dt > (now or utcnow())).order_by(Meeting.starts_dt, Meeting.id)))


def counts(meeting: Meeting) -> dict[str, int]:
    """{"registered", "waitlisted", "attended"} of one meeting."""
    return counts_for([meeting])[meeting.id]


def counts_for(meetings: list[Meeting]) -> dict[int, dict[str, int]]:
    """The counts of several meetings in one query: {meeting id: counts}."""
    found = {m.id: {"registered": 0, "waitlisted": 0, "attended": m.walk_in_count}
             for m in meetings}
    if not found:
        return found
    rows = db.session.execute(
        sa.select(MeetingRegistration.meeting_id, MeetingRegistration.status,
                  sa.func.count(), sa.func.count(MeetingRegistration.attended_dt))
        .where(MeetingRegistration.meeting_id.in_(list(found)))
        .group_by(MeetingRegistration.meeting_id, MeetingRegistration.status)).all()
    for meeting_id, status, n, attended in rows:
        if status in (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED):
            found[meeting_id][str(status)] = n
        found[meeting_id]["attended"] += attended
    return found


def registrations(meeting: Meeting) -> list[MeetingRegistration]:
    """Everyone who registered, seats first, then the waitlist in its order."""
    order = sa.case((MeetingRegistration.status == RegistrationStatus.REGISTERED, 0),
                    (MeetingRegistration.status == RegistrationStatus.WAITLISTED, 1), else_=2)
    return list(db.session.scalars(sa.select(MeetingRegistration).where(
        MeetingRegistration.meeting_id == meeting.id)
        .order_by(order, MeetingRegistration.queued_dt, MeetingRegistration.id)))


def attendance(project_ids: list[int]) -> dict[int, tuple[int, int]]:
    """For the dashboard: project id -> (people who came, held meetings), in two queries."""
    held = dict(db.session.execute(
        sa.select(Meeting.project_id, sa.func.count()).where(
            Meeting.project_id.in_(project_ids), _held(utcnow()))
        .group_by(Meeting.project_id)).all())
    came = sa.select(MeetingRegistration.meeting_id, sa.func.count().label("n")).where(
        MeetingRegistration.attended_dt.is_not(None)).group_by(
        MeetingRegistration.meeting_id).subquery()
    people = dict(db.session.execute(
        sa.select(Meeting.project_id,
                  sa.func.sum(Meeting.walk_in_count + sa.func.coalesce(came.c.n, 0)))
        .outerjoin(came, came.c.meeting_id == Meeting.id)
        .where(Meeting.project_id.in_(project_ids), Meeting.status == MeetingStatus.SCHEDULED)
        .group_by(Meeting.project_id)).all())
    return {pid: (int(people.get(pid) or 0), held.get(pid, 0))
            for pid in set(held) | {p for p, n in people.items() if n}}


def attendance_text(value) -> str:
    if not value:
        return "–"
    came, held = value
    return f"{came} / {held}"


def location(meeting: Meeting) -> str:
    return ", ".join(part for part in (meeting.place, meeting.online_link) if part)


def timeline_events(project) -> list[TimelineEvent]:
    """The scheduled meetings, at their times, in the project's calendar feed."""
    return [TimelineEvent(f"meeting-{m.id}", m.title, m.starts_dt.date(), None,
                          m.description or "", m.starts_dt, m.ends_dt, location(m))
            for m in meetings_of(project) if not m.is_cancelled]


def ics(meeting: Meeting, domain: str, page: str) -> bytes:
    """One meeting as an iCalendar file. A moved meeting has a higher SEQUENCE and a
    cancelled one STATUS:CANCELLED, so a calendar that imported it updates it."""
    calendar = Calendar()
    calendar.add("prodid", "-//stedskaping//meeting//NB")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"project-{meeting.project_id}-meeting-{meeting.id}@{domain}")
    event.add("dtstamp", utcnow())
    event.add("sequence", meeting.sequence)
    event.add("summary", meeting.title)
    event.add("dtstart", meeting.starts_dt)
    event.add("dtend", meeting.ends_dt)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    event.add("url", page)
    if location(meeting):
        event.add("location", location(meeting))
    if meeting.description:
        event.add("description", meeting.description)
    calendar.add_component(event)
    return calendar.to_ical()
