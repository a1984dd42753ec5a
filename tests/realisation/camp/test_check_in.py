"""Check-in on the shift's day: by code or by name, walk-ins, the safety briefing
acknowledged, hours worked (the shift's length unless corrected), totals; only on the
day, and only by the shift's lead or the team."""

import pytest
import sqlalchemy as sa

from stedskaping.realisation.camp import operations as camp_ops
from stedskaping.realisation.shifts import signups
from stedskaping.realisation.shifts.models import CampSignup
from tests.fixtures.factories import make_user
from tests.realisation.camp.helpers import on_day, plan_activity, plan_shift, post, text


@pytest.fixture
def shift(cast):
    lead = make_user(name="Liv Lead")
    shift = plan_shift(cast, plan_activity(cast, day_number=2), lead_id=None, capacity=3)
    shift.lead_id = lead.id
    cast["lead"] = lead
    return shift


def _url(cast, shift, tail="/check-in"):
    return f"/projects/{cast['project'].id}/camp/shifts/{shift.id}{tail}"


def _signed_up(cast, shift, name="Nils Nabo"):
    person = make_user(name=name)
    row = signups.sign_up(shift, cast["project"], person, signups.SignUp())
    return person, row


def test_the_lead_checks_in_by_code_on_the_day(cast, shift, login_as, client, clock):
    _person, row = _signed_up(cast, shift)
    on_day(clock, cast["days"][1])
    login_as(cast["lead"])
    url = _url(cast, shift)
    code = row.volunteer.code
    typed = f"{code[:4].lower()} {code[4:]}"
    response = post(client, url + "/code", {"code": typed}, page=url)
    assert response.status_code == 302
    page = text(client.get(url))
    assert "Welcome, Nils Nabo: checked in." in page
    assert "1 of 3 checked in · 4 hours" in page


def test_check_in_by_name_and_the_briefing_is_acknowledged(cast, shift, login_as, client,
                                                           clock, db):
    camp_ops.save_briefing(cast["project"], cast["initiator"], "Gloves on, always.")
    _person, row = _signed_up(cast, shift)
    on_day(clock, cast["days"][1])
    login_as(cast["initiator"])
    url = _url(cast, shift)
    assert "Gloves on, always." in text(client.get(url))
    post(client, url + f"/{row.id}", {}, page=url)
    assert "The volunteer must acknowledge the safety briefing." in text(client.get(url))
    assert post(client, url + f"/{row.id}", {"acknowledged": "y"}, page=url).status_code == 302
    db.session.refresh(row)
    assert row.checked_in_dt and row.briefing_acknowledged_dt and row.worked_minutes == 240


def test_a_walk_in_is_added_and_checked_in(cast, shift, login_as, client, clock, db):
    on_day(clock, cast["days"][1])
    login_as(cast["lead"])
    url = _url(cast, shift)
    assert post(client, url + "/walk-in", {"name": "  ", "email": ""}, page=url
                ).status_code == 400
    bad = post(client, url + "/walk-in", {"name": "Kari", "email": "not-an-address"}, page=url)
    assert bad.status_code == 400 and "Give an e-mail address like" in text(bad)
    ok = post(client, url + "/walk-in", {"name": "Kari Walk", "email": "kari@example.no"},
              page=url)
    assert ok.status_code == 302
    page = text(client.get(url))
    assert "Kari Walk · walk-in · checked in" in page


