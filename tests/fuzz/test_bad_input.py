"""Each cause of a 500 the fuzz test found, answered with a message and nothing changed."""

import pytest
import sqlalchemy as sa

from stedskaping.fields import AMOUNT_MAX, INTEGER_MAX, parse_kroner
from stedskaping.funding.models import Campaign, MatchFund, Reward
from stedskaping.projects.models import Project, TaskComment
from stedskaping.supervision.models import FacilitatorNote
from tests.fixtures.factories import (
    make_facilitator,
    make_municipality,
    make_project,
    make_user,
)
from tests.fixtures.forms import submit
from tests.fixtures.stripe import live_campaign


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _task_url(project) -> str:
    return f"/projects/{project.id}/tasks/idea/describe_idea"


# --- NUL bytes and line breaks: the request guard (stedskaping/input.py) ---

def test_nul_in_a_form_value_is_refused_before_anything_is_saved(client, db, login_as):
    initiator = make_user()
    project = make_project(initiator=initiator)
    login_as(initiator)
    url = _task_url(project)
    response = submit(client, url + "/comments?lang=en", {"body": "Hei\x00du"}, page=url)
    assert response.status_code == 400
    assert "contains a NUL character" in response.get_data(as_text=True)
    assert _count(db, TaskComment) == 0


def test_nul_in_a_new_project_is_refused_on_every_database(client, db, login_as):
    login_as(make_user())
    municipality = make_municipality()
    response = submit(client, "/projects/new?lang=en", {
        "title": "Parken\x00", "place_name": "Elva", "municipality": str(municipality.id),
        "description": "Benker.", "workflow": "stedskaping", "plan_from": "start",
        "plan_date": "2027-03-01"}, page="/projects/new")
    assert response.status_code == 400
    assert "NUL character" in response.get_data(as_text=True)
    assert _count(db, Project) == 0


@pytest.mark.parametrize("url", ["/projects/?q=a%00b&lang=en", "/projects/?q%00=x&lang=en",
                                 "/workflows/a%00b?lang=en"])
