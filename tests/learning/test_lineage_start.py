"""Starting a project like a proven one: what is copied and what is not, the lineage
shown both ways, the notice to the origin's team, access and bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.funding.models import Campaign, CampaignStatus
from stedskaping.learning.lineage import operations
from stedskaping.learning.lineage.models import ProjectOrigin
from stedskaping.notifications.models import Notification
from stedskaping.projects.models import Project, ProjectMember, TaskProgress
from stedskaping.realisation.camp.models import CampActivity
from stedskaping.realisation.materials.models import Delivery, DeliveryStatus
from stedskaping.realisation.measures.models import Measure
from stedskaping.realisation.permits.models import Permit
from stedskaping.realisation.shifts.models import CampShift, CampSignup, CampVolunteer, SignupStatus
from tests.fixtures.factories import make_cast
from tests.fixtures.forms import submit
from tests.learning.helpers import completed_cast


def _text(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


def _plan(project):
    """The origin's plan: two measures (one with a permit), a material, a day with a
    shift someone signed up for, and a campaign with its cost plan."""
    bench = Measure(project_id=project.id, title="Bench by the river", position=1)
    beds = Measure(project_id=project.id, title="Raised beds", position=2,
                   is_permit_free=True)
    db.session.add_all([bench, beds])
    db.session.flush()
    db.session.add(Delivery(project_id=project.id, source="bought", title="Larch planks",
                            quantity="40 m", measure_id=bench.id,
                            delivery_on=date(2026, 6, 1), status=DeliveryStatus.DELIVERED))
    activity = CampActivity(project_id=project.id, day_number=2, starts_at=time(9),
                            ends_at=time(15), title="Build the bench", measure_id=bench.id,
                            lead_name="Kari")
    db.session.add(activity)
    db.session.flush()
    shift = CampShift(project_id=project.id, activity_id=activity.id, title="Carpenters",
                      starts_at=time(9), ends_at=time(12), capacity=6, skills="saw")
    db.session.add(shift)
    db.session.flush()
    volunteer = CampVolunteer(project_id=project.id, name="Ola", code="ABCD1234")
    db.session.add(volunteer)
    db.session.flush()
    db.session.add(CampSignup(shift_id=shift.id, volunteer_id=volunteer.id,
                              status=SignupStatus.SEATED,
                              queued_dt=datetime.now(UTC)))
    db.session.add(Campaign(project_id=project.id, round=1, status=CampaignStatus.SUCCEEDED,
                            minimum_amount=2_000_000, optimum_amount=3_000_000,
                            cost_plan=[{"item": "Larch", "amount": 1_500_000},
                                       {"item": "Soil", "amount": 500_000}]))
    db.session.flush()
    return bench


@pytest.fixture
def origin(cast, monkeypatch):
    done = completed_cast(cast, monkeypatch)
    _plan(done["project"])
    return done


def _start(client, login_as, user, project, **data):
    login_as(user)
    form = {"title": "A bench in Nygård", "place_name": "Nygårdsparken",
            "municipality": str(project.municipality_id),
            "start_on": (date.today() + timedelta(days=7)).isoformat()} | data
    return submit(client, f"/projects/{project.id}/start-like", form)


def _copy():
    return db.session.scalar(sa.select(Project).join(
        ProjectOrigin, ProjectOrigin.project_id == Project.id))


def test_the_plan_is_copied_and_nothing_else(origin, login_as, client):
    project = origin["project"]
    stranger = origin["other_user"]
    response = _start(client, login_as, stranger, project)
    assert response.status_code == 302
    copy = _copy()
    assert copy.title == "A bench in Nygård" and copy.workflow_key == project.workflow_key
    # People: only the one who started it.
    assert [(m.user_id, m.role) for m in db.session.scalars(sa.select(ProjectMember).where(
        ProjectMember.project_id == copy.id))] == [(stranger.id, "initiator")]
    measures = db.session.scalars(sa.select(Measure).where(
        Measure.project_id == copy.id).order_by(Measure.position)).all()
    theirs = db.session.scalars(sa.select(Measure).where(
        Measure.project_id == project.id).order_by(Measure.position, Measure.id)).all()
    assert [(m.title, m.is_permit_free) for m in measures] == [
        (m.title, m.is_permit_free) for m in theirs]
    assert ("Raised beds", True) in [(m.title, m.is_permit_free) for m in measures]
    bench = next(m for m in measures if m.title == "Bench by the river")
    assert db.session.scalar(sa.select(sa.func.count(Permit.id)).where(
        Permit.project_id == copy.id)) == 0
    items = db.session.scalars(sa.select(Delivery).where(Delivery.project_id == copy.id))
    item = next(i for i in items if i.title == "Larch planks")
    assert all(i.pledge_id is None and i.status == DeliveryStatus.PROMISED for i in items)
    assert (item.title, item.quantity, item.status, item.pledge_id, item.delivery_on) == (
        "Larch planks", "40 m", DeliveryStatus.PROMISED, None, None)
    assert item.measure_id == bench.id
    activity = db.session.scalar(sa.select(CampActivity).where(
        CampActivity.project_id == copy.id, CampActivity.title == "Build the bench"))
    assert (activity.day_number, activity.title, activity.measure_id, activity.lead_name) == (
        2, "Build the bench", bench.id, None)
    shift = db.session.scalar(sa.select(CampShift).where(CampShift.project_id == copy.id,
                                                         CampShift.title == "Carpenters"))
    assert (shift.title, shift.capacity, shift.skills, shift.activity_id) == (
        "Carpenters", 6, "saw", activity.id)
    assert db.session.scalar(sa.select(sa.func.count(CampSignup.id)).join(CampShift).where(
        CampShift.project_id == copy.id)) == 0
    assert db.session.scalar(sa.select(sa.func.count(CampVolunteer.id)).where(
        CampVolunteer.project_id == copy.id)) == 0
    # The budget lines, as a draft campaign without money, and the budget's starting value.
    [campaign] = db.session.scalars(sa.select(Campaign).where(Campaign.project_id == copy.id))
    assert campaign.status == CampaignStatus.DRAFT and campaign.minimum_amount == 0
    assert campaign.cost_plan == [{"item": "Larch", "amount": 1_500_000},
                                  {"item": "Soil", "amount": 500_000}]
    budget = db.session.scalar(sa.select(TaskProgress).where(
        TaskProgress.project_id == copy.id, TaskProgress.task_key == "budget"))
    assert budget.answers["minimum"] == 2_000_000
    # The origin's team hears of it.
    notices = db.session.scalars(sa.select(Notification.user_id).where(
        Notification.kind == "lineage")).all()
    assert sorted(notices) == sorted([origin["initiator"].id, origin["member"].id])


def test_the_lineage_shows_both_ways(origin, login_as, client):
    project = origin["project"]
    _start(client, login_as, origin["other_user"], project)
    copy = _copy()
    link = f'Started from <a href="/projects/{project.id}">{project.title}</a>'
    assert link in _text(client.get(f"/projects/{copy.id}"))
    home = _text(client.get(f"/projects/{copy.id}/home"))
    assert link in home
    assert "started the project like a proven one." in home  # the activity log
    client = client.application.test_client()
    client.get("/?lang=en")
    origin_page = _text(client.get(f"/projects/{project.id}"))
    assert "1 project started like this" in origin_page
    assert "A bench in Nygård" in origin_page and "not evaluated yet" in origin_page
    assert "Start a project like this" in origin_page


def test_copies_results_in_the_catalogue_entry(origin, login_as, client):
    from stedskaping.learning.catalogue.models import CatalogueEntry, EntryStatus
    from stedskaping.learning.demo import answer_first_round

    project = origin["project"]
    _start(client, login_as, origin["other_user"], project)
    copy = _copy()
    copy_cast = {"project": copy, "initiator": origin["other_user"],
                 "member": origin["other_user"], "facilitator": origin["facilitator"]}
    from stedskaping.learning.evaluation.models import EvaluationRound
    db.session.add(EvaluationRound(project_id=copy.id, position=0, opened_on=date.today(),
                                   closes_on=date.today() + timedelta(days=28)))
    db.session.flush()
    answer_first_round(copy, copy_cast, date.today())
    entry = CatalogueEntry(project_id=project.id, municipality_id=project.municipality_id,
                           status=EntryStatus.PUBLISHED, theme="meeting_place", why="Good.",
                           published_dt=datetime.now(UTC))
    db.session.add(entry)
    db.session.flush()
    client = client.application.test_client()
    client.get("/?lang=en")
    page = _text(client.get(f"/catalogue/{entry.id}"))
    assert "1 project started like this" in page
    assert "A bench in Nygård" in page
    assert "evaluations" in page and "say it is in use" in page


def test_only_a_project_past_its_camp_and_signed_in(cast, origin, login_as, client):
    early = make_cast()
    login_as(early["other_user"])
    assert client.get(f"/projects/{early['project'].id}/start-like").status_code == 403
    client = client.application.test_client()
    client.get("/?lang=en")
    response = client.get(f"/projects/{origin['project'].id}/start-like")
    assert response.status_code == 302 and "login" in response.headers["Location"]
    assert client.get("/projects/999999/start-like").status_code == 404


@pytest.mark.parametrize("data, message", [
    ({"title": "   "}, "Give the project a name."),
    ({"title": "x\x00y"}, None),
    ({"start_on": "2001-01-01"}, None),
    ({"start_on": "99999-01-01"}, None),
    ({"municipality": "99999999999999999999"}, None),
])
def test_bad_input_changes_nothing(origin, login_as, client, data, message):
    response = _start(client, login_as, origin["other_user"], origin["project"], **data)
    assert response.status_code == 400
    if message:
        assert message in _text(response)
    assert _copy() is None


def test_the_operation_refuses_an_early_project(cast):
    with pytest.raises(operations.LineageError):
        operations.start_like(cast["project"], cast["other_user"], operations.Copy(
            title="T", place_name="P", municipality_id=cast["project"].municipality_id,
            start_on=date.today()))
