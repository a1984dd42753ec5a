"""The camp days: the project's camp window (the workflow's camp stage), day by day.

Activities and shifts keep a day number (1 for the window's first day), so a re-plan that
moves the window moves the programme with it; a date is turned into a day number here, and
a date outside the window is refused.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

from stedskaping.domain import DomainError
from stedskaping.formats import date_text
from stedskaping.projects.process import workflow_for
from stedskaping.text import _l


class CampError(DomainError):
    """A change to the camp's programme, shifts or ledger that cannot be made."""


def camp_window(project):
    """The project's planned camp window (a StageWindow), or None."""
    return project.window(workflow_for(project).workflow.camp_stage)


def stages_after_camp(workflow) -> tuple[str, ...]:
    """The stages that come after the workflow's camp stage (evaluation, ...)."""
    position = workflow.stage_position(workflow.camp_stage)
    return () if position is None else tuple(s.key for s in workflow.stages[position + 1:])


def camp_is_over(project) -> bool:
    """The project has moved on past its camp (the camp was finished, perhaps before
    its last planned day): its shifts take no sign-ups or check-ins any more."""
    return project.state in stages_after_camp(workflow_for(project).workflow)


def camp_days(project) -> list[date]:
    window = camp_window(project)
    if window is None:
        return []
    return [window.starts_on + timedelta(days=n)
            for n in range((window.ends_on - window.starts_on).days + 1)]


def date_of(project, day_number: int) -> date | None:
    days = camp_days(project)
    return days[day_number - 1] if 1 <= day_number <= len(days) else None


def day_number(project, day: date | None, field: str = "day_on") -> int:
    """The camp day ``day`` is (1 to 6); a date outside the camp window is refused."""
    days = camp_days(project)
    if not days:
        raise CampError(_l("The project has no planned camp days."), field)
    if day not in days:
        raise CampError(_l("Choose a day of the camp: %(first)s to %(last)s.",
                           first=date_text(days[0], "long"), last=date_text(days[-1], "long")),
                        field)
    return days.index(day) + 1


def local_today() -> date:
    """Today in the app's time zone (the camp's days are local days)."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.now(zone).date()


def moment(day: date, at: time) -> datetime:
    """A local day and time as an aware datetime, for the pages' time formats."""
    return datetime.combine(day, at, ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))
