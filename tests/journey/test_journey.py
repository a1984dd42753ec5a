"""From a new project to asking for review, through the real forms."""

import re

import sqlalchemy as sa

from stedskaping.projects.models import Project, ProjectMember, StateTransition
from tests.fixtures.factories import make_facilitator, make_municipality, make_user
from tests.fixtures.forms import submit


def _create(client, where, **fields):
    data = {"title": "Møteplass i Elveparken", "place_name": "Elveparken",
            "municipality": str(where.id), "latitude": "60.3913", "longitude": "5.3221",
            "description": "Benker, bed og en liten scene ved elva.", "workflow": "stedskaping",
            "plan_from": "start", "plan_date": "2027-01-04"}
    data.update(fields)
    return submit(client, "/projects/new", data)


def test_initiator_creates_a_project_follows_the_guidance_and_asks_for_review(
        client, db, login_as, outbox):
    municipality = make_municipality(name="Bergen")
    facilitator = make_facilitator(municipality, email="fasilitator@bergen.no", locale="nb")
    initiator = make_user(name="Ivar", email="ivar@example.no", locale="en")
    login_as(initiator)

    response = _create(client, municipality)
    assert response.status_code == 302
    project = db.session.scalar(sa.select(Project))
    assert response.headers["Location"] == f"/projects/{project.id}/home"
    assert project.state == "idea" and project.camp_on.isoformat() == "2027-07-05"
    assert db.session.scalar(sa.select(ProjectMember.role)) == "initiator"

    home = client.get(f"/projects/{project.id}/home").get_data(as_text=True)
    assert 'aria-current="step"' in home and "What to do next" in home
    assert "Describe the idea" in home and "<svg" in home
    assert "Required tasks are still open: Describe the idea, The place and who owns it." in home

    task_url = f"/projects/{project.id}/tasks/idea/describe_idea"
    page = client.get(task_url).get_data(as_text=True)
    assert re.search(r"<strong>who uses\s+the place today</strong>", page)  # from Markdown
    # Marking done without the required field is refused and keeps nothing.
    response = submit(client, task_url, {"action": "complete", "summary": ""})
    assert response.status_code == 400
    assert "This is needed to mark the task as done." in response.get_data(as_text=True)
    # A draft may be incomplete; then the task is finished.
    assert submit(client, task_url, {"action": "save", "place_today": "Gress og søppel"}
                  ).status_code == 302
    assert "Draft saved" in client.get(task_url).get_data(as_text=True)
    response = submit(client, task_url, {"action": "complete", "summary": "En møteplass.",
                                         "place_today": "Gress"})
    assert response.status_code == 302
    owner_url = f"/projects/{project.id}/tasks/idea/place_and_owner"
    assert submit(client, owner_url, {"action": "complete", "owner_kind": "municipality",
                                      "property_id": "164/12",
                                      "map_link": "https://kart.example.no/164-12"}
                  ).status_code == 302

    stage = client.get(f"/projects/{project.id}/stages/idea").get_data(as_text=True)
    assert stage.count("Done") >= 2

    response = submit(client, f"/projects/{project.id}/move/submit_for_review", {},
                      page=f"/projects/{project.id}/home")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Project, project.id).state == "review"
    [record] = db.session.scalars(sa.select(StateTransition)).all()
    assert record.actor_id == initiator.id
    [notice] = outbox(kind="review_requested")
    assert notice.recipient == facilitator.email and notice.locale == "nb"
    assert "ber deg vurdere" in notice.subject
    assert f"/projects/{project.id}/home" in notice.body_text

    history = client.get(task_url).get_data(as_text=True)
    assert "Ivar marked “Describe the idea” as done." in history
    home = client.get(f"/projects/{project.id}/home").get_data(as_text=True)
    assert "Ivar moved the project to “Review by the facilitator”." in home


def test_plan_backward_from_a_camp_date(client, db, login_as):
    municipality = make_municipality()
    login_as(make_user())
    response = _create(client, municipality, plan_from="camp", plan_date="2027-08-16")
    assert response.status_code == 302
    project = db.session.scalar(sa.select(Project))
    assert project.camp_on.isoformat() == "2027-08-16"


def test_bad_project_input_gets_messages_and_creates_nothing(client, db, login_as):
    municipality = make_municipality()
    login_as(make_user())
    client.get("/?lang=en")
    response = _create(client, municipality, title="", latitude="91", longitude="",
                       plan_date="not a date", municipality="999999", workflow="nope")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    for message in ("Give the project a name.", "Between -90 and 90.",
                    "Give both latitude and longitude, or neither.",
                    "Give a date, like 2027-05-01.", "Not a valid choice."):
        assert message in html, message
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 0


def test_forbidden_and_impossible_moves_say_why(client, db, login_as):
    municipality = make_municipality()
    login_as(make_user())
    _create(client, municipality)
    project = db.session.scalar(sa.select(Project))
    response = submit(client, f"/projects/{project.id}/move/submit_for_review?lang=en", {},
                      page=f"/projects/{project.id}/home")
    assert response.status_code == 409
    assert "Required tasks are still open" in response.get_data(as_text=True)
    response = submit(client, f"/projects/{project.id}/move/approve_idea?lang=en", {},
                      page=f"/projects/{project.id}/home")
    assert response.status_code == 409  # not possible in this stage
    response = submit(client, f"/projects/{project.id}/move/cancel?lang=en", {"comment": ""},
                      page=f"/projects/{project.id}/home")
    assert response.status_code == 400
    assert "Write a comment" in response.get_data(as_text=True)
    assert db.session.get(Project, project.id).state == "idea"


def test_ask_for_a_new_camp_date(client, db, login_as):
    municipality = make_municipality()
    login_as(make_user())
    _create(client, municipality)
    project = db.session.scalar(sa.select(Project))
    url = f"/projects/{project.id}/camp-date"
    response = submit(client, url + "?lang=en", {"camp_on": "2027-08-02", "reason": ""})
    assert response.status_code == 400 and "Give a reason" in response.get_data(as_text=True)
    assert submit(client, url, {"camp_on": "2027-08-02", "reason": "Tillatelsene tar tid."}
                  ).status_code == 302
    response = submit(client, url + "?lang=en", {"camp_on": "2027-08-09", "reason": "Igjen"})
    assert response.status_code == 400
    assert "already waiting" in response.get_data(as_text=True)
    home = client.get(f"/projects/{project.id}/home?lang=en").get_data(as_text=True)
    assert re.search(r"Waiting for the facilitator: a new camp date, 2 August 2027", home)
