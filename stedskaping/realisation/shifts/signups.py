"""Signing up for shifts: places, the waitlist, overlaps, the age asked for, pledged hours.

Places are counted and given while the shift's row is locked (``operations.lock``), so
two sign-ups for the last place are served one after the other: exactly one gets it, and
each freed place promotes exactly one person from the waitlist, first come, first served.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from stedskaping.db import db, utcnow
from stedskaping.funding.models import HOURS, STANDING, Campaign, Pledge
from stedskaping.links import link
from stedskaping.notifications.notify import notify
from stedskaping.projects.process import workflow_for
from stedskaping.realisation.camp.days import (
    CampError,
    camp_is_over,
    date_of,
    local_today,
    moment,
)
from stedskaping.realisation.camp.models import CampActivity
from stedskaping.realisation.shifts.models import (
    SIGNUP_MOVES,
    CampShift,
    CampSignup,
    CampVolunteer,
    ShiftStatus,
    SignupStatus,
)
from stedskaping.realisation.shifts.operations import lock
from stedskaping.text import _l

# Sign-up codes: no O, I, 0 or 1, which are easily mistaken for each other on the day.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
_S = SignupStatus


def new_code() -> str:
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if not db.session.scalar(sa.select(CampVolunteer.id).where(CampVolunteer.code == code)):
            return code


def volunteer_for(project_id: int, user, create: bool = True) -> CampVolunteer | None:
    """The person's volunteer row (and code) at this project's camp."""
    row = db.session.scalar(sa.select(CampVolunteer).where(
        CampVolunteer.project_id == project_id, CampVolunteer.user_id == user.id))
    if row is None and create:
        row = CampVolunteer(project_id=project_id, user_id=user.id, name=user.name,
                            email=user.email, code=new_code())
        db.session.add(row)
        db.session.flush()
    return row


def places_taken(shift: CampShift) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(CampSignup).where(
        CampSignup.shift_id == shift.id, CampSignup.status == _S.SEATED))


def signup_of(shift: CampShift, volunteer: CampVolunteer | None) -> CampSignup | None:
    if volunteer is None:
        return None
    return db.session.scalar(sa.select(CampSignup).where(
        CampSignup.shift_id == shift.id, CampSignup.volunteer_id == volunteer.id))


def overlapping(shift: CampShift, volunteer: CampVolunteer) -> list[CampShift]:
    """The person's other shifts (seated or waiting) on the same day at the same time."""
    return list(db.session.scalars(
        sa.select(CampShift).join(CampSignup, CampSignup.shift_id == CampShift.id)
        .join(CampActivity, CampActivity.id == CampShift.activity_id)
        .where(CampSignup.volunteer_id == volunteer.id, CampShift.id != shift.id,
               CampSignup.status.in_((_S.SEATED, _S.WAITLISTED)),
               CampShift.status == ShiftStatus.SCHEDULED,
               CampActivity.day_number == shift.activity.day_number,
               CampShift.starts_at < shift.ends_at, CampShift.ends_at > shift.starts_at)
        .order_by(CampShift.starts_at)))


def hours_pledge(project_id: int, user) -> Pledge | None:
    """The person's standing pledge of hours to the project's campaigns (the latest)."""
    return db.session.scalar(
        sa.select(Pledge).join(Campaign, Campaign.id == Pledge.campaign_id)
        .where(Campaign.project_id == project_id, Pledge.backer_id == user.id,
               Pledge.kind == HOURS, Pledge.status.in_(STANDING), Pledge.hours > 0)
        .order_by(Pledge.id.desc()).limit(1))


def signed_up_minutes(volunteer: CampVolunteer | None) -> int:
    """The length of the person's shifts with a place or on the waitlist."""
    if volunteer is None:
        return 0
    rows = db.session.execute(
        sa.select(CampShift.starts_at, CampShift.ends_at)
        .join(CampSignup, CampSignup.shift_id == CampShift.id)
        .where(CampSignup.volunteer_id == volunteer.id, CampShift.status ==
               ShiftStatus.SCHEDULED, CampSignup.status.in_((_S.SEATED, _S.WAITLISTED))))
    return sum((e.hour * 60 + e.minute) - (s.hour * 60 + s.minute) for s, e in rows)


@dataclass(frozen=True)
class SignUp:
    is_age_confirmed: bool = False
    is_overlap_accepted: bool = False  # the person saw the overlap warning and goes on