def test_nul_in_the_address_is_refused(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.get_data(as_text=True)


def test_nul_in_an_admin_address_part_is_refused(client, db, login_as):
    login_as(make_user(is_admin=True))
    response = client.get("/admin/municipalities/demo%00x?lang=en")
    assert response.status_code == 400


@pytest.mark.parametrize("url", ["/login?next=/x%0d%0aLocation:%20//evil.example&lang=en",
                                 "/projects/?q=a%0Ab&lang=en"])
def test_line_breaks_in_query_parameters_are_refused(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "line break is not allowed" in response.get_data(as_text=True)
    assert "Location" not in response.headers


def test_line_breaks_in_a_long_text_are_kept(client, db, login_as):
    initiator = make_user()
    project = make_project(initiator=initiator)
    login_as(initiator)
    url = _task_url(project)
    response = submit(client, url + "/comments", {"body": "Linje 1\r\nLinje 2"}, page=url)
    assert response.status_code == 302
    assert db.session.scalar(sa.select(TaskComment.body)) == "Linje 1\r\nLinje 2"


# --- ids past the integer column: the int URL converter answers 404 ---

@pytest.mark.parametrize("number", [str(INTEGER_MAX + 1), "9223372036854775808",
                                    "1" + "0" * 30, "9" * 5000])
def test_ids_beyond_the_integer_range_are_not_found(client, db, login_as, number):
    login_as(make_user(is_admin=True))
    for url in (f"/projects/{number}", f"/supervision/projects/{number}",
                f"/admin/pledges/{number}/refund", f"/pledges/{number}/card"):
        assert client.get(url).status_code == 404, url
    token_page = client.get("/projects/new").get_data(as_text=True)
    assert "csrf_token" in token_page
    response = submit(client, f"/projects/{number}/move/submit_for_review", {},
                      page="/projects/new")
    assert response.status_code == 404


def test_the_largest_id_still_reaches_the_view(client):
    assert client.get(f"/projects/{INTEGER_MAX}?lang=en").status_code == 404
    assert "We could not find this page" in client.get(
        f"/projects/{INTEGER_MAX}?lang=en").get_data(as_text=True)


# --- amounts past the column range: parse_kroner / MoneyField ---

def test_amounts_stop_at_the_column_range(app):
    from flask_babel import force_locale

    assert parse_kroner("21474836,47") == AMOUNT_MAX == 2**31 - 1
    with app.test_request_context(), force_locale("en"):
        for text in ("21474836,48", "999 999 999", "21474837"):
            with pytest.raises(ValueError, match="at most NOK\u00a021,474,836.47"):
                parse_kroner(text)
        for text in ("99999999999", "١٢٣"):  # too many digits; digits of another script
            with pytest.raises(ValueError, match="Write an amount in kroner"):
                parse_kroner(text)


@pytest.mark.parametrize(("typed", "accepted"), [
    (str(INTEGER_MAX), INTEGER_MAX), (str(-INTEGER_MAX), -INTEGER_MAX),
    (str(INTEGER_MAX + 1), None), ("1" + "0" * 30, None), ("9" * 5000, None)])
def test_whole_numbers_stop_at_the_column_range(app, typed, accepted):
    from flask_babel import force_locale
    from flask_wtf import FlaskForm
    from werkzeug.datastructures import MultiDict

    from stedskaping.fields import IntegerField

    class Form(FlaskForm):
        class Meta:
            csrf = False

        count = IntegerField("Count")

    with app.test_request_context(), force_locale("en"):
        form = Form(formdata=MultiDict({"count": typed}))
        assert form.validate() is (accepted is not None)
        assert form.count.data == accepted
        if accepted is None and len(typed) < 100:
            assert form.count.errors == [
                "Write a whole number between -2147483647 and 2147483647."]


def test_a_campaign_goal_beyond_the_range_is_refused(client, db, login_as):
    initiator = make_user()
    project = make_project(initiator=initiator)
    login_as(initiator)
    url = f"/projects/{project.id}/campaign/edit"
    response = submit(client, url + "?lang=en", {
        "minimum": "21474837", "optimum": "999 999 999", "story": "Vi bygger.",
        "cost_plan": "Benker; 999999999", "rewards": ""}, page=url)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    # the minimum, the optimum and the cost plan's line each say so
    assert html.count("Write an amount of at most NOK\u00a021,474,836.47.") >= 3
    assert _count(db, Campaign) == 0


def test_a_reward_quantity_beyond_the_range_is_refused(client, db, login_as):
    initiator = make_user()
    project = make_project(initiator=initiator)
    login_as(initiator)
    url = f"/projects/{project.id}/campaign/edit"
    for quantity in ("99999999999", "²"):
        response = submit(client, url + "?lang=en", {
            "minimum": "1000", "optimum": "2000", "story": "Vi bygger.",
            "cost_plan": "", "rewards": f"Takkekort; 100; {quantity}"}, page=url)
        assert response.status_code == 400, quantity
        assert "is not a number of rewards" in response.get_data(as_text=True)
    assert _count(db, Reward) == 0


def test_match_fund_caps_beyond_the_range_are_refused(client, db, login_as):
    login_as(make_user(is_admin=True))
    municipality = make_municipality()
    url = f"/admin/municipalities/{municipality.slug}"
    response = submit(client, url + "/match-funds?lang=en", {
        "fund-name": "Fondet", "fund-ratio_percent": "100",
        "fund-cap_per_project": "21474836,48", "fund-cap_per_pledge": "1000"}, page=url)
    assert response.status_code == 400
    assert "at most NOK\u00a021,474,836.47" in response.get_data(as_text=True)
    assert _count(db, MatchFund) == 0


# --- whitespace-only required texts: InputRequired refuses them ---

@pytest.mark.parametrize("blank", [" ", " \t ", "\r\n", "\u00a0\u3000"])
def test_whitespace_only_comments_and_notes_are_refused(client, db, login_as, blank):
    municipality = make_municipality()
    initiator = make_user()
    facilitator = make_facilitator(municipality)
    project = make_project(municipality=municipality, initiator=initiator)
    login_as(initiator)
    url = _task_url(project)
    response = submit(client, url + "/comments?lang=en", {"body": blank}, page=url)
    assert response.status_code == 400
    assert "Write a comment." in response.get_data(as_text=True)
    login_as(facilitator)
    review = f"/supervision/projects/{project.id}"
    response = submit(client, review + "/notes?lang=en", {"body": blank}, page=review)
    assert response.status_code == 400
    assert "Write the note." in response.get_data(as_text=True)
    assert _count(db, TaskComment) == _count(db, FacilitatorNote) == 0


def test_whitespace_only_amounts_are_refused_with_the_fields_message(client, db, login_as):
    initiator = make_user()
    project = make_project(initiator=initiator)
    login_as(initiator)
    url = f"/projects/{project.id}/campaign/edit"
    response = submit(client, url + "?lang=en", {"minimum": " \t ", "optimum": "100",
                                                 "story": "", "cost_plan": "", "rewards": ""},
                      page=url)
    assert response.status_code == 400
    assert "Give the minimum budget." in response.get_data(as_text=True)
    assert _count(db, Campaign) == 0


def test_whitespace_only_campaign_update_is_refused(client, db, login_as):
    world = live_campaign()
    login_as(world["initiator"])
    url = f"/projects/{world['project'].id}/campaign"
    response = submit(client, url + "/updates?lang=en", {"title": "Nytt", "body": "  \r\n "},
                      page=url)
    assert response.status_code == 400
    assert "Write the update." in response.get_data(as_text=True)


def test_whitespace_only_names_are_refused(client, db, login_as):
    user = make_user(name="Berit")
    login_as(user)
    response = submit(client, "/account/profile?lang=en", {"name": " \t", "locale": "nb"},
                      page="/account")
    assert response.status_code == 400
    assert "Enter your name." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.name == "Berit"


# --- an action this role or state does not offer: the refusal's message, not a 500 ---

def test_an_action_the_role_is_not_offered_answers_with_its_message(client, db, login_as):
    project = make_project()
    login_as(make_user(is_admin=True))  # admins pass the access rule, but are not members
    page = f"/projects/{project.id}/team"
    response = submit(client, page + "/visibility?lang=en", {"is_name_public": "y"},
                      page=page)
    assert response.status_code == 409
    assert "You are not in the team." in response.get_data(as_text=True)
