"""The camp plan: the six days from the camp window, the team plans activities, everyone
sees the programme; dates outside the window, bad input and the wrong people refused."""

from datetime import timedelta

import pytest

from stedskaping.realisation.camp import operations
from stedskaping.realisation.camp.days import CampError, camp_days, date_of
from stedskaping.realisation.camp.models import CampActivity
from stedskaping.realisation.measures.models import Measure
from tests.fixtures.factories import make_cast
from tests.realisation.camp.helpers import plan_activity, post, text


def _form(cast, **changes):
    return {"day_on": cast["days"][1].isoformat(), "starts_at": "09:00", "ends_at": "12:30",
            "title": "Planting beds", "place": "North lawn", "description": "",
            "lead_id": str(cast["member"].id), "lead_name": "", "measure_id": "", **changes}


def _url(cast, tail="/activities/new"):
    return f"/projects/{cast['project'].id}/camp{tail}"


def test_the_camp_has_six_days_from_the_window(cast):
    days = cast["days"]
    assert len(days) == 6 and days[-1] - days[0] == timedelta(days=5)


def test_the_team_plans_an_activity_and_everyone_sees_it(cast, login_as, client, db):
    measure = Measure(project_id=cast["project"].id, title="Two benches")
    db.session.add(measure)
    db.session.flush()
    login_as(cast["initiator"])
    response = post(client, _url(cast), _form(cast, measure_id=str(measure.id)),
                    page=_url(cast))
    assert response.status_code == 302
    page = text(client.get(_url(cast, "")))
    assert "The activity is on the camp's programme." in page
    assert "Planting beds" in page and "North lawn" in page
    assert f"Lead: {cast['member'].name}" in page and "Builds: Two benches" in page
    assert "09:00" in page and "12:30" in page
    # A visitor sees the programme too, without the team's tools.
    with client.session_transaction() as session:
        session.clear()
    public = text(client.get(_url(cast, "")))
    assert "Planting beds" in public and "Add an activity" not in public


def test_the_public_project_page_shows_the_camp_days(cast, client):
    plan_activity(cast)
    page = text(client.get(f"/projects/{cast['project'].id}"))
    assert "Camp programme" in page and "1 activity" in page


@pytest.mark.parametrize("changes, message", [
    ({"day_on": "2020-01-01"}, "Choose a day of the camp"),
    ({"ends_at": "08:00"}, "The activity must end after it starts, on the same day."),
    ({"title": "   "}, "Give the activity a title."),
    ({"starts_at": "25:99"}, "Not a valid time value."),
    ({"day_on": "99999-01-01"}, ""),
    ({"lead_id": "999999"}, "Choose the lead among the project's team."),
])
def test_bad_input_is_shown_on_the_field_and_saves_nothing(cast, login_as, client, db,
                                                           changes, message):
    login_as(cast["initiator"])
    response = post(client, _url(cast), _form(cast, **changes), page=_url(cast))
    assert response.status_code == 400
    assert message in text(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(CampActivity)) == 0


def test_a_day_just_outside_the_window_gets_a_clear_error(cast, english):
    plan = operations.ActivityPlan(day_on=cast["days"][-1] + timedelta(days=1),
                                   starts_at=None, ends_at=None, title="Late")
    with pytest.raises(CampError) as refused:
        operations.add_activity(cast["project"], cast["initiator"], plan)
    assert "Choose a day of the camp" in str(refused.value.errors["day_on"])


def test_a_re_plan_moves_the_programme_with_the_window(cast, db):
    activity = plan_activity(cast, day_number=3)
    window = next(w for w in cast["project"].windows if w.stage_key == "realisation")
    window.starts_on += timedelta(days=14)
    window.ends_on += timedelta(days=14)
    db.session.flush()
    assert date_of(cast["project"], activity.day_number) == cast["days"][2] + timedelta(days=14)


def test_a_measure_of_another_project_is_refused(cast, db, english):
    other = make_cast()["project"]
    measure = Measure(project_id=other.id, title="Not ours")
    db.session.add(measure)
    db.session.flush()
    with pytest.raises(CampError) as refused:
        plan_activity(cast, measure_id=measure.id)
    assert "Choose one of the project's measures." in str(refused.value.errors["measure_id"])


@pytest.mark.parametrize("who", ["other_user", "facilitator", "other_facilitator"])
def test_only_the_team_plans(cast, login_as, client, who):
    login_as(cast[who])
    assert client.get(_url(cast)).status_code == 403


def test_another_projects_activity_is_not_found(cast, login_as, client):
    other = make_cast()
    theirs = plan_activity({**other, "days": camp_days(other["project"])})
    login_as(cast["initiator"])
    assert client.get(_url(cast, f"/activities/{theirs.id}/edit")).status_code == 404
    assert client.get(_url(cast, "/activities/2147483648/edit")).status_code == 404


def test_the_safety_briefing_is_saved(cast, login_as, client):
    login_as(cast["initiator"])
    url = _url(cast, "/briefing")
    assert post(client, url, {"text": "  "}, page=url).status_code == 400
    assert post(client, url, {"text": "Gloves on."}, page=url).status_code == 302
    assert "Change the safety briefing" in text(client.get(_url(cast, "")))


def test_the_team_changes_an_activity(cast, login_as, client, db):
    activity = plan_activity(cast)
    login_as(cast["member"])
    url = _url(cast, f"/activities/{activity.id}/edit")
    page = text(client.get(url))
    assert "Change the activity" in page
    response = post(client, url, _form(cast, title="Benches and tables",
                                       day_on=cast["days"][4].isoformat()), page=url)
    assert response.status_code == 302
    db.session.refresh(activity)
    assert (activity.title, activity.day_number) == ("Benches and tables", 5)


def test_an_activity_with_shifts_stays_until_they_are_cancelled(cast, login_as, client, db):
    from tests.realisation.camp.helpers import plan_shift

    activity = plan_activity(cast)
    plan_shift(cast, activity)
    with pytest.raises(CampError, match="cancel them first"):
        operations.remove_activity(activity, cast["initiator"])
    login_as(cast["initiator"])
    url = _url(cast, f"/activities/{activity.id}/delete")
    post(client, url, {}, page=_url(cast, ""))
    assert db.session.get(CampActivity, activity.id) is not None


def test_the_home_shows_the_camp_as_it_comes_near(cast, login_as, client, db):
    from tests.conftest import TODAY
    from tests.realisation.camp.helpers import into_camp

    login_as(cast["initiator"])
    home = f"/projects/{cast['project'].id}/home"
    assert "The camp programme, shifts and check-in" not in text(client.get(home))  # the idea
    into_camp(cast, db, TODAY)
    page = text(client.get(home))
    assert "The camp programme, shifts and check-in" in page and "The dugnad ledger" in page


def test_the_activities_are_in_the_calendar_feed(cast, client):
    import icalendar

    plan_activity(cast, day_number=2, title="Benches")
    feed = client.get(f"/calendar/{cast['project'].calendar_token}.ics?lang=en")
    events = [e for e in icalendar.Calendar.from_ical(feed.data).walk("VEVENT")
              if str(e["summary"]) == "Benches"]
    assert len(events) == 1
    starts = events[0]["dtstart"].dt
    assert starts.date() == cast["days"][1] and (starts.hour, starts.minute) == (9, 0)
    assert str(events[0]["location"]) == "By the river"
