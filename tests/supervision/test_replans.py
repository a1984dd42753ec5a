"""Re-plan requests reach the facilitator, and slip is measured against the approved plan."""

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from stedskaping.notifications.models import Notification, NotificationPreference
from stedskaping.notifications.notices import render
from stedskaping.projects import planning, process
from stedskaping.projects.models import CampDateRequest
from tests.conftest import TODAY
from tests.fixtures.factories import (
    add_member,
    make_facilitator,
    make_municipality,
    make_project,
    make_user,
)
from tests.fixtures.forms import submit

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def world(db):
    municipality = make_municipality(name="Bergen")
    initiator = make_user(name="Ivar", locale="en")
    # Started three days ago: its camp is on 29 May 2027.
    project = make_project(municipality=municipality, initiator=initiator,
                           start_on=TODAY - timedelta(days=3), title="Scenen")
    assert project.camp_on == date(2027, 5, 29)
    add_member(project, make_user(name="Mona"))
    return {"project": project, "initiator": initiator, "municipality": municipality,
            "facilitator": make_facilitator(municipality, name="Frida", locale="en"),
            "away": make_facilitator(make_municipality(), name="Tore")}


def _ask(client, login_as, world, camp_on, reason="Tillatelsene tar tid."):
    project = world["project"]
    login_as(world["initiator"])
    url = f"/projects/{project.id}/camp-date"
    return submit(client, url, {"camp_on": camp_on.isoformat(), "reason": reason})


def test_a_request_notifies_the_municipalitys_facilitators(client, db, login_as, world,
                                                           outbox):
    quiet = make_facilitator(world["municipality"], name="Stille")
    db.session.add(NotificationPreference(user_id=quiet.id, kind="camp_date_request",
                                          mode="off"))
    assert _ask(client, login_as, world, date(2027, 6, 26)).status_code == 302
    notices = db.session.scalars(sa.select(Notification).where(
        Notification.kind == "camp_date_request")).all()
    assert [n.user_id for n in notices] == [world["facilitator"].id]  # not Tore, not Stille
    [notice] = notices
    shown = render(notice, "en")
    assert shown.title == "Scenen asks for a new camp date"
    assert shown.body == ("Ivar asks to move the camp from 29 May 2027 to 26 June 2027. "
                          "The reason: Tillatelsene tar tid.")
    assert notice.link.endswith(f"/supervision/projects/{world['project'].id}#camp-heading")
    [mail] = outbox(kind="camp_date_request")
    assert mail.recipient == world["facilitator"].email
    assert "Scenen asks for a new camp date" in mail.subject


def test_the_review_queue_lists_requests_beside_gate_reviews(client, db, login_as, world):
    _ask(client, login_as, world, date(2027, 6, 26))
    login_as(world["facilitator"])
    page = client.get("/supervision/reviews?lang=en").get_data(as_text=True)
    assert "Requests for a new camp date" in page
    section = page.split('id="replans"')[1]
    assert "Scenen" in section and "From 29 May 2027 to 26 June 2027." in section
    assert f'href="/supervision/projects/{world["project"].id}#camp-heading"' in section
    assert "Decide on the new date" in section
    dashboard = client.get("/supervision/?lang=en").get_data(as_text=True)
    assert "1 decision waiting" in dashboard
    login_as(world["away"])  # another municipality's facilitator sees nothing of it
    page = client.get("/supervision/reviews?lang=en").get_data(as_text=True)
    assert "Scenen" not in page and "No requests for a new camp date." in page


def _row(client, title):
    html = client.get("/supervision/?lang=en").get_data(as_text=True)
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip()
                 for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)]
        if cells[0] == title:
            return cells
    raise AssertionError(title)


def test_after_an_approved_replan_slip_counts_from_the_approved_plan(client, db, login_as,
                                                                     world):
    project = world["project"]
    _ask(client, login_as, world, date(2027, 6, 26))
    request = db.session.scalar(sa.select(CampDateRequest))
    login_as(world["facilitator"])
    review = f"/supervision/projects/{project.id}"
    assert submit(client, f"{review}/camp-date/{request.id}",
                  {"decision": "approve", "comment": "Greit."}, page=review).status_code == 302
    row = _row(client, "Scenen")
    assert row[8] == "0"  # the agreed four weeks are no slip
    assert row[1] == "On track"
    page = client.get(review + "?lang=en").get_data(as_text=True)
    assert ("First planned camp: 29 May 2027. Approved plan: 26 June 2027. "
            "Now: 26 June 2027.") in page
    assert "The camp moved from 29 May 2027 to 26 June 2027." in page
    assert "Tillatelsene tar tid." in page
    assert "Dashed outlines show the first plan" in page  # the plan picture keeps it
    # A change nobody approved is slip again, against the approved plan.
    db.session.expire_all()
    workflow = process.workflow_for(project).workflow
    planning.replan(project, workflow, None, "Forsinket", stage="idea", days=3)
    assert _row(client, "Scenen")[8] == "3"


def test_approving_a_date_that_has_passed_is_refused(client, db, login_as, world):
    project = world["project"]
    _ask(client, login_as, world, TODAY + timedelta(days=300))
    request = db.session.scalar(sa.select(CampDateRequest))
    request.camp_on = TODAY - timedelta(days=1)  # as if it waited for months
    db.session.flush()
    login_as(world["facilitator"])
    review = f"/supervision/projects/{project.id}"
    response = submit(client, f"{review}/camp-date/{request.id}?lang=en",
                      {"decision": "approve", "comment": ""}, page=review)
    assert response.status_code == 409
    assert "The new camp date is in the past" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(sa.select(CampDateRequest.status)) == "pending"
