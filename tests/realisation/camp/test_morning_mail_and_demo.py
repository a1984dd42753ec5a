"""The morning mail of a camp day sends the day's real programme (activities and each
shift's free places), or the day plan task's text when there are no activities; the demo
fills a project in its camp week."""

from datetime import time

import sqlalchemy as sa

from stedskaping.notifications.models import Notification
from stedskaping.notifications.notices import render
from stedskaping.projects.jobs import camp_programme
from stedskaping.realisation.camp.demo import seed_camp
from stedskaping.realisation.camp.queries import programme
from stedskaping.realisation.ledger.queries import ledger
from stedskaping.realisation.measures.models import Measure
from stedskaping.realisation.shifts import signups
from stedskaping.realisation.shifts.models import CampSignup
from tests.conftest import TODAY
from tests.fixtures.factories import make_user
from tests.realisation.camp.helpers import into_camp, plan_activity, plan_shift


def _mail(db, user, lang="en"):
    row = db.session.scalar(sa.select(Notification).where(
        Notification.user_id == user.id, Notification.kind == "camp_programme"))
    return render(row, lang)


def test_the_morning_mail_sends_the_days_programme(cast, db):
    cast["initiator"].locale = "en"  # the programme is written in each reader's language
    into_camp(cast, db, TODAY, day_number=2)
    activity = plan_activity(cast, day_number=2, title="Benches", lead_name="Kari Snekker")
    shift = plan_shift(cast, activity, title="Carpentry", capacity=4)
    plan_activity(cast, day_number=3, title="Not today")
    signups.sign_up(shift, cast["project"], make_user(), signups.SignUp())
    assert camp_programme(TODAY) == 2  # the initiator and the member
    shown = _mail(db, cast["initiator"])
    assert shown.title.startswith("Camp day 2 of 6")
    assert "09:00–13:00 Benches (By the river) · lead: Kari Snekker" in shown.body
    assert "Carpentry 09:00–13:00: 3 of 4 places free" in shown.body
    assert "Not today" not in shown.body


def test_the_mail_is_in_the_readers_language(cast, db):
    cast["initiator"].locale = "nb"
    into_camp(cast, db, TODAY)
    plan_shift(cast, plan_activity(cast, day_number=2, lead_name="Kari"))
    camp_programme(TODAY)
    assert "leder: Kari" in _mail(db, cast["initiator"], "nb").body


def test_without_activities_the_mail_falls_back_to_the_task_text(cast, db):
    into_camp(cast, db, TODAY)
    camp_programme(TODAY)
    shown = _mail(db, cast["initiator"])
    assert shown.title.startswith("Camp day 2 of 6")
    assert "places free" not in shown.body


def test_the_demo_fills_a_camp_week(cast, db):
    project = into_camp(cast, db, TODAY, day_number=3)
    db.session.add(Measure(project_id=project.id, title="To benker ved elva"))
    from stedskaping.funding.models import HOURS, Campaign, Pledge, PledgeStatus

    campaign = Campaign(project_id=project.id, minimum_amount=100_00, optimum_amount=200_00)
    db.session.add(campaign)
    db.session.flush()
    backer = make_user(name="Demo Backer")
    db.session.add(Pledge(campaign_id=campaign.id, backer_id=backer.id, kind=HOURS,
                          status=PledgeStatus.OFFERED, hours=8))
    db.session.flush()
    neighbours = [make_user() for _ in range(6)]
    made = seed_camp(project, {"lead": cast["initiator"], "safety": cast["member"],
                               "backer": backer, "neighbours": neighbours}, TODAY)
    assert made["activities"] == 18 and made["shifts"] == 24 and made["checked_in"] > 0
    days = programme(project)
    assert all(d.activities for d in days) and all(d.is_safe for d in days)
    backer_rows = db.session.scalars(sa.select(CampSignup).where(
        CampSignup.pledge_id.is_not(None))).all()
    assert sum(r.shift.minutes for r in backer_rows) <= 8 * 60 and backer_rows
    assert ledger(project).minutes > 0 and ledger(project).entered_grants == 5_000_000
    # The shifts of the days to come are still open, and nobody is checked in on them.
    assert days[4].activities[0].shifts[0].checked_in == 0
    assert days[0].activities[0].shifts[0].checked_in > 0
    assert time(9) == days[0].activities[0].activity.starts_at