def test_hours_default_to_the_shift_and_can_be_corrected(cast, shift, login_as, client, clock,
                                                         db):
    _person, row = _signed_up(cast, shift)
    on_day(clock, cast["days"][1])
    login_as(cast["lead"])
    url = _url(cast, shift)
    post(client, url + f"/{row.id}", {}, page=url)
    hours = _url(cast, shift, f"/hours/{row.id}")
    for bad in ("0", "17", "three", "99999999999"):
        response = post(client, hours, {f"hours-{row.id}-hours": bad}, page=url,
                        prefix=f"hours-{row.id}")
        assert response.status_code == 400, bad
    assert post(client, hours, {f"hours-{row.id}-hours": "3,5"}, page=url,
                prefix=f"hours-{row.id}").status_code == 302
    db.session.refresh(row)
    assert row.worked_minutes == 210
    page = client.get(url).get_data(as_text=True)
    assert "1 of 3 checked in · 3.5 hours" in text(client.get(url))
    assert 'value="3.5"' in page  # the field in the reader's decimal sign, as the totals
    login_as(cast["initiator"])
    plan = text(client.get(f"/projects/{cast['project'].id}/camp"))
    assert "3.5 hours worked" in plan  # the day
    assert "3.5 hours worked at the camp so far (checked in)." in plan  # the project


def test_check_in_is_open_on_the_shifts_day_only(cast, shift, login_as, client, clock, db):
    _person, row = _signed_up(cast, shift)
    on_day(clock, cast["days"][0])
    login_as(cast["lead"])
    url = _url(cast, shift)
    assert "Check-in is open on the shift's day only." in text(client.get(url))
    response = post(client, url + "/code", {"code": row.volunteer.code}, page=url)
    assert response.status_code == 409
    assert db.session.scalar(sa.select(CampSignup.checked_in_dt)) is None


def test_a_wrong_code_is_a_clear_error(cast, shift, login_as, client, clock):
    _signed_up(cast, shift)
    on_day(clock, cast["days"][1])
    login_as(cast["lead"])
    url = _url(cast, shift)
    response = post(client, url + "/code", {"code": "ZZZZZZZZ"}, page=url)
    assert response.status_code == 400
    assert "Nobody on this shift has the code ZZZZZZZZ." in text(response)


@pytest.mark.parametrize("who", ["other_user", "facilitator"])
def test_only_the_lead_or_the_team_checks_in(cast, shift, login_as, client, who):
    login_as(cast[who])
    assert client.get(_url(cast, shift)).status_code == 403


def test_a_sign_up_of_another_shift_is_not_found(cast, shift, login_as, client, clock):
    other = plan_shift(cast, shift.activity, title="Other")
    _person, row = _signed_up(cast, other)
    on_day(clock, cast["days"][1])
    login_as(cast["lead"])
    url = _url(cast, shift)
    assert post(client, url + f"/{row.id}", {}, page=url).status_code == 404


def test_a_paused_or_cancelled_project_checks_nobody_in(cast, shift, login_as, client, clock,
                                                        db):
    _person, row = _signed_up(cast, shift)
    on_day(clock, cast["days"][1])
    login_as(cast["lead"])
    url = _url(cast, shift)
    for state in ("paused", "cancelled"):
        cast["project"].state = state  # a test's shortcut past the pause and cancel steps
        db.session.flush()
        message = "The project is paused or has ended: nobody is checked in now."
        assert message in text(client.get(url))
        response = post(client, url + "/code", {"code": row.volunteer.code}, page=url)
        assert response.status_code == 409
        assert post(client, url + f"/{row.id}", {}, page=url).status_code == 302
        response = post(client, url + "/walk-in", {"name": "Walter Walk-in"}, page=url)
        assert response.status_code == 409
        assert db.session.scalar(sa.select(sa.func.count(CampSignup.id))) == 1
        assert db.session.scalar(sa.select(CampSignup.checked_in_dt)) is None


def test_a_camp_finished_early_checks_nobody_in(cast, shift, login_as, client, clock, db):
    _person, row = _signed_up(cast, shift)
    on_day(clock, cast["days"][1])
    cast["project"].state = "evaluation"  # finish_camp taken before this day
    db.session.flush()
    login_as(cast["lead"])
    url = _url(cast, shift)
    assert "The camp is over: nobody is checked in now." in text(client.get(url))
    response = post(client, url + "/code", {"code": row.volunteer.code}, page=url)
    assert response.status_code == 409
    assert db.session.scalar(sa.select(CampSignup.checked_in_dt)) is None
