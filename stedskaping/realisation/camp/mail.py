"""The camp day's real programme for the morning mail (``projects.jobs.camp_programme``):
each activity with its time, place and lead, and each shift's free places, in the
reader's language. A project with no activities that day leaves the mail to the day plan
task's text (older workflow versions plan the camp there)."""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from stedskaping.db import db
from stedskaping.formats import time_text
from stedskaping.projects.models import Project
from stedskaping.realisation.camp.days import camp_days, moment
from stedskaping.realisation.camp.queries import programme


def _lines(day) -> list[tuple]:
    """Plain rows (they outlive the job's commits): per activity, its texts and shifts."""
    return [(line.activity.title, line.activity.place, line.activity.lead_text,
             moment(day.day_on, line.activity.starts_at),
             moment(day.day_on, line.activity.ends_at),
             [(s.shift.title, moment(day.day_on, s.shift.starts_at),
               moment(day.day_on, s.shift.ends_at), s.free, s.shift.capacity)
              for s in line.shifts])
            for line in day.activities]


def _text(rows) -> str:
    out = []
    for title, place, lead, starts, ends, shifts in rows:
        head = f"{time_text(starts)}–{time_text(ends)} {title}"
        if place:
            head += f" ({place})"
        if lead:
            head += " · " + _("lead: %(name)s", name=lead)
        out.append(head)
        for name, s_starts, s_ends, free, places in shifts:
            out.append("  - " + _("%(shift)s %(start)s–%(end)s: %(free)d of %(places)d places "
                                  "free", shift=name, start=time_text(s_starts),
                                  end=time_text(s_ends), free=free, places=places))
    return "\n".join(out)


def day_programmes(project_ids: list[int], today: date) -> dict:
    """{project id: text(person)} for the projects with activities today."""
    found = {}
    for project in db.session.scalars(db.select(Project).where(Project.id.in_(project_ids))):
        days = camp_days(project)
        if today not in days:
            continue
        day = programme(project)[days.index(today)]
        if day.activities:
            found[project.id] = _render(_lines(day))
    return found


def _render(rows):
    def text(person) -> str:
        with force_locale(person.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            return _text(rows)

    return text
