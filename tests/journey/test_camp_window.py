"""Ending the camp stage by hand: a plain button inside its window, a reason outside it."""

from datetime import timedelta

import sqlalchemy as sa

from stedskaping import plugins
from stedskaping.projects import process
from stedskaping.projects.models import Project, StateTransition
from tests.conftest import TODAY
from tests.fixtures.factories import (
    add_member,
    complete_required_tasks,
    make_facilitator,
    make_municipality,
    make_project,
    make_user,
    walk_to_crowdfunding,
)
from tests.fixtures.forms import submit
from tests.fixtures.participation import gather_for


def _at_camp(monkeypatch, camp_starts_on):
    """A project in its camp stage, whose camp window starts on ``camp_starts_on``."""
    municipality = make_municipality()
    cast = {"initiator": make_user(), "facilitator": make_facilitator(municipality)}
    project = make_project(municipality=municipality, initiator=cast["initiator"],
                           start_on=camp_starts_on - timedelta(weeks=26))
    add_member(project)  # mobilisation needs a team of two
    monkeypatch.setitem(plugins.current().facts, "campaign_minimum_reached", lambda p: True)
    walk_to_crowdfunding(project, cast["initiator"], cast["facilitator"])
    process.advance(project, "campaign_succeeded", process.SYSTEM)
    complete_required_tasks(project, cast["initiator"])
    gather_for(project, "finish_camp")  # v3: a keeper who confirmed
    assert project.state == "realisation"
    return project, cast


def _state(db, project):
    db.session.expire_all()
    return db.session.get(Project, project.id).state


def test_outside_the_window_the_step_asks_for_a_reason(client, db, login_as, monkeypatch,
                                                       frozen):
    project, cast = _at_camp(monkeypatch, TODAY + timedelta(days=10))  # 11 to 16 December
    login_as(cast["initiator"])
    home_url = f"/projects/{project.id}/home"
    home = client.get(home_url + "?lang=en").get_data(as_text=True)
    assert "The camp is done" in home
    assert ("The camp is planned from 11 December 2026 to 16 December 2026, and today is "
            "outside that window: give a reason to end the stage now.") in home
    assert '<label for="comment-finish_camp">Reason (required)</label>' in home
    assert 'aria-describedby="window-finish_camp"' in home

    url = f"/projects/{project.id}/move/finish_camp?lang=en"
    response = submit(client, url, {"comment": "  "}, page=home_url)
    assert response.status_code == 422
    assert "give a reason to end the stage now" in response.get_data(as_text=True)
    assert _state(db, project) == "realisation"

    response = submit(client, url, {"comment": "Bygget ble ferdig tidlig."}, page=home_url)
    assert response.status_code == 302
    assert _state(db, project) == "evaluation"
    record = db.session.scalars(sa.select(StateTransition).order_by(
        StateTransition.id.desc())).first()
    assert (record.trigger, record.comment) == ("finish_camp", "Bygget ble ferdig tidlig.")


def test_after_the_window_the_facilitator_also_needs_a_reason(client, db, login_as,
                                                              monkeypatch, frozen):
    project, cast = _at_camp(monkeypatch, TODAY - timedelta(days=20))  # ended 6 days ago
    login_as(cast["facilitator"])
    review_url = f"/supervision/projects/{project.id}"
    page = client.get(review_url + "?lang=en").get_data(as_text=True)
    assert "today is outside that window" in page
    response = submit(client, f"{review_url}/decide/finish_camp?lang=en", {"comment": ""},
                      page=review_url)
    assert response.status_code == 422
    assert "give a reason to end the stage now" in response.get_data(as_text=True)
    assert _state(db, project) == "realisation"


def test_inside_the_window_it_is_the_plain_button(client, db, login_as, monkeypatch, frozen):
    project, cast = _at_camp(monkeypatch, TODAY - timedelta(days=5))  # last camp day today
    login_as(cast["initiator"])
    home_url = f"/projects/{project.id}/home"
    home = client.get(home_url + "?lang=en").get_data(as_text=True)
    assert "The camp is done" in home and "Reason (required)" not in home
    assert "today is outside that window" not in home
    response = submit(client, f"/projects/{project.id}/move/finish_camp", {"comment": ""},
                      page=home_url)
    assert response.status_code == 302
    assert _state(db, project) == "evaluation"


def test_pausing_the_camp_needs_no_window_reason(client, db, login_as, monkeypatch, frozen):
    project, cast = _at_camp(monkeypatch, TODAY + timedelta(days=10))
    login_as(cast["facilitator"])
    review_url = f"/supervision/projects/{project.id}"
    response = submit(client, f"{review_url}/decide/pause", {"comment": "Vinterpause."},
                      page=review_url)
    assert response.status_code == 302
    assert _state(db, project) == "paused"
