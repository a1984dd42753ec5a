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


def _user(users: dict, key: str):
    return users.get(key)


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
    days = camp_days(project)
    lead, safety = _user(users, "lead"), _user(users, "safety")
    backer, neighbours = _user(users, "backer"), list(users.get("neighbours") or [])
    measure = db.session.scalar(db.select(Measure).where(Measure.project_id == project.id)
                                .order_by(Measure.position, Measure.id).limit(1))
    now, made = utcnow(), {"activities": 0, "shifts": 0, "signups": 0, "checked_in": 0}
    save_briefing(project, lead, BRIEFING)
    pledge = hours_pledge(project.id, backer) if backer else None
    backer_minutes = (pledge.hours * 60) if pledge else 0
    for number, day in enumerate(days, 1):
        for title, place, starts, ends, shifts in DAY_PLAN:
            activity = CampActivity(
                project_id=project.id, day_number=number, starts_at=starts, ends_at=ends,
                title=title, place=place, lead_id=lead.id if lead else None,
                measure_id=measure.id if measure and "benker" in title else None)
            db.session.add(activity)
            db.session.flush()
            made["activities"] += 1
            for s_title, capacity, skills, age, is_safety in shifts:
                shift = CampShift(project_id=project.id, activity_id=activity.id,
                                  title=s_title, starts_at=starts, ends_at=ends,
                                  capacity=capacity, skills=skills, minimum_age=age,
                                  is_safety=is_safety, status=ShiftStatus.SCHEDULED,
                                  lead_id=(safety if is_safety else lead).id
                                  if (safety if is_safety else lead) else None)
                db.session.add(shift)
                db.session.flush()
                made["shifts"] += 1
                people = [safety] if is_safety and safety else \
                    neighbours[(number + len(s_title)) % max(len(neighbours), 1):][:3]
                if backer and not is_safety and backer_minutes >= shift.minutes:
                    people.append(backer)
                    backer_minutes -= shift.minutes
                for person in people:
                    row = _seat(shift, project, person, now,
                                pledge if person is backer else None)
                    made["signups"] += 1
                    if day < today or (day == today and moment(day, starts) <= now):
                        db.session.flush()
                        _arrived(row, shift, day)
                        made["checked_in"] += 1
        if day <= today and number == 1:
            _walk_in(project, day)
    db.session.add(LedgerGrant(project_id=project.id, name="Nærmiljøtilskudd fra kommunen",
                               amount=5_000_000))
    db.session.flush()
    return made


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
