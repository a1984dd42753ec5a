"""Forums and open doors. A forum's sessions are meetings (participation.meetings) with
the forum as their owner: planned, registered for (with capacity and a waitlist) and
given notes after (the meeting's minutes) by participation's own functions. See
docs/learning.md "Forums and open doors"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from stedskaping.db import db, utcnow
from stedskaping.domain import DomainError
from stedskaping.learning.forums.models import Forum, OpenDoor
from stedskaping.learning.places.models import PlaceArea
from stedskaping.participation.meetings import operations as meetings
from stedskaping.participation.meetings import registrations
from stedskaping.participation.meetings.models import Meeting
from stedskaping.text import _l


class ForumError(DomainError):
    """A forum or its open doors refused, with the reason."""


@dataclass(frozen=True)
class ForumData:
    title: str
    themes: str = ""
    description: str = ""
    area_id: int | None = None


def _checked(municipality_id: int, data: ForumData) -> dict:
    if not data.title.strip():
        raise ForumError(_l("Give the forum a title."), "title")
    if data.area_id is not None:
        area = db.session.get(PlaceArea, data.area_id)
        if area is None or area.municipality_id != municipality_id:
            raise ForumError(_l("Choose one of the municipality's areas."), "area")
    themes = ", ".join(t.strip() for t in data.themes.split(",") if t.strip())
    return {"title": data.title.strip(), "themes": themes,
            "description": data.description.strip(), "area_id": data.area_id}


def create_forum(municipality, actor, data: ForumData) -> Forum:
    """A recurring, facilitated forum of the municipality (or one of its areas)."""
    forum = Forum(municipality_id=municipality.id, created_by_id=actor.id,
                  **_checked(municipality.id, data))
    db.session.add(forum)
    db.session.flush()
    return forum


def change_forum(forum: Forum, data: ForumData) -> None:
    """Change a forum's title, themes, description or area."""
    for key, value in _checked(forum.municipality_id, data).items():
        setattr(forum, key, value)
    db.session.flush()


def plan_session(forum: Forum, actor, plan: meetings.MeetingPlan,
                 now: datetime | None = None) -> Meeting:
    """A session of the forum: a meeting with its agenda, place and seats."""
    return meetings.plan_forum_session(forum, actor, plan, now)


def session_of(forum: Forum, meeting_id: int) -> Meeting | None:
    meeting = db.session.get(Meeting, meeting_id)
    return meeting if meeting is not None and meeting.forum_id == forum.id else None


def sign_up(meeting: Meeting, user, now: datetime | None = None):
    """A seat at a session, or a place on its waitlist (participation's registration)."""
    return registrations.register(meeting, user, now)


def withdraw(meeting: Meeting, user, now: datetime | None = None):
    """Give up the seat; the next on the waitlist gets it and is told."""
    return registrations.cancel(meeting, user, now)


def publish_notes(meeting: Meeting, actor, text: str, now: datetime | None = None):
    """The notes of a session, published on the forum's page once it has started."""
    return meetings.publish_minutes(meeting, actor, text, now)


def add_open_door(forum: Forum, weekday: int, opens_at: time, closes_at: time,
                  place: str) -> OpenDoor:
    """Weekly open doors (every ``weekday`` from ``opens_at`` to ``closes_at``)."""
    if weekday not in range(7):
        raise ForumError(_l("Choose a day of the week."), "weekday")
    if closes_at <= opens_at:
        raise ForumError(_l("The doors close after they open."), "closes_at")
    if not place.strip():
        raise ForumError(_l("Say where."), "place")
    door = OpenDoor(forum_id=forum.id, weekday=weekday, opens_at=opens_at,
                    closes_at=closes_at, place=place.strip())
    db.session.add(door)
    db.session.flush()
    return door


def remove_open_door(door: OpenDoor) -> None:
    db.session.delete(door)
    db.session.flush()


def next_open_days(door: OpenDoor, today: date, count: int = 3) -> list[date]:
    """The next ``count`` days the doors are open, from ``today``."""
    first = today + timedelta(days=(door.weekday - today.weekday()) % 7)
    return [first + timedelta(weeks=n) for n in range(count)]


def forums(municipality_id: int | None = None) -> list[Forum]:
    query = sa.select(Forum).order_by(Forum.title)
    if municipality_id is not None:
        query = query.where(Forum.municipality_id == municipality_id)
    return list(db.session.scalars(query))


def sessions(forum: Forum, now: datetime | None = None) -> tuple[list, list]:
    """(upcoming, past) sessions of the forum, the next first and the latest first."""
    now = now or utcnow()
    rows = list(db.session.scalars(sa.select(Meeting).where(Meeting.forum_id == forum.id)
                                   .order_by(Meeting.starts_dt)))
    return ([m for m in rows if m.ends_dt > now],
            [m for m in reversed(rows) if m.ends_dt <= now])
