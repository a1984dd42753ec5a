"""Checking volunteers in on the day (by name or by code), walk-ins, and the hours worked.

Check-in happens only on the shift's own camp day (the app's local day). Each volunteer
acknowledges the project's safety briefing as they are checked in; the time is kept.
"""

from __future__ import annotations

import re
from datetime import datetime

import sqlalchemy as sa

from stedskaping.db import db, utcnow
from stedskaping.projects.process import workflow_for
from stedskaping.realisation.camp.days import CampError, camp_is_over, date_of, local_today
from stedskaping.realisation.camp.operations import briefing_of
from stedskaping.realisation.shifts.models import (
    SIGNUP_MOVES,
    CampShift,
    CampSignup,
    CampVolunteer,
    SignupStatus,
)
from stedskaping.realisation.shifts.signups import CODE_LENGTH, new_code
from stedskaping.text import _l

MAX_MINUTES = 16 * 60  # a long camp day at most
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def clean_code(text: str) -> str:
    """What was typed, as a code: capitals, without spaces and dashes."""
    return re.sub(r"[\s-]", "", text or "").upper()


def closed_reason(shift: CampShift, project, today=None):
    """Why nobody can be checked in on the shift now, or None: check-in is open on the
    shift's camp day only, and not while the project is paused or after it has ended."""
    if shift.is_cancelled:
        return _l("The shift is cancelled.")
    if workflow_for(project).workflow.side_state(project.state):
        return _l("The project is paused or has ended: nobody is checked in now.")
    if camp_is_over(project):
        return _l("The camp is over: nobody is checked in now.")
    if date_of(project, shift.activity.day_number) != (today or local_today()):
        return _l("Check-in is open on the shift's day only.")
    return None


def day_open(shift: CampShift, project, today=None) -> None:
    """Refuse a check-in when it is not open (``closed_reason``)."""
    reason = closed_reason(shift, project, today)
    if reason:
        raise CampError(reason, status=409)


def _briefed(project, acknowledged: bool) -> None:
    if briefing_of(project) is not None and not acknowledged:
        raise CampError(_l("The volunteer must acknowledge the safety briefing."),
                        "acknowledged")


def _arrive(row: CampSignup, shift: CampShift, now: datetime) -> CampSignup:
    row.checked_in_dt = row.checked_in_dt or now
    row.briefing_acknowledged_dt = row.briefing_acknowledged_dt or now
    if row.worked_minutes is None:
        row.worked_minutes = shift.minutes
    db.session.flush()
    return row


def check_in(shift: CampShift, project, signup_id: int, acknowledged: bool,
             now: datetime | None = None) -> CampSignup:
    """The person with a place on the shift came (found by name on the list)."""
    day_open(shift, project)
    row = db.session.get(CampSignup, signup_id)
    if row is None or row.shift_id != shift.id:
        raise CampError(_l("That person is not on this shift."), status=404)
    if row.status != SignupStatus.SEATED:
        raise CampError(_l("%(name)s has no place on the shift (on the waitlist or "
                           "cancelled).", name=row.volunteer.name), status=409)
    _briefed(project, acknowledged)
    return _arrive(row, shift, now or utcnow())


def check_in_code(shift: CampShift, project, code: str, acknowledged: bool,
                  now: datetime | None = None) -> CampSignup:
    """The person who shows this code came."""
    day_open(shift, project)
    code = clean_code(code)
    row = db.session.scalar(
        sa.select(CampSignup).join(CampVolunteer, CampVolunteer.id == CampSignup.volunteer_id)
        .where(CampSignup.shift_id == shift.id, CampVolunteer.code == code))
    if row is None or len(code) != CODE_LENGTH:
        raise CampError(_l("Nobody on this shift has the code %(code)s.", code=code[:20]),
                        "code")
    if row.status != SignupStatus.SEATED:
        raise CampError(_l("%(name)s has no place on the shift (on the waitlist or "
                           "cancelled).", name=row.volunteer.name), "code")
    _briefed(project, acknowledged)
    return _arrive(row, shift, now or utcnow())


def add_walk_in(shift: CampShift, project, name: str, email: str | None, acknowledged: bool,
                now: datetime | None = None) -> CampSignup:
    """Someone who came without signing up: on the shift and checked in at once (a
    walk-in may go beyond the shift's places; they are here)."""
    day_open(shift, project)
    name, email = (name or "").strip(), (email or "").strip() or None
    if not name:
        raise CampError(_l("Give the person's name."), "name")
    if email and not _EMAIL.match(email):
        raise CampError(_l("Give an e-mail address like name@example.no, or leave it empty."),
                        "email")
    _briefed(project, acknowledged)
    now = now or utcnow()
    volunteer = CampVolunteer(project_id=project.id, name=name[:120], email=email,
                              code=new_code())
    row = CampSignup(shift_id=shift.id, volunteer=volunteer, is_walk_in=True, queued_dt=now)
    SIGNUP_MOVES.check(row, SignupStatus.SEATED)
    row.status = SignupStatus.SEATED
    db.session.add(row)
    return _arrive(row, shift, now)


def record_hours(shift: CampShift, project, signup_id: int, minutes: int | None) -> CampSignup:
    """The hours a checked-in person worked (the shift's length unless told otherwise)."""
    row = db.session.get(CampSignup, signup_id)
    if row is None or row.shift_id != shift.id:
        raise CampError(_l("That person is not on this shift."), status=404)
    if row.checked_in_dt is None:
        raise CampError(_l("Check the person in first."), "hours", status=409)
    if minutes is None or not 0 < minutes <= MAX_MINUTES:
        raise CampError(_l("Give the hours worked, more than 0 and at most 16."), "hours")
    row.worked_minutes = minutes
    db.session.flush()
    return row
