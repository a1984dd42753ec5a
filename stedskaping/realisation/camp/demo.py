"""Demo data for a project in its camp week: the programme, shifts, sign-ups (the backer
who pledged hours among them), check-ins for the days already begun, the safety briefing
and a grant line. The demo seeding calls ``seed_camp`` on the realisation demo project."""

from __future__ import annotations

from datetime import date, datetime, time

from stedskaping.db import db, utcnow
from stedskaping.realisation.camp.days import camp_days, moment
from stedskaping.realisation.camp.models import CampActivity
from stedskaping.realisation.camp.operations import save_briefing
from stedskaping.realisation.ledger.models import LedgerGrant
from stedskaping.realisation.measures.models import Measure
from stedskaping.realisation.shifts.models import (
    CampShift,
    CampSignup,
    CampVolunteer,
    ShiftStatus,
    SignupStatus,
)
from stedskaping.realisation.shifts.signups import hours_pledge, new_code, volunteer_for

BRIEFING = (
    "Velkommen til dugnad! Før du starter:\n\n"
    "- Bruk hansker og vernebriller når du sager, borer eller sliper.\n"
    "- Verneutstyr og førstehjelpsskrin står i containeren ved inngangen.\n"
    "- Barn under 15 år jobber bare sammen med en voksen, aldri med motorsag.\n"
    "- Ved skade: si fra til dagens sikkerhetsansvarlige, ring 113 ved alvorlig skade.\n"
)

# (title, place, starts, ends, shifts: (title, capacity, skills, minimum age, safety))
DAY_PLAN = (
    ("Bygging av benker", "Ved elvebredden", time(9), time(13), (
        ("Snekring", 8, "Snekring, bruk av drill", 16, False),
        ("Bæring og rydding", 10, "", None, False))),
    ("Planting i plantekassene", "Plenen nord", time(13, 30), time(16), (
        ("Planting", 12, "", None, False),)),
    ("Sikkerhetsvakt", "Containeren ved inngangen", time(9), time(16), (
        ("Sikkerhetsansvarlig", 2, "Førstehjelpskurs", 18, True),)),
)


def _seat(shift: CampShift, project, user, now: datetime, pledge=None) -> CampSignup:
    volunteer = volunteer_for(project.id, user)
    row = CampSignup(shift_id=shift.id, volunteer_id=volunteer.id, status=SignupStatus.SEATED,
                     queued_dt=now, is_age_confirmed=bool(shift.minimum_age),
                     pledge_id=pledge.id if pledge else None)
    db.session.add(row)
    return row


def _arrived(row: CampSignup, shift: CampShift, day: date) -> None:
    row.checked_in_dt = row.briefing_acknowledged_dt = moment(day, shift.starts_at)
    row.worked_minutes = shift.minutes


def seed_camp(project, users: dict, today: date) -> dict:
    """Fill ``project`` (its camp window planned) with a week of programme. ``users``:
    ``lead`` (a team member who leads the shifts), ``safety`` (a team member, the safety
    lead), ``backer`` (who pledged hours), ``neighbours`` (a list). Sign-ups of the days
    begun by ``today`` are checked in. Returns what it made, by kind."""
    made = {"activities": 0, "shifts": 0, "signups": 0, "checked_in": 0}
    save_briefing(project, users.get("lead"), BRIEFING)
    backer = users.get("backer")
    pledge = hours_pledge(project.id, backer) if backer else None
    seeding = _Seeding(project, users, today, pledge, made)
    for number, day in enumerate(camp_days(project), 1):
        for item in DAY_PLAN:
            seeding.activity(number, day, *item)
        if day <= today and number == 1:
            _walk_in(project, day)
    db.session.add(LedgerGrant(project_id=project.id, name="Nærmiljøtilskudd fra kommunen",
                               amount=5_000_000))
    db.session.flush()
    return made


class _Seeding:
    def __init__(self, project, users: dict, today: date, pledge, made: dict):
        self.project, self.today, self.pledge, self.made = project, today, pledge, made
        self.lead, self.safety = users.get("lead"), users.get("safety")
        self.backer, self.neighbours = users.get("backer"), list(users.get("neighbours") or [])
        self.backer_minutes = pledge.hours * 60 if pledge else 0
        self.measure = db.session.scalar(
            db.select(Measure).where(Measure.project_id == project.id)
            .order_by(Measure.position, Measure.id).limit(1))
        self.now = utcnow()

    def activity(self, number: int, day: date, title, place, starts, ends, shifts) -> None:
        activity = CampActivity(
            project_id=self.project.id, day_number=number, starts_at=starts, ends_at=ends,
            title=title, place=place, lead_id=self.lead.id if self.lead else None,
            measure_id=self.measure.id if self.measure and "benker" in title else None)
        db.session.add(activity)
        db.session.flush()
        self.made["activities"] += 1
        for spec in shifts:
            self.shift(activity, day, *spec)

    def shift(self, activity, day: date, title, capacity, skills, age, is_safety) -> None:
        who = self.safety if is_safety else self.lead
        shift = CampShift(project_id=self.project.id, activity_id=activity.id, title=title,
                          starts_at=activity.starts_at, ends_at=activity.ends_at,
                          capacity=capacity, skills=skills, minimum_age=age,
                          is_safety=is_safety, status=ShiftStatus.SCHEDULED,
                          lead_id=who.id if who else None)
        db.session.add(shift)
        db.session.flush()
        self.made["shifts"] += 1
        for person in self.people(shift, activity.day_number, title, is_safety):
            row = _seat(shift, self.project, person, self.now,
                        self.pledge if person is self.backer else None)
            self.made["signups"] += 1
            if day < self.today or (day == self.today and
                                    moment(day, shift.starts_at) <= self.now):
                db.session.flush()
                _arrived(row, shift, day)
                self.made["checked_in"] += 1

    def people(self, shift, number: int, title: str, is_safety: bool) -> list:
        if is_safety:
            return [self.safety] if self.safety else []
        start = (number + len(title)) % max(len(self.neighbours), 1)
        people = self.neighbours[start:start + 3]
        if self.backer and self.backer_minutes >= shift.minutes:
            people.append(self.backer)
            self.backer_minutes -= shift.minutes
        return people


def _walk_in(project, day: date) -> None:
    """Someone who turned up on the first day and was checked in on the spot."""
    shift = db.session.scalar(db.select(CampShift).join(CampActivity).where(
        CampShift.project_id == project.id, CampActivity.day_number == 1,
        CampShift.is_safety.is_(False)).order_by(CampShift.id).limit(1))
    volunteer = CampVolunteer(project_id=project.id, name="Nabo fra nr. 12", code=new_code())
    row = CampSignup(shift_id=shift.id, volunteer=volunteer, status=SignupStatus.SEATED,
                     is_walk_in=True, queued_dt=moment(day, shift.starts_at))
    _arrived(row, shift, day)
    db.session.add(row)
