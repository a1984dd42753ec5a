"""The project's plan as an iCalendar feed (subscribable, with a private token)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from icalendar import Calendar, Event

from stedskaping.db import db, utcnow
from stedskaping.engine.spec import Workflow
from stedskaping.projects import events


def new_token() -> str:
    return secrets.token_urlsafe(24)


def rotate_token(project, actor) -> None:
    """Give the feed a new secret address; the old one stops working at once (for
    when the address was shared too widely)."""
    project.calendar_token = new_token()
    events.record(project, actor, "calendar_rotated")
    db.session.flush()


def _event(uid: str, summary: str, starts_on, ends_on=None, description: str = "") -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", utcnow())
    event.add("summary", summary)
    event.add("dtstart", starts_on)
    event.add("dtend", (ends_on or starts_on) + timedelta(days=1))  # all-day: end is exclusive
    if description:
        event.add("description", description)
    return event


def build(project, workflow: Workflow, tasks, lang: str, domain: str, texts,
          extra=()) -> bytes:
    """``tasks`` are the project's TaskProgress rows; ``texts`` holds translated labels;
    ``extra`` are the domains' TimelineEvents (``registry.timeline``)."""
    calendar = Calendar()
    calendar.add("prodid", "-//stedskaping//project plan//NB")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", project.title)
    for window in project.windows:
        title = workflow.state_title(window.stage_key, lang)
        calendar.add_component(_event(
            f"project-{project.id}-stage-{window.stage_key}@{domain}",
            texts["stage"].format(title=title, project=project.title),
            window.starts_on, window.ends_on))
        if window.stage_key == workflow.camp_stage:
            for day in range((window.ends_on - window.starts_on).days + 1):
                calendar.add_component(_event(
                    f"project-{project.id}-camp-day-{day + 1}@{domain}",
                    texts["camp_day"].format(n=day + 1, project=project.title),
                    window.starts_on + timedelta(days=day)))
    for task in tasks:
        spec = workflow.stage(task.stage_key).task(task.task_key)
        calendar.add_component(_event(
            f"project-{project.id}-task-{task.stage_key}-{task.task_key}@{domain}",
            texts["deadline"].format(title=spec.title.get(lang), project=project.title),
            task.due_on, description=texts["required"] if task.is_required else ""))
    for item in extra:
        calendar.add_component(_extra_event(f"project-{project.id}-{item.uid}@{domain}", item))
    return calendar.to_ical()


def _extra_event(uid: str, item) -> Event:
    """A domain's event: all day, or at its times when it has them (a meeting)."""
    if item.starts_dt is None:
        return _event(uid, item.title, item.starts_on, item.ends_on, item.description)
    event = _event(uid, item.title, item.starts_on, description=item.description)
    for key in ("dtstart", "dtend"):
        del event[key]
    event.add("dtstart", item.starts_dt)
    event.add("dtend", item.ends_dt or item.starts_dt)
    if item.location:
        event.add("location", item.location)
    return event
