"""The participants of a project, gathered from every part of the domain, one row per
person (by e-mail address, so a supporter without an account and the same person's
account become one)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.participation.meetings.models import (
    Meeting,
    MeetingRegistration,
    RegistrationStatus,
)
from stedskaping.participation.supporters.models import Supporter
from stedskaping.text import _l


@dataclass(frozen=True)
class Activity:
    email: str
    name: str
    what: object  # a (lazy) text: "Supported the project", "Came to: ..."
    when: datetime | None = None
    # Whether the person agreed to be contacted (then the team sees the address).
    may_contact: bool = False


@dataclass
class Participant:
    email: str
    name: str
    may_contact: bool = False
    activities: list[Activity] = field(default_factory=list)


def _supporters(project) -> list[Activity]:
    rows = db.session.scalars(sa.select(Supporter).where(
        Supporter.project_id == project.id, Supporter.confirmed_dt.is_not(None)))
    return [Activity(s.email, s.name, _l("Supports the project"), s.confirmed_dt,
                     s.wants_updates) for s in rows]


def _meetings(project) -> list[Activity]:
    from stedskaping.accounts.models import User

    rows = db.session.execute(
        sa.select(MeetingRegistration, Meeting.title, User.email, User.name)
        .join(Meeting, Meeting.id == MeetingRegistration.meeting_id)
        .join(User, User.id == MeetingRegistration.user_id)
        .where(Meeting.project_id == project.id,
               MeetingRegistration.status != RegistrationStatus.CANCELLED)).all()
    found = []
    for row, title, email, name in rows:
        if row.attended_dt is not None:
            what, when = _l("Came to: %(title)s", title=title), row.attended_dt
        elif row.status == RegistrationStatus.REGISTERED:
            what, when = _l("Registered for: %(title)s", title=title), row.queued_dt
        else:
            what, when = _l("On the waitlist for: %(title)s", title=title), row.queued_dt
        found.append(Activity(email, name, what, when))
    return found


# What each part knows about the people of a project. The proposals, the vote and the
# realisation add theirs here (``SOURCES.append(fn)`` in their ``register``).
SOURCES: list[Callable[[object], list[Activity]]] = [_supporters, _meetings]


def participants(project) -> list[Participant]:
    """Everyone who took part, by name, with what they did (newest first)."""
    people: dict[str, Participant] = {}
    for source in SOURCES:
        for item in source(project):
            key = item.email.strip().lower()
            person = people.setdefault(key, Participant(key, item.name))
            person.may_contact = person.may_contact or item.may_contact
            person.activities.append(item)
    for person in people.values():
        person.activities.sort(key=lambda a: a.when.timestamp() if a.when else 0, reverse=True)
    return sorted(people.values(), key=lambda p: p.name.lower())
