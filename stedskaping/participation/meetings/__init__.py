"""Open meetings and workshops: registration with a waitlist, check-in codes, attendance,
minutes and photos, calendars and reminders. See docs/participation.md "Meetings"."""

from __future__ import annotations

from stedskaping.db import db
from stedskaping.engine.guards import at_least
from stedskaping.participation.meetings.models import Meeting
from stedskaping.participation.moderation import kinds
from stedskaping.plugins import Notice
from stedskaping.text import _l, mark

# The notices of meetings, rendered in the reader's language when read (``when`` is the
# meeting's start, shown in the reader's style).
MEETING_CHANGES = {
    "seat": Notice(mark.gettext("You have a seat: %(title)s"),
                   mark.gettext("A seat became free at the meeting on %(when)s, and it is "
                                "yours. Your code for the door is %(code)s.")),
    "moved": Notice(mark.gettext("Moved: %(title)s"),
                    mark.gettext("The meeting is moved to %(when)s.")),
    "cancelled": Notice(mark.gettext("Cancelled: %(title)s"),
                        mark.gettext("The meeting on %(when)s is cancelled.")),
}
MEETING_REMINDERS = {
    "tomorrow": Notice(mark.gettext("Tomorrow: %(title)s"),
                       mark.gettext("The meeting starts %(when)s. Your code for the door is "
                                    "%(code)s.")),
}


def _hide_minutes(meeting, hidden: bool) -> None:
    meeting.minutes_hidden = hidden
    db.session.flush()


def register(registry) -> None:
    from stedskaping.participation.meetings import (  # noqa: F401  (views and rules register)
        after_views,
        jobs,
        panels,
        queries,
        rules,
        views,
    )

    registry.fact("meetings_held")(queries.meetings_held)
    kinds.add(kinds.Reportable(
        "minutes", _l("Meeting minutes"), load=lambda i: db.session.get(Meeting, i),
        project_id=lambda m: m.project_id, author_id=lambda m: m.created_by_id,
        excerpt=lambda m: f"{m.title}: {m.minutes or ''}", set_hidden=_hide_minutes,
        may_see=lambda user, project, m: m.minutes_published_dt is not None,
        link=lambda m: ("participation.show_meeting",
                        {"project_id": m.project_id, "meeting_id": m.id})))
    registry.guard(
        "meeting_held", param=at_least,
        why_not=lambda f, n: _l("%(held)d of %(needed)d open meetings held with minutes "
                                "published.", held=f.get("meetings_held"), needed=n),
        why_blocked=lambda f, n: _l("%(held)d open meetings are held.",
                                    held=f.get("meetings_held")),
    )(lambda facts, n: facts.get("meetings_held") >= n)
    registry.dashboard_column("attendance", _l("Attendance"), queries.attendance,
                              queries.attendance_text)
    registry.timeline(queries.timeline_events)
    registry.panel("public", "participation/meetings/_public_panel.html", panels.public_panel)
    registry.panel("home", "participation/meetings/_home_panel.html", panels.home_panel)
    registry.job("meeting_reminders", jobs.meeting_reminders,
                 {"trigger": "interval", "minutes": 15},
                 "a reminder the day before a meeting, to those with a seat")
    registry.notification_kind("meeting_reminder", _l("Reminders the day before a meeting"),
                               notices=MEETING_REMINDERS)
    registry.notification_kind("meeting_changed",
                               _l("A meeting I registered for is moved or cancelled, or I "
                                  "get a seat from the waitlist"),
                               notices=MEETING_CHANGES)
