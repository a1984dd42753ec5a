"""Planning the camp's day programme and the safety briefing (the team's work)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

import sqlalchemy as sa

from stedskaping.db import db, utcnow
from stedskaping.realisation.camp.days import CampError, day_number
from stedskaping.realisation.camp.models import CampActivity, CampBriefing
from stedskaping.realisation.measures.models import Measure
from stedskaping.text import _l

BRIEFING_MAX = 10_000


@dataclass(frozen=True)
class ActivityPlan:
    day_on: date | None
    starts_at: time | None
    ends_at: time | None
    title: str
    place: str = ""
    description: str = ""
    lead_id: int | None = None  # a team member
    lead_name: str | None = None  # or someone from outside, by name
    measure_id: int | None = None


def _check(project, plan: ActivityPlan) -> int:
    """The day number of a sound plan; every fault at once, on its field."""
    errors = {}
    try:
        number = day_number(project, plan.day_on)
    except CampError as error:
        errors["day_on"], number = error.message, 0
    if not plan.title.strip():
        errors["title"] = _l("Give the activity a title.")
    if plan.starts_at is None or plan.ends_at is None or plan.ends_at <= plan.starts_at:
        errors["ends_at"] = _l("The activity must end after it starts, on the same day.")
    if plan.lead_id is not None and project.member(plan.lead_id) is None:
        errors["lead_id"] = _l("Choose the lead among the project's team.")
    if plan.measure_id is not None:
        measure = db.session.get(Measure, plan.measure_id)
        if measure is None or measure.project_id != project.id:
            errors["measure_id"] = _l("Choose one of the project's measures.")
    if errors:
        raise CampError(next(iter(errors.values())), errors=errors)
    return number


def _apply(activity: CampActivity, plan: ActivityPlan, number: int) -> None:
    activity.day_number = number
    activity.starts_at, activity.ends_at = plan.starts_at, plan.ends_at
    activity.title, activity.place = plan.title.strip(), (plan.place or "").strip()
    activity.description = (plan.description or "").strip()
    activity.lead_id = plan.lead_id
    activity.lead_name = None if plan.lead_id is not None else (
        (plan.lead_name or "").strip() or None)
    activity.measure_id = plan.measure_id


def add_activity(project, actor, plan: ActivityPlan) -> CampActivity:
    """Put an activity on a camp day's programme. The day must be one of the camp
    window's days; the lead is a team member or a name; the measure, if any, the
    project's own."""
    number = _check(project, plan)
    activity = CampActivity(project_id=project.id)
    _apply(activity, plan, number)
    db.session.add(activity)
    db.session.flush()
    return activity


def change_activity(activity: CampActivity, project, actor, plan: ActivityPlan) -> None:
    """Change an activity (its shifts keep their own times). A new day moves its shifts
    with it: everyone on them is told, and the reminder follows."""
    from stedskaping.realisation.shifts.operations import moved_to_another_day

    number = _check(project, plan)
    moved = number != activity.day_number
    _apply(activity, plan, number)
    db.session.flush()
    if moved:
        moved_to_another_day(activity)


def remove_activity(activity: CampActivity, actor) -> None:
    """Take an activity off the programme. One with shifts not cancelled stays: its
    shifts are cancelled first (which tells the people on them)."""
    from stedskaping.realisation.shifts.models import CampShift, ShiftStatus

    open_shifts = db.session.scalar(sa.select(sa.func.count()).select_from(CampShift).where(
        CampShift.activity_id == activity.id, CampShift.status == ShiftStatus.SCHEDULED))
    if open_shifts:
        raise CampError(_l("The activity has shifts: cancel them first, so that the "
                           "volunteers are told."), status=409)
    db.session.delete(activity)
    db.session.flush()


def briefing_of(project) -> CampBriefing | None:
    return db.session.scalar(sa.select(CampBriefing).where(CampBriefing.project_id == project.id))


def save_briefing(project, actor, text: str) -> CampBriefing:
    """The safety briefing each volunteer acknowledges at check-in."""
    text = (text or "").strip()
    if not text:
        raise CampError(_l("Write the safety briefing."), "text")
    if len(text) > BRIEFING_MAX:
        raise CampError(_l("Keep the briefing under 10 000 characters."), "text")
    briefing = briefing_of(project) or CampBriefing(project_id=project.id)
    briefing.text, briefing.updated_dt = text, utcnow()
    db.session.add(briefing)
    db.session.flush()
    return briefing
