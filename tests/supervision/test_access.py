"""Who reaches each supervision route."""

import threading

import pytest
import sqlalchemy as sa

from stedskaping.accounts.operations import start_session
from stedskaping.db import unit_of_work
from stedskaping.extensions import db as _db
from stedskaping.projects import process
from stedskaping.projects.models import CampDateRequest, StateTransition
from tests.fixtures.factories import (
    complete_required_tasks,
    make_cast,
    make_facilitator,
    make_municipality,
    make_project,
    make_user,
)
from tests.fixtures.forms import csrf_token

ROLES = ("anonymous", "other_user", "member", "initiator", "facilitator", "other_facilitator",
         "admin")


@pytest.fixture
def world(db):
    """A project in review with a camp date request, and everyone around it."""
    cast = make_cast(municipality=make_municipality(slug="bergen"))
    project, initiator = cast["project"], cast["initiator"]
    complete_required_tasks(project, initiator)
    process.advance(project, "submit_for_review", initiator)
    request = CampDateRequest(project_id=project.id, requested_by_id=initiator.id,
                              camp_on=project.camp_on, reason="x")
    db.session.add(request)
    db.session.flush()
    return {**cast, "request": request}


R, F = 302, 403
FACILITATORS = {"anonymous": R, "other_user": F, "member": F, "initiator": F,
                "facilitator": 200, "other_facilitator": 200, "admin": 200}
OWN = {"anonymous": R, "other_user": F, "member": F, "initiator": F, "facilitator": 200,
       "other_facilitator": F, "admin": 200}
MATRIX = [
    ("get", "/supervision/", FACILITATORS),
    ("get", "/supervision/export.csv", FACILITATORS),
    ("get", "/supervision/reviews", FACILITATORS),
    ("get", "/supervision/projects/{id}", OWN),
    # A missing comment is refused with 400: access was granted.
    ("post", "/supervision/projects/{id}/decide/return_idea", {**OWN, "facilitator": 400,
                                                               "admin": 400}),
    ("post", "/supervision/projects/{id}/camp-date/{request}", {**OWN, "facilitator": 400,
                                                                "admin": 400}),
    ("post", "/supervision/projects/{id}/notes", {**OWN, "facilitator": 400, "admin": 400}),
    ("get", "/supervision/overview", {**dict.fromkeys(ROLES, F), "anonymous": R,
                                      "admin": 200}),
    ("post", "/admin/municipalities/bergen/programmes", {**dict.fromkeys(ROLES, F),
                                                         "anonymous": R, "admin": 400}),
]


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, world, login_as, role):
    if role != "anonymous":
        login_as(world[role])
    token = csrf_token(client, "/login" if role == "anonymous" else "/projects/")
    for method, url, expected in MATRIX:
        url = url.format(id=world["project"].id, request=world["request"].id)
        if method == "get":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token, "comment": "",
                                              "decision": "refuse", "body": ""})
        response.close()
        assert response.status_code == expected[role], (role, method, url)


def test_other_facilitator_dashboard_is_empty_of_this_project(client, world, login_as):
    login_as(world["other_facilitator"])
    assert world["project"].title not in client.get("/supervision/").get_data(as_text=True)
    assert world["project"].title not in client.get("/supervision/reviews").get_data(
        as_text=True)


@pytest.mark.commits
def test_two_facilitators_approve_the_same_gate_at_once(app):
    with app.app_context(), unit_of_work():
        municipality = make_municipality()
        initiator = make_user()
        project = make_project(municipality=municipality, initiator=initiator)
        complete_required_tasks(project, initiator)
        process.advance(project, "submit_for_review", initiator)
        facilitators = [make_facilitator(municipality) for _ in range(2)]
        sessions = [start_session(f) for f in facilitators]
        ids = [f.id for f in facilitators]
        project_id = project.id
    clients, tokens = [], []
    for user_id, sid in zip(ids, sessions, strict=True):
        client = app.test_client()
        with client.session_transaction() as session:
            session.update({"_user_id": str(user_id), "_fresh": True, "sid": sid})
        tokens.append(csrf_token(client, f"/supervision/projects/{project_id}"))
        clients.append(client)
    barrier, statuses = threading.Barrier(2), []

    def approve(client, token):
        barrier.wait()
        response = client.post(f"/supervision/projects/{project_id}/decide/approve_idea",
                               data={"csrf_token": token, "comment": "Ja"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=approve, args=pair) for pair in zip(clients, tokens,
                                                                           strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [302, 409]
    with app.app_context():
        approvals = _db.session.scalar(sa.select(sa.func.count()).select_from(
            StateTransition).where(StateTransition.project_id == project_id,
                                   StateTransition.trigger == "approve_idea"))
        assert approvals == 1
