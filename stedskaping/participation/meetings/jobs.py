"""The meetings' sweep: a reminder the day before, to everyone with a seat."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from stedskaping.db import db
from stedskaping.jobs import in_batches
from stedskaping.notifications.notify import recipients
from stedskaping.participation.meetings.models import (
    Meeting,
    MeetingRegistration,
    MeetingStatus,
    RegistrationStatus,
)
from stedskaping.participation.meetings.registrations import remind


def _day_in_utc(day: date) -> tuple[datetime, datetime]:
    """The local day (the app's time zone) as a UTC interval [start, end)."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    start = datetime.combine(day, time(), zone)
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)


def meeting_reminders(today: date) -> int:
    """Remind the people with a seat of a meeting that starts tomorrow. A notice's key
    holds the meeting's ``sequence``: a meeting moved to another day is reminded of
    again for its new day, and a cancelled one (not scheduled) gets none."""
    start, end = _day_in_utc(today + timedelta(days=1))
    rows = db.session.execute(
        sa.select(Meeting.id, Meeting.project_id, Meeting.forum_id, Meeting.title,
                  Meeting.starts_dt, Meeting.sequence, MeetingRegistration.user_id,
                  MeetingRegistration.code)
        .join(MeetingRegistration, MeetingRegistration.meeting_id == Meeting.id)
        .where(Meeting.status == MeetingStatus.SCHEDULED, Meeting.starts_dt >= start,
               Meeting.starts_dt < end,
               MeetingRegistration.status == RegistrationStatus.REGISTERED)
        .order_by(Meeting.id, MeetingRegistration.user_id)).all()
    people = recipients({row.user_id for row in rows})
    return in_batches(rows, lambda row: remind(row, people[row.user_id]))
