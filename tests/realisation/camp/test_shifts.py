"""Volunteer shifts: a neighbour signs up and gets a code, the waitlist and its promotion,
the minimum age, overlaps warned, backers' pledged hours, moves and cancellations told,
reminders the day before, and the safety rule on the plan."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from stedskaping.funding.models import HOURS, Campaign, Pledge, PledgeStatus
from stedskaping.notifications.models import Notification
from stedskaping.realisation.camp.days import CampError
from stedskaping.realisation.shifts import jobs, operations, signups
from stedskaping.realisation.shifts.models import CampSignup, SignupStatus
from tests.fixtures.factories import make_cast, make_user
from tests.realisation.camp.helpers import plan_activity, plan_shift, post, text


def _shift_url(cast, shift, tail=""):
    return f"/projects/{cast['project'].id}/camp/shifts/{shift.id}{tail}"


def _notices(db, user):
    return [(n.kind, n.key) for n in db.session.scalars(
        sa.select(Notification).where(Notification.user_id == user.id))]


def test_a_neighbour_signs_up_and_gets_a_code(cast, login_as, client):
    shift = plan_shift(cast, plan_activity(cast), skills="Carpentry, a drill")
    neighbour = make_user(name="Nora Nabo")
    login_as(neighbour)
    url = _shift_url(cast, shift)
    response = post(client, url + "/sign-up", {}, page=url)
    assert response.status_code == 302
    page = text(client.get(url))
    code = signups.volunteer_for(cast["project"].id, neighbour, create=False).code
    assert "You are on the shift. Your code for check-in is " + code in page
    assert len(code) == 8 and not set(code) & set("OI01")
    assert "1 of 2 taken" in page and "Carpentry, a drill" in page


def test_an_unconfirmed_account_cannot_sign_up(cast, db, english):
    """(Such an account cannot log in either; the operation refuses it all the same.)"""
    shift = plan_shift(cast, plan_activity(cast))
    with pytest.raises(CampError, match="Confirm your e-mail address before you sign up."):
        signups.sign_up(shift, cast["project"], make_user(is_confirmed=False), signups.SignUp())
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CampSignup)) == 0


def test_visitors_are_asked_to_log_in(cast, client):
    shift = plan_shift(cast, plan_activity(cast))
    assert "Log in to sign up" in text(client.get(_shift_url(cast, shift)))


def test_the_full_shift_has_a_waitlist_promoted_first_come(cast, db, english):
    shift = plan_shift(cast, plan_activity(cast), capacity=1)
    first, second, third = (make_user() for _ in range(3))
    rows = [signups.sign_up(shift, cast["project"], u, signups.SignUp())
            for u in (first, second, third)]
    assert [r.status for r in rows] == [SignupStatus.SEATED, SignupStatus.WAITLISTED,
                                        SignupStatus.WAITLISTED]
    signups.cancel(shift, cast["project"], first)
    assert rows[1].status == SignupStatus.SEATED and rows[2].status == SignupStatus.WAITLISTED
    assert any(kind == "camp_shift_changed" for kind, _key in _notices(db, second))


def test_the_minimum_age_is_confirmed_with_a_box(cast, login_as, client):
    shift = plan_shift(cast, plan_activity(cast), minimum_age=16)
    login_as(make_user())
    url = _shift_url(cast, shift)
    assert "I am at least 16 years old." in text(client.get(url))
    refused = post(client, url + "/sign-up", {}, page=url)
    assert refused.status_code == 400
    assert "Confirm that you are at least 16 years old." in text(refused)
    assert post(client, url + "/sign-up", {"is_age_confirmed": "y"}, page=url).status_code == 302


def test_an_overlapping_shift_is_warned_not_silently_allowed(cast, login_as, client, db):
    activity = plan_activity(cast)
    one, two = plan_shift(cast, activity), plan_shift(cast, activity, title="Carrying")
    person = make_user()
    signups.sign_up(one, cast["project"], person, signups.SignUp())
    login_as(person)
    url = _shift_url(cast, two)
    warned = post(client, url + "/sign-up", {}, page=url)
    assert warned.status_code == 409
    assert "You already have a shift at that time:" in text(warned) and "Carpentry" in text(warned)
    assert signups.signup_of(two, signups.volunteer_for(cast["project"].id, person)) is None
    accepted = post(client, url + "/sign-up", {"is_overlap_accepted": "y"}, page=url)
    assert accepted.status_code == 302


def test_a_backer_who_pledged_hours_sees_them_against_the_shifts(cast, login_as, client, db):
    backer = make_user(name="Berit Backer")
    campaign = Campaign(project_id=cast["project"].id, minimum_amount=100_00,
                        optimum_amount=200_00)
    db.session.add(campaign)
    db.session.flush()
    pledge = Pledge(campaign_id=campaign.id, backer_id=backer.id, kind=HOURS,
                    status=PledgeStatus.OFFERED, hours=6)
    db.session.add(pledge)
    db.session.flush()
    shift = plan_shift(cast, plan_activity(cast))  # 09:00 to 13:00: 4 hours
    row = signups.sign_up(shift, cast["project"], backer, signups.SignUp())
    assert row.pledge_id == pledge.id
    login_as(backer)
    page = text(client.get(f"/projects/{cast['project'].id}/camp"))
    assert "You pledged 6 hours; you have signed up for 4 hours of shifts." in page
    login_as(cast["initiator"])
    team = text(client.get(f"/projects/{cast['project'].id}/camp"))
    assert "Backers who pledged hours" in team and "Berit Backer 6 4" in team


def test_moving_a_shift_tells_those_on_it_and_the_reminder_follows(cast, db, english):
    shift = plan_shift(cast, plan_activity(cast))
    person = make_user()
    signups.sign_up(shift, cast["project"], person, signups.SignUp())
    day = cast["days"][0]
    assert jobs.shift_reminders(day - timedelta(days=1)) == 1
    assert jobs.shift_reminders(day - timedelta(days=1)) == 0  # once
    plan = operations.ShiftPlan(title=shift.title, starts_at=shift.starts_at.replace(hour=10),
                                ends_at=shift.ends_at, capacity=2)
    assert operations.change_shift(shift, cast["project"], cast["initiator"], plan)
    kinds = [kind for kind, key in _notices(db, person)]
    assert kinds.count("camp_shift_changed") == 1
    assert jobs.shift_reminders(day - timedelta(days=1)) == 1  # the new time, reminded again


def test_cancelling_a_shift_asks_first_and_tells_everyone(cast, login_as, client, db):
    shift = plan_shift(cast, plan_activity(cast))
    person = make_user(name="Per Person")
    signups.sign_up(shift, cast["project"], person, signups.SignUp())
    login_as(cast["initiator"])
    url = _shift_url(cast, shift, "/cancel")
    confirm = text(client.get(url))
    assert "This cannot be undone." in confirm and "Per Person" in confirm
    assert post(client, url, {}, page=url).status_code == 302
    assert "The shift is cancelled." in text(client.get(_shift_url(cast, shift)))
    assert ("camp_shift_changed", f"camp-shift-cancelled:{shift.id}:1") in [
        (k, key.rsplit(":", 1)[0] + ":1") for k, key in _notices(db, person)]
    row = db.session.scalar(sa.select(CampSignup))
    assert row.status == SignupStatus.CANCELLED


def test_the_safety_rule_warns_on_the_plan_per_day(cast, login_as, client, app, db):
    app.config["CAMP_VOLUNTEERS_PER_SAFETY_LEAD"] = 2
    try:
        activity = plan_activity(cast)
        shift = plan_shift(cast, activity, capacity=5)
        for _ in range(3):
            signups.sign_up(shift, cast["project"], make_user(), signups.SignUp())
        login_as(cast["initiator"])
        page = text(client.get(f"/projects/{cast['project'].id}/camp"))
        assert ("Safety: too few safety leads this day. Volunteers: 3. Safety leads needed: 2, "
                "planned: 0." in page)
        safety = plan_shift(cast, activity, title="Safety", is_safety=True,
                            lead_id=cast["member"].id)
        signups.sign_up(safety, cast["project"], make_user(), signups.SignUp(
            is_overlap_accepted=True))
        page = text(client.get(f"/projects/{cast['project'].id}/camp"))
        assert "Safety:" not in page and "2 safety leads" in page
    finally:
        app.config["CAMP_VOLUNTEERS_PER_SAFETY_LEAD"] = 100


@pytest.mark.parametrize("changes, field_message", [
    ({"capacity": "0"}, "Give the number of places, from 1 to 1000."),
    ({"capacity": "99999999999"}, "Write a whole number"),
    ({"minimum_age": "150"}, "Give a minimum age from 1 to 99, or leave it empty."),
    ({"ends_at": "08:00"}, "The shift must end after it starts, on the same day."),
    ({"title": " \t "}, "Give the shift a name."),
])
def test_bad_shift_input_is_refused(cast, login_as, client, db, changes, field_message):
    activity = plan_activity(cast)
    login_as(cast["initiator"])
    url = f"/projects/{cast['project'].id}/camp/activities/{activity.id}/shifts/new"
    data = {"title": "Carpentry", "starts_at": "09:00", "ends_at": "12:00", "capacity": "4",
            "skills": "", "minimum_age": "", "lead_id": "", **changes}
    response = post(client, url, data, page=url)
    assert response.status_code == 400 and field_message in text(response)


@pytest.mark.parametrize("who", ["other_user", "facilitator"])
def test_only_the_team_plans_shifts(cast, login_as, client, who):
    activity = plan_activity(cast)
    shift = plan_shift(cast, activity)
    login_as(cast[who])
    assert client.get(f"/projects/{cast['project'].id}/camp/activities/{activity.id}"
                      "/shifts/new").status_code == 403
    assert client.get(_shift_url(cast, shift, "/edit")).status_code == 403
    assert client.get(_shift_url(cast, shift, "/cancel")).status_code == 403


def test_another_projects_shift_is_not_found(cast, login_as, client):
    from stedskaping.realisation.camp.days import camp_days

    other = make_cast()
    theirs = plan_shift(other, plan_activity({**other, "days": camp_days(other["project"])}))
    login_as(cast["initiator"])
    assert client.get(_shift_url(cast, theirs)).status_code == 404
    assert client.get(_shift_url(cast, theirs, "/check-in")).status_code == 404


def test_a_past_day_takes_no_sign_ups(cast, clock, english):
    shift = plan_shift(cast, plan_activity(cast))
    clock.move_to(cast["days"][1].isoformat() + "T10:00:00+00:00")
    with pytest.raises(CampError, match="passed"):
        signups.sign_up(shift, cast["project"], make_user(), signups.SignUp())


def test_leaving_a_shift_on_the_page_gives_the_place_to_the_next(cast, login_as, client, db):
    shift = plan_shift(cast, plan_activity(cast), capacity=1)
    first, waiting = make_user(), make_user(name="Vera Venter")
    signups.sign_up(shift, cast["project"], first, signups.SignUp())
    row = signups.sign_up(shift, cast["project"], waiting, signups.SignUp())
    login_as(first)
    url = _shift_url(cast, shift)
    assert post(client, url + "/withdraw", {}, page=url).status_code == 302
    assert "You are off the shift." in text(client.get(url))
    db.session.refresh(row)
    assert row.status == SignupStatus.SEATED
    from stedskaping.notifications.notices import render

    notice = db.session.scalar(sa.select(Notification).where(
        Notification.user_id == waiting.id))
    shown = render(notice, "en")
    assert shown.title == "You have a place: Carpentry"
    assert row.volunteer.code in shown.body and "A place became free" in shown.body


def test_a_paused_project_takes_no_sign_ups_and_sends_no_reminders(cast, db, english):
    shift = plan_shift(cast, plan_activity(cast))
    person = make_user()
    signups.sign_up(shift, cast["project"], person, signups.SignUp())
    cast["project"].state = "paused"  # a test's shortcut past the pause step
    db.session.flush()
    with pytest.raises(CampError, match="paused or has ended"):
        signups.sign_up(shift, cast["project"], make_user(), signups.SignUp())
    assert jobs.shift_reminders(cast["days"][0] - timedelta(days=1)) == 0


def test_moving_the_camp_tells_those_on_its_shifts_and_the_reminder_follows(cast, db,
                                                                            english):
    from stedskaping.projects import planning
    from stedskaping.projects.process import workflow_for

    shift = plan_shift(cast, plan_activity(cast, day_number=2), capacity=1)
    seated, waiting = make_user(), make_user()
    signups.sign_up(shift, cast["project"], seated, signups.SignUp())
    signups.sign_up(shift, cast["project"], waiting, signups.SignUp())
    project = cast["project"]
    old_day = cast["days"][1]
    new_camp_on = project.camp_on + timedelta(days=14)
    planning.replan(project, workflow_for(project).workflow, cast["initiator"],
                    "The permit comes later.", camp_on=new_camp_on)
    for person in (seated, waiting):
        assert [kind for kind, key in _notices(db, person)] == ["camp_shift_changed"]
    new_day = new_camp_on + timedelta(days=1)
    assert jobs.shift_reminders(old_day - timedelta(days=1)) == 0
    assert jobs.shift_reminders(new_day - timedelta(days=1)) == 1  # the one with a place


def test_moving_an_activity_to_another_day_tells_those_on_its_shifts(cast, db, english):
    from stedskaping.realisation.camp import operations as camp_ops

    activity = plan_activity(cast, day_number=2)
    shift = plan_shift(cast, activity)
    person = make_user()
    signups.sign_up(shift, cast["project"], person, signups.SignUp())
    plan = camp_ops.ActivityPlan(day_on=cast["days"][2], starts_at=activity.starts_at,
                                 ends_at=activity.ends_at, title="Benches, a day later")
    camp_ops.change_activity(activity, cast["project"], cast["initiator"], plan)
    assert [kind for kind, key in _notices(db, person)] == ["camp_shift_changed"]
    assert jobs.shift_reminders(cast["days"][1] - timedelta(days=1)) == 0
    assert jobs.shift_reminders(cast["days"][2] - timedelta(days=1)) == 1
    plan = camp_ops.ActivityPlan(day_on=cast["days"][2], starts_at=activity.starts_at,
                                 ends_at=activity.ends_at, title="Benches, the same day")
    camp_ops.change_activity(activity, cast["project"], cast["initiator"], plan)
    moves = [kind for kind, key in _notices(db, person) if kind == "camp_shift_changed"]
    assert len(moves) == 1  # a new title is no move


def test_a_camp_finished_early_takes_no_sign_ups_and_sends_no_reminders(cast, db, english):
    shift = plan_shift(cast, plan_activity(cast, day_number=3))
    person = make_user()
    signups.sign_up(shift, cast["project"], person, signups.SignUp())
    cast["project"].state = "evaluation"  # finish_camp taken on day 2 of 6
    db.session.flush()
    with pytest.raises(CampError, match="The camp is over"):
        signups.sign_up(shift, cast["project"], make_user(), signups.SignUp())
    assert jobs.shift_reminders(cast["days"][2] - timedelta(days=1)) == 0
