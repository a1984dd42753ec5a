"""The camp's programme as the pages and the morning mail show it: each day's activities
with their shifts and free places, the safety rule per day, and the hours worked. A fixed
number of queries, whatever the number of days, activities or volunteers."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from stedskaping.db import db
from stedskaping.realisation.camp.days import camp_days
from stedskaping.realisation.camp.models import CampActivity
from stedskaping.realisation.shifts.models import (
    CampShift,
    CampSignup,
    CampVolunteer,
    ShiftStatus,
    SignupStatus,
)


def missing_materials(project_id: int, last_day) -> dict[int, list]:
    """{measure id: its materials not delivered (marked missing, or due by the camp's last
    day)}, from the materials part; each activity shows those due by its own day."""
    from stedskaping.realisation.materials.queries import missing_for_measures

    return missing_for_measures(project_id, last_day) if last_day else {}


def _missing_by(items: list, day) -> list:
    from stedskaping.realisation.materials.models import DeliveryStatus

    return [i for i in items
            if i.status == DeliveryStatus.MISSING or (i.delivery_on and i.delivery_on <= day)]


@dataclass
class ShiftLine:
    shift: CampShift
    seated: int = 0
    waiting: int = 0
    checked_in: int = 0
    minutes: int = 0  # the hours worked by those checked in

    @property
    def free(self) -> int:
        return max(self.shift.capacity - self.seated, 0)


@dataclass
class ActivityLine:
    activity: CampActivity
    shifts: list[ShiftLine] = field(default_factory=list)
    missing: list = field(default_factory=list)  # materials of its measure not yet here


@dataclass
class Day:
    number: int
    day_on: date
    activities: list[ActivityLine] = field(default_factory=list)
    volunteers: int = 0  # different people with a place on a shift of the day
    safety_leads: int = 0
    minutes: int = 0

    @property
    def safety_needed(self) -> int:
        per = current_app.config["CAMP_VOLUNTEERS_PER_SAFETY_LEAD"]
        return math.ceil(self.volunteers / per) if self.volunteers else 0

    @property
    def is_safe(self) -> bool:
        return self.safety_leads >= self.safety_needed


def activities_of(project_id: int) -> list[CampActivity]:
    return list(db.session.scalars(
        sa.select(CampActivity).where(CampActivity.project_id == project_id)
        .options(selectinload(CampActivity.lead), selectinload(CampActivity.measure))
        .order_by(CampActivity.day_number, CampActivity.starts_at, CampActivity.id)))


def _shifts_of(project_id: int, with_cancelled: bool) -> list[CampShift]:
    query = sa.select(CampShift).where(CampShift.project_id == project_id)
    if not with_cancelled:
        query = query.where(CampShift.status == ShiftStatus.SCHEDULED)
    return list(db.session.scalars(query.options(selectinload(CampShift.lead))
                                   .order_by(CampShift.starts_at, CampShift.id)))


def _people(project_id: int):
    """(shift id, status, volunteer id, user id, checked in, minutes) of every sign-up."""
    return db.session.execute(
        sa.select(CampSignup.shift_id, CampSignup.status, CampSignup.volunteer_id,
                  CampVolunteer.user_id, CampSignup.checked_in_dt, CampSignup.worked_minutes)
        .join(CampShift, CampShift.id == CampSignup.shift_id)
        .join(CampVolunteer, CampVolunteer.id == CampSignup.volunteer_id)
        .where(CampShift.project_id == project_id,
               CampSignup.status != SignupStatus.CANCELLED)).all()


def programme(project, with_cancelled: bool = False) -> list[Day]:
    """Every camp day with its activities, their shifts and numbers, and the safety rule:
    one safety lead (a lead of a safety shift, or someone with a place on one) per
    ``CAMP_VOLUNTEERS_PER_SAFETY_LEAD`` different volunteers of the day."""
    days = [Day(n + 1, d) for n, d in enumerate(camp_days(project))]
    activities, shifts = activities_of(project.id), _shifts_of(project.id, with_cancelled)
    missing = missing_materials(project.id, days[-1].day_on if days else None)
    lines = {s.id: ShiftLine(s) for s in shifts}
    by_activity = defaultdict(list)
    for shift in shifts:
        by_activity[shift.activity_id].append(lines[shift.id])
    day_of_activity = {a.id: a.day_number for a in activities}
    volunteers, safety = defaultdict(set), defaultdict(set)
    for shift in shifts:
        if shift.is_safety and shift.lead_id and not shift.is_cancelled:
            safety[day_of_activity.get(shift.activity_id)].add(("u", shift.lead_id))
    for shift_id, status, volunteer_id, user_id, checked_in, minutes in _people(project.id):
        line = lines.get(shift_id)
        if line is None:
            continue
        number = day_of_activity.get(line.shift.activity_id)
        if status == SignupStatus.WAITLISTED:
            line.waiting += 1
            continue
        line.seated += 1
        person = ("u", user_id) if user_id else ("v", volunteer_id)
        volunteers[number].add(person)
        if line.shift.is_safety:
            safety[number].add(person)
        if checked_in:
            line.checked_in += 1
            line.minutes += minutes or 0
    for day in days:
        day.activities = [ActivityLine(a, by_activity[a.id],
                                       _missing_by(missing.get(a.measure_id, []), day.day_on)
                                       if a.measure_id else [])
                          for a in activities if a.day_number == day.number]
        day.volunteers, day.safety_leads = len(volunteers[day.number]), len(safety[day.number])
        day.minutes = sum(s.minutes for a in day.activities for s in a.shifts)
    return days


def worked_minutes(project_id: int) -> int:
    """The hours worked at the camp (checked in), in minutes."""
    return int(db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(CampSignup.worked_minutes), 0))
        .join(CampShift, CampShift.id == CampSignup.shift_id)
        .where(CampShift.project_id == project_id, CampSignup.status == SignupStatus.SEATED,
               CampSignup.checked_in_dt.is_not(None))) or 0)


def timeline_events(project) -> list:
    """The camp's activities, at their times, in the project's calendar feed (a re-plan
    moves them with the camp window)."""
    from stedskaping.plugins import TimelineEvent
    from stedskaping.realisation.camp.days import moment

    days = camp_days(project)
    events = []
    for activity in db.session.scalars(sa.select(CampActivity).where(
            CampActivity.project_id == project.id).order_by(CampActivity.id)):
        if not 1 <= activity.day_number <= len(days):
            continue
        day = days[activity.day_number - 1]
        events.append(TimelineEvent(
            f"camp-activity-{activity.id}", activity.title, day, None,
            activity.description or "", moment(day, activity.starts_at),
            moment(day, activity.ends_at), activity.place or ""))
    return events
