"""Measures and their permits: the team's pages, the permit table on the home and the
facilitator's review, the guard in front of the plan's approval, and bad input."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from stedskaping.extensions import db
from stedskaping.notifications.models import Notification
from stedskaping.projects import process
from stedskaping.realisation.measures import operations as measures
from stedskaping.realisation.permits import operations as permits
from stedskaping.realisation.permits.models import Permit, PermitStatus
from tests.conftest import TODAY
from tests.fixtures.factories import make_cast
from tests.realisation.site.helpers import PDF, download, post, text


def _measure(cast, title="Benk ved elva", **plan):
    return measures.add_measure(cast["project"], measures.MeasurePlan(title=title, **plan))


def _permit(cast, measure, status=PermitStatus.GRANTED, **changes):
    values = {"grantor_kind": "landowner", "grantor_name": "Elvegata borettslag",
              "status": status, "asked_on": TODAY - timedelta(days=20),
              "decided_on": TODAY - timedelta(days=5)}
    return permits.add_permit(measure, cast["initiator"],
                              permits.PermitPlan(**{**values, **changes}), today=TODAY)


def _gaps(project):
    return process.facts_for(project).get("permit_gaps")


def test_the_team_adds_a_measure_and_a_permit_with_its_document(login_as, cast, client):
    login_as(cast["member"])
    base = f"/projects/{cast['project'].id}/measures"
    # Before the first measure the home already leads the team there.
    home = client.get(f"/projects/{cast['project'].id}/home").get_data(as_text=True)
    assert f'href="{base}"' in home and "List the physical measures of the plan" in home
    response = post(client, base, {"title": "  Sittetrapp  ", "will_build": "y"}, page=base)
    assert response.status_code == 302
    measure_url = response.headers["Location"]
    assert "Record its permits next" in text(client.get(measure_url))
    new = measure_url + "/permits/new"
    response = post(client, new, {
        "grantor_kind": "municipality", "grantor_name": "Bymiljøetaten", "status": "conditional",
        "asked_on": "2026-11-01", "decided_on": "2026-11-20",
        "conditions": "Gangveien holdes åpen.", "expires_on": "2027-03-01"},
        page=new, files={"document": ("vedtak.pdf", PDF)})
    assert response.status_code == 302, text(response)
    page = text(client.get(base))
    assert "Sittetrapp" in page and "Bymiljøetaten" in page
    assert "Granted with conditions" in page and "Gangveien holdes åpen." in page
    assert "Every measure to be built has its permits." in page
    home = text(client.get(f"/projects/{cast['project'].id}/home"))
    assert "Measures and permits" in home and "Gangveien holdes åpen." in home
    permit = db.session.scalar(sa.select(Permit))
    assert download(client, f"{measure_url}/permits/{permit.id}/document") == (200, PDF)


def test_the_facilitator_reviews_the_permit_table_and_reads_the_document(login_as, cast,
                                                                       client):
    measure = _measure(cast)
    _permit(cast, measure, PermitStatus.ASKED, decided_on=None)
    with_document = permits.add_permit(measure, cast["initiator"], permits.PermitPlan(
        grantor_kind="other", grantor_name="Statens vegvesen", status=PermitStatus.GRANTED,
        asked_on=TODAY - timedelta(days=9), decided_on=TODAY - timedelta(days=2)),
        document=("svar.pdf", PDF), today=TODAY)
    login_as(cast["facilitator"])
    review = text(client.get(f"/supervision/projects/{cast['project'].id}?lang=en"))
    assert "Measures and permits" in review
    assert "Benk ved elva: not granted yet by Elvegata borettslag" in review
    base = f"/projects/{cast['project'].id}/measures/{measure.id}"
    assert download(client, f"{base}/permits/{with_document.id}/document") == (200, PDF)
    # The facilitator reads; the team changes.
    assert client.get(f"/projects/{cast['project'].id}/measures").status_code == 403
    assert client.get(f"{base}/permits/new").status_code == 403


def test_the_guard_says_which_measure_lacks_what(cast):
    project = cast["project"]
    assert _gaps(project) == ["the plan has no measure to build yet"]
    bench, beds, lights = (_measure(cast, t) for t in ("Benk", "Plantekasser", "Lys"))
    _measure(cast, "Scene", will_build=False)  # set aside: needs nothing
    _permit(cast, bench)
    _permit(cast, beds, PermitStatus.REFUSED, grantor_name="Parkforvaltningen")
    _permit(cast, lights, expires_on=TODAY + timedelta(days=1))  # the camp ends 4 December
    db.session.expire_all()
    gaps = _gaps(project)
    assert gaps == ["Plantekasser: refused by Parkforvaltningen",
                    "Lys: the permit from Elvegata borettslag expires 2 Dec 2026, before the "
                    "camp ends"]
    workflow = process.workflow_for(project).workflow
    [approve] = [t for t in workflow.transitions if t.trigger == "approve_plan"]
    assert "permits_granted" in approve.conditions
    measures.change_measure(beds, measures.MeasurePlan(title="Plantekasser",
                                                       is_permit_free=True))
    db.session.query(Permit).filter(Permit.measure_id == lights.id).update(
        {"expires_on": TODAY + timedelta(days=60)})
    db.session.expire_all()
    assert _gaps(project) == []


def test_approve_plan_is_blocked_until_the_permits_are_granted(cast):
    from tests.fixtures.factories import complete_required_tasks
    from tests.fixtures.participation import gather_for

    project = cast["project"]
    people = {"initiator": cast["initiator"], "facilitator": cast["facilitator"]}
    for trigger, who in (("submit_for_review", "initiator"), ("approve_idea", "facilitator"),
                         ("start_participation", "initiator"),
                         ("start_planning", "initiator")):
        complete_required_tasks(project, cast["initiator"])
        gather_for(project, trigger)
        process.advance(project, trigger, people[who])
    complete_required_tasks(project, cast["initiator"])
    measure = _measure(cast, "Gapahuk")
    _permit(cast, measure, PermitStatus.ASKED, decided_on=None)
    options = {o.trigger: o for o in process.allowed_triggers(project, cast["facilitator"],
                                                              "en")}
    assert not options["approve_plan"].allowed
    assert "Permits are missing: Gapahuk: not granted yet by Elvegata borettslag." in [
        str(r) for r in options["approve_plan"].reasons]
    permit = db.session.scalar(sa.select(Permit))
    permits.change_permit(permit, cast["initiator"], permits.PermitPlan(
        grantor_kind="landowner", grantor_name="Elvegata borettslag",
        status=PermitStatus.GRANTED, asked_on=permit.asked_on,
        decided_on=TODAY), today=TODAY)
    assert process.advance(project, "approve_plan", cast["facilitator"]) == "crowdfunding"


def test_a_refusal_tells_the_facilitator(cast):
    measure = _measure(cast)
    _permit(cast, measure, PermitStatus.REFUSED)
    notice = db.session.scalar(sa.select(Notification).where(
        Notification.user_id == cast["facilitator"].id))
    assert notice.kind == "permit_refused" and notice.params["measure"] == "Benk ved elva"


@pytest.mark.parametrize(("fields", "message"), [
    ({"grantor_name": "   "}, "Name the department, the landowner or the body."),
    ({"asked_on": "2026-12-24"}, "The day it was asked for cannot be in the future."),
    ({"decided_on": "2026-10-01"}, "The decision's day must be between the day it was asked "
                                   "for and today."),
    ({"status": "conditional", "conditions": "  "}, "Write down the conditions the permit "
                                                    "was granted with."),
    ({"expires_on": "99999-01-01"}, "Give a date"),
    ({"status": "granted", "decided_on": ""}, "Give the day of the decision."),
    ({"status": "moonlit"}, "Not a valid choice"),
])
def test_bad_permits_are_refused_and_nothing_is_kept(login_as, cast, client, fields, message):
    measure = _measure(cast)
    login_as(cast["initiator"])
    url = f"/projects/{cast['project'].id}/measures/{measure.id}/permits/new"
    data = {"grantor_kind": "landowner", "grantor_name": "Borettslaget", "status": "granted",
            "asked_on": "2026-11-01", "decided_on": "2026-11-20", **fields}
    response = post(client, url, data, page=url)
    assert response.status_code == 400
    assert message in text(response)
    assert db.session.scalar(sa.select(sa.func.count(Permit.id))) == 0


def test_a_document_that_is_not_one_is_refused(login_as, cast, client):
    measure = _measure(cast)
    login_as(cast["initiator"])
    url = f"/projects/{cast['project'].id}/measures/{measure.id}/permits/new"
    response = post(client, url, {"grantor_kind": "landowner", "grantor_name": "Eier",
                                  "status": "not_asked"}, page=url,
                    files={"document": ("vedtak.pdf", b"MZ\x90\x00 not a pdf")})
    assert response.status_code == 400
    assert "Choose a PDF, a Word or OpenDocument file, or a photo" in text(response)
    assert db.session.scalar(sa.select(sa.func.count(Permit.id))) == 0


def test_measures_are_the_teams_and_their_ids_stay_in_their_project(login_as, cast, client,
                                                                   app):
    measure = _measure(cast)
    permit = _permit(cast, measure)
    other = make_cast()
    base = f"/projects/{cast['project'].id}/measures"
    for user in (cast["other_user"], cast["other_facilitator"], other["initiator"]):
        login_as(user)
        assert client.get(base).status_code == 403
        assert client.get(f"{base}/{measure.id}/permits/{permit.id}/document").status_code \
            == 403
    login_as(other["initiator"])
    foreign = f"/projects/{other['project'].id}/measures/{measure.id}"
    assert client.get(foreign).status_code == 404
    assert client.get(f"{foreign}/permits/{permit.id}").status_code == 404
    assert app.test_client().get(base).status_code in (302, 401)  # signed out


def test_measures_are_ordered_and_deleted_with_their_permits(login_as, cast, client):
    first, second = _measure(cast, "Første"), _measure(cast, "Andre")
    _permit(cast, second)
    login_as(cast["initiator"])
    base = f"/projects/{cast['project'].id}/measures"
    assert post(client, f"{base}/{second.id}/up", {}, page=base).status_code == 302
    page = text(client.get(base))
    assert page.index("Andre") < page.index("Første")
    assert post(client, f"{base}/{second.id}/delete", {}, page=base).status_code == 302
    assert "Andre" not in text(client.get(base))
    assert db.session.scalar(sa.select(sa.func.count(Permit.id))) == 0
    assert first.id
