"""What the shift pages show: the people on a shift, and the backers who pledged hours
against the hours they have signed up for."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from stedskaping.accounts.models import User
from stedskaping.db import db
from stedskaping.funding.models import HOURS, STANDING, Campaign, Pledge
from stedskaping.realisation.shifts.models import (
    CampShift,
    CampSignup,
    CampVolunteer,
    ShiftStatus,
    SignupStatus,
)

_LIVE = (SignupStatus.SEATED, SignupStatus.WAITLISTED)


def people_on(shift: CampShift) -> list[CampSignup]:
    """Everyone on the shift or its waitlist: places first (by name), then the line."""
    rows = db.session.scalars(
        sa.select(CampSignup).where(CampSignup.shift_id == shift.id,
                                    CampSignup.status.in_(_LIVE))
        .options(selectinload(CampSignup.volunteer))
        .order_by(CampSignup.queued_dt, CampSignup.id)).all()
    return sorted(rows, key=lambda r: (not r.has_seat, r.volunteer.name.casefold()
                                       if r.has_seat else ""))


@dataclass(frozen=True)
class HourBacker:
    name: str
    pledged_hours: int
    signed_up_minutes: int

    @property
    def open_minutes(self) -> int:
        return max(self.pledged_hours * 60 - self.signed_up_minutes, 0)


def hour_backers(project_id: int) -> list[HourBacker]:
    """The backers who pledged hours, with the hours of the shifts they signed up for."""
    pledges = db.session.execute(
        sa.select(Pledge.backer_id, User.name, sa.func.sum(Pledge.hours))
        .join(Campaign, Campaign.id == Pledge.campaign_id).join(User, User.id == Pledge.backer_id)
        .where(Campaign.project_id == project_id, Pledge.kind == HOURS,
               Pledge.status.in_(STANDING), Pledge.hours > 0)
        .group_by(Pledge.backer_id, User.name).order_by(User.name)).all()
    if not pledges:
        return []
    shifts = db.session.execute(
        sa.select(CampVolunteer.user_id, CampShift.starts_at, CampShift.ends_at)
        .join(CampSignup, CampSignup.volunteer_id == CampVolunteer.id)
        .join(CampShift, CampShift.id == CampSignup.shift_id)
        .where(CampVolunteer.project_id == project_id,
               CampVolunteer.user_id.in_([p[0] for p in pledges]),
               CampShift.status == ShiftStatus.SCHEDULED, CampSignup.status.in_(_LIVE))).all()
    minutes = defaultdict(int)
    for user_id, start, end in shifts:
        minutes[user_id] += (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return [HourBacker(name, int(hours), minutes[user_id]) for user_id, name, hours in pledges]