class OverlapWarning(CampError):
    """The person already has a shift at that time: asked again, with the shifts."""

    status = 409

    def __init__(self, shifts):
        super().__init__(_l("You already have a shift at that time."))
        self.shifts = shifts


def closed_reason(shift: CampShift, project, today=None):
    """Why nobody can sign up for the shift now, or None."""
    if shift.is_cancelled:
        return _l("The shift is cancelled.")
    if workflow_for(project).workflow.side_state(project.state):
        return _l("The project is paused or has ended: its shifts take no sign-ups now.")
    if camp_is_over(project):
        return _l("The camp is over: its shifts take no sign-ups now.")
    day = date_of(project, shift.activity.day_number)
    if day is None or day < (today or local_today()):
        return _l("The shift's day has passed.")
    return None


def sign_up(shift: CampShift, project, user, choice: SignUp,
            now: datetime | None = None) -> CampSignup:
    """A place on the shift for ``user``, or a place on its waitlist when it is full.
    Needs an account with a confirmed address, the age the shift asks for confirmed,
    and (when the person has another shift at that time) the overlap accepted. A backer
    who pledged hours has the sign-up counted against the pledge."""
    now = now or utcnow()
    shift = lock(shift)
    reason = closed_reason(shift, project)
    if reason:
        raise CampError(reason, status=409)
    if not user.is_confirmed:
        raise CampError(_l("Confirm your e-mail address before you sign up."))
    if shift.minimum_age and not choice.is_age_confirmed:
        raise CampError(_l("Confirm that you are at least %(age)d years old.",
                           age=shift.minimum_age), "is_age_confirmed")
    volunteer = volunteer_for(project.id, user)
    row = signup_of(shift, volunteer)
    if row is not None and row.status != _S.CANCELLED:
        raise CampError(_l("You are already signed up for this shift."), status=409)
    clashes = overlapping(shift, volunteer)
    if clashes and not choice.is_overlap_accepted:
        raise OverlapWarning(clashes)
    status = _S.WAITLISTED if places_taken(shift) >= shift.capacity else _S.SEATED
    pledge = hours_pledge(project.id, user)
    if row is None:
        row = CampSignup(shift_id=shift.id, volunteer_id=volunteer.id)
        db.session.add(row)
    SIGNUP_MOVES.check(row, status)
    row.status, row.queued_dt = status, now
    row.is_age_confirmed = bool(shift.minimum_age) and choice.is_age_confirmed
    row.pledge_id = pledge.id if pledge else None
    db.session.flush()
    return row


def cancel(shift: CampShift, project, user) -> CampSignup:
    """Give up a place (or a place on the waitlist); a freed place goes to the next."""
    shift = lock(shift)
    row = signup_of(shift, volunteer_for(project.id, user, create=False))
    if row is None or row.status == _S.CANCELLED:
        raise CampError(_l("You are not signed up for this shift."), status=409)
    if row.checked_in_dt is not None:
        raise CampError(_l("You are checked in on this shift: ask the shift lead."), status=409)
    db.session.refresh(row)  # as committed by whoever held the lock before us
    SIGNUP_MOVES.check(row, _S.CANCELLED)
    row.status = _S.CANCELLED
    db.session.flush()
    promote_waiting(shift)
    return row


def promote_waiting(shift: CampShift) -> list[CampSignup]:
    """Give the free places to the first on the waitlist and tell them. Call with the
    shift locked."""
    if shift.is_cancelled:
        return []
    free = shift.capacity - places_taken(shift)
    if free <= 0:
        return []
    promoted = list(db.session.scalars(
        sa.select(CampSignup).where(CampSignup.shift_id == shift.id,
                                    CampSignup.status == _S.WAITLISTED)
        .order_by(CampSignup.queued_dt, CampSignup.id).limit(free)
        .execution_options(populate_existing=True)))
    page = link("realisation.show_shift", project_id=shift.project_id, shift_id=shift.id)
    day = date_of(shift.activity.project, shift.activity.day_number)
    for row in promoted:
        SIGNUP_MOVES.check(row, _S.SEATED)
        row.status = _S.SEATED
        if row.volunteer.user is not None:
            notify(row.volunteer.user, "camp_shift_changed",
                   f"camp-shift-place:{row.id}:{row.queued_dt.isoformat()}", "place",
                   link=page, title=shift.title, when=moment(day, shift.starts_at),
                   code=row.volunteer.code)
    db.session.flush()
    return promoted
