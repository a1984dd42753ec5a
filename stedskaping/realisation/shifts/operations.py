"""Planning, moving and cancelling volunteer shifts (the team's work). Who is on a shift
is in ``signups``; checking in and hours in ``checkin``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.links import link
from stedskaping.notifications.notify import notify
from stedskaping.realisation.camp.days import CampError, date_of, moment
from stedskaping.realisation.shifts.models import (
    SHIFT_MOVES,
    SIGNUP_MOVES,
    CampShift,
    CampSignup,
    ShiftStatus,
    SignupStatus,
)
from stedskaping.text import _l

MAX_CAPACITY = 1000
MAX_AGE = 99


@dataclass(frozen=True)
class ShiftPlan:
    title: str
    starts_at: time | None
    ends_at: time | None
    capacity: int | None
    skills: str = ""
    minimum_age: int | None = None
    lead_id: int | None = None
    is_safety: bool = False


def lock(shift: CampShift) -> CampShift:
    """The shift's row, locked until the transaction ends (PostgreSQL; SQLite serialises
    writers anyway) and read afresh: places are counted and given under this lock."""
    return db.session.scalar(sa.select(CampShift).where(CampShift.id == shift.id)
                             .with_for_update().execution_options(populate_existing=True))


def _check(project, activity, plan: ShiftPlan) -> None:
    errors = {}
    if not plan.title.strip():
        errors["title"] = _l("Give the shift a name.")
    if plan.starts_at is None or plan.ends_at is None or plan.ends_at <= plan.starts_at:
        errors["ends_at"] = _l("The shift must end after it starts, on the same day.")
    if plan.capacity is None or not 1 <= plan.capacity <= MAX_CAPACITY:
        errors["capacity"] = _l("Give the number of places, from 1 to 1000.")
    if plan.minimum_age is not None and not 1 <= plan.minimum_age <= MAX_AGE:
        errors["minimum_age"] = _l("Give a minimum age from 1 to 99, or leave it empty.")
    if plan.lead_id is not None and project.member(plan.lead_id) is None:
        errors["lead_id"] = _l("Choose the lead among the project's team.")
    if activity.project_id != project.id:
        errors["title"] = _l("Choose one of the project's activities.")
    if errors:
        raise CampError(next(iter(errors.values())), errors=errors)


def _apply(shift: CampShift, plan: ShiftPlan) -> None:
    shift.title, shift.skills = plan.title.strip(), (plan.skills or "").strip()
    shift.starts_at, shift.ends_at = plan.starts_at, plan.ends_at
    shift.capacity, shift.minimum_age = plan.capacity, plan.minimum_age
    shift.lead_id, shift.is_safety = plan.lead_id, plan.is_safety


def plan_shift(project, activity, actor, plan: ShiftPlan) -> CampShift:
    """A shift of volunteers on an activity (on the activity's camp day)."""
    _check(project, activity, plan)
    shift = CampShift(project_id=project.id, activity_id=activity.id)
    SHIFT_MOVES.check(shift, ShiftStatus.SCHEDULED)
    _apply(shift, plan)
    db.session.add(shift)
    db.session.flush()
    return shift


def seated(shift: CampShift) -> list[CampSignup]:
    return list(db.session.scalars(sa.select(CampSignup).where(
        CampSignup.shift_id == shift.id, CampSignup.status == SignupStatus.SEATED)))


def _tell(shift: CampShift, notice: str, key: str) -> None:
    day = date_of(shift.activity.project, shift.activity.day_number)
    page = link("realisation.show_shift", project_id=shift.project_id, shift_id=shift.id)
    for row in seated(shift) + _waiting(shift):
        if row.volunteer.user is not None:
            notify(row.volunteer.user, "camp_shift_changed", f"{key}:{row.id}", notice,
                   link=page, title=shift.title, when=moment(day, shift.starts_at))


def _waiting(shift: CampShift) -> list[CampSignup]:
    return list(db.session.scalars(sa.select(CampSignup).where(
        CampSignup.shift_id == shift.id, CampSignup.status == SignupStatus.WAITLISTED)))


def change_shift(shift: CampShift, project, actor, plan: ShiftPlan) -> bool:
    """Change a shift. New times count as a move: everyone on it is told, and the
    reminder follows. More places promote people from the waitlist. Returns whether
    it moved."""
    from stedskaping.realisation.shifts.signups import promote_waiting

    shift = lock(shift)
    if shift.is_cancelled:
        raise CampError(_l("The shift is cancelled."), status=409)
    _check(project, shift.activity, plan)
    if plan.capacity < len(seated(shift)):
        raise CampError(_l("%(n)d people have places on the shift: give at least as many "
                           "places.", n=len(seated(shift))), "capacity")
    moved = (plan.starts_at, plan.ends_at) != (shift.starts_at, shift.ends_at)
    _apply(shift, plan)
    if moved:
        shift.sequence += 1
        _tell(shift, "moved", f"camp-shift-moved:{shift.id}:{shift.sequence}")
    db.session.flush()
    promote_waiting(shift)
    return moved


def moved_to_another_day(activity) -> None:
    """The activity moved to another camp day, and its shifts with it: a move for each
    shift, told to everyone on it."""
    shifts = db.session.scalars(sa.select(CampShift).where(
        CampShift.activity_id == activity.id, CampShift.status == ShiftStatus.SCHEDULED)
        .order_by(CampShift.id))
    for shift in shifts:
        shift = lock(shift)
        shift.sequence += 1
        _tell(shift, "moved", f"camp-shift-moved:{shift.id}:{shift.sequence}")
    db.session.flush()


def cancel_shift(shift: CampShift, actor) -> int:
    """Cancel a shift: everyone on it (and waiting) is told, their places end. Cannot be
    undone. Returns how many were told."""
    shift = lock(shift)
    if shift.is_cancelled:
        raise CampError(_l("The shift is already cancelled."), status=409)
    rows = seated(shift) + _waiting(shift)
    _tell(shift, "cancelled", f"camp-shift-cancelled:{shift.id}")
    SHIFT_MOVES.check(shift, ShiftStatus.CANCELLED)
    shift.status = ShiftStatus.CANCELLED
    for row in rows:
        SIGNUP_MOVES.check(row, SignupStatus.CANCELLED)
        row.status = SignupStatus.CANCELLED
    db.session.flush()
    return len(rows)


def follow_plan(project, replan=None, **_signal) -> None:
    """After a re-plan that moves the camp, tell everyone on a shift (with a place or
    waiting) its new day: the shifts keep their day number, so their dates moved
    (connected to the core's ``plan_changed`` signal). The reminder follows the date."""
    if replan is None or replan.old_camp_on == replan.new_camp_on:
        return
    shifts = db.session.scalars(sa.select(CampShift).where(
        CampShift.project_id == project.id, CampShift.status == ShiftStatus.SCHEDULED)
        .order_by(CampShift.id))
    for shift in shifts:
        _tell(shift, "moved", f"camp-shift-replanned:{shift.id}:{replan.new_camp_on}")
