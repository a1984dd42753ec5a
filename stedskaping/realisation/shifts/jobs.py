"""The shifts' sweep: a reminder the day before, to everyone with a place."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.jobs import in_batches, link
from stedskaping.notifications.notify import notify, recipients
from stedskaping.projects.models import Project, StageWindow
from stedskaping.projects.process import workflows
from stedskaping.realisation.camp.days import moment, stages_after_camp
from stedskaping.realisation.camp.models import CampActivity
from stedskaping.realisation.shifts.models import (
    CampShift,
    CampSignup,
    CampVolunteer,
    ShiftStatus,
    SignupStatus,
)


def remind_key(shift_id: int, sequence: int, day: date, user_id: int) -> str:
    """Once per person, shift and time: a moved shift (or a re-planned camp) is
    reminded of again."""
    return f"camp-shift-reminder:{shift_id}:{sequence}:{day.isoformat()}:{user_id}"


def shift_reminders(today: date) -> int:
    """Remind the people with a place on a shift tomorrow (a camp day of a project's
    current plan), with their code for check-in."""
    tomorrow = today + timedelta(days=1)
    compiled = workflows().all()
    camp_stages = {c.workflow.camp_stage for c in compiled}
    # A paused or cancelled project's volunteers are not expected tomorrow, nor those of
    # a camp finished before its last planned day.
    side_states = {s.key for c in compiled for s in c.workflow.side_states}
    side_states |= {key for c in compiled for key in stages_after_camp(c.workflow)}
    windows = db.session.execute(
        sa.select(StageWindow.project_id, StageWindow.starts_on)
        .join(Project, Project.id == StageWindow.project_id)
        .where(StageWindow.stage_key.in_(camp_stages), StageWindow.starts_on <= tomorrow,
               StageWindow.ends_on >= tomorrow, Project.state.not_in(side_states))).all()
    if not windows:
        return 0
    days = sa.or_(*[sa.and_(CampShift.project_id == w.project_id,
                            CampActivity.day_number == (tomorrow - w.starts_on).days + 1)
                    for w in windows])
    rows = db.session.execute(
        sa.select(CampShift.id, CampShift.project_id, CampShift.title, CampShift.starts_at,
                  CampShift.sequence, CampVolunteer.user_id, CampVolunteer.code)
        .join(CampActivity, CampActivity.id == CampShift.activity_id)
        .join(CampSignup, CampSignup.shift_id == CampShift.id)
        .join(CampVolunteer, CampVolunteer.id == CampSignup.volunteer_id)
        .where(days, CampShift.status == ShiftStatus.SCHEDULED,
               CampSignup.status == SignupStatus.SEATED, CampVolunteer.user_id.is_not(None))
        .order_by(CampShift.id, CampVolunteer.user_id)).all()
    people = recipients({row.user_id for row in rows})
    return in_batches(rows, lambda row: _remind(row, people[row.user_id], tomorrow))


def _remind(row, person, day: date) -> int:
    made = notify(person, "camp_shift_reminder",
                  remind_key(row.id, row.sequence, day, row.user_id), "tomorrow",
                  link=link("realisation.show_shift", project_id=row.project_id,
                            shift_id=row.id),
                  title=row.title, when=moment(day, row.starts_at), code=row.code)
    return int(made is not None)
