"""The admin's comparison across municipalities: the figures on a worked example, the
CSV, who may see it, and queries that do not grow with the number of projects."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.learning.evaluation.models import EvaluationAnswer, EvaluationRound
from stedskaping.learning.outcomes import queries
from stedskaping.projects.models import StageWindow
from stedskaping.realisation.camp.models import CampActivity
from stedskaping.realisation.ledger.models import LedgerGrant
from stedskaping.realisation.measures.models import Measure
from stedskaping.realisation.shifts.models import CampShift, CampSignup, CampVolunteer, SignupStatus
from stedskaping.realisation.shifts.signups import new_code
from tests.fixtures.factories import make_municipality, make_project
from tests.learning.helpers import completed_cast


def _text(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


def _worked(project, minutes, people=2):
    activity = CampActivity(project_id=project.id, day_number=1, starts_at=time(9),
                            ends_at=time(15), title="Build")
    db.session.add(activity)
    db.session.flush()
    shift = CampShift(project_id=project.id, activity_id=activity.id, title="Builders",
                      starts_at=time(9), ends_at=time(15), capacity=10)
    db.session.add(shift)
    db.session.flush()
    for n in range(people):
        volunteer = CampVolunteer(project_id=project.id, name=f"V{n}",
                                  code=new_code())
        db.session.add(volunteer)
        db.session.flush()
        db.session.add(CampSignup(shift_id=shift.id, volunteer_id=volunteer.id,
                                  status=SignupStatus.SEATED, queued_dt=datetime.now(UTC),
                                  checked_in_dt=datetime.now(UTC), worked_minutes=minutes))
    db.session.flush()


@pytest.fixture
def example(cast, monkeypatch, app):
    """Municipality A ("Aaa ..."): one completed project (its camp starting 40 days after
    the idea, 3 days after the approved plan; 2 × 90 minutes worked; a grant worth the
    hours; at +12 months two of three answers say it is in use) and one idea. B: none."""
    done = completed_cast(cast, monkeypatch)
    project, municipality = done["project"], done["municipality"]
    municipality.name = "Aaa kommune"
    camp = db.session.scalar(sa.select(StageWindow).where(
        StageWindow.project_id == project.id, StageWindow.stage_key == "realisation"))
    project.start_on = camp.starts_on - timedelta(days=40)
    camp.approved_starts_on = camp.starts_on - timedelta(days=3)
    _worked(project, 90)
    rate = app.config["DUGNAD_HOUR_RATE"]
    db.session.add(LedgerGrant(project_id=project.id, name="Grant", amount=3 * rate))
    round_ = EvaluationRound(project_id=project.id, position=2, months=12,
                             opened_on=camp.ends_on, closes_on=camp.ends_on)
    db.session.add(round_)
    db.session.flush()
    for user, in_use in ((done["initiator"], "yes"), (done["member"], "partly"),
                         (done["facilitator"], "no")):
        db.session.add(EvaluationAnswer(round_id=round_.id, user_id=user.id, role="team",
                                        in_use=in_use, condition="good"))
    make_project(municipality=municipality)
    make_municipality(name="Bbb kommune")
    db.session.flush()
    return done


def test_the_figures_of_a_worked_example(example):
    project = example["project"]
    built = db.session.scalar(sa.select(sa.func.count(Measure.id)).where(
        Measure.project_id == project.id, Measure.will_build.is_(True)))
    rows = {o.municipality.name: o for o in queries.outcomes()}
    a, b = rows["Aaa kommune"], rows["Bbb kommune"]
    assert (a.projects, a.completed, a.completed_share) == (2, 1, 0.5)
    assert a.median_idea_to_camp == 40 and a.median_slip == 3
    assert (a.measures_asked, a.in_use_share) == (built, 1.0)
    assert a.hours_per_project == 3
    assert a.own_share == 0.5
    assert (b.projects, b.completed_share, b.median_slip, b.own_share) == (0, None, None, None)


def test_the_page_and_the_csv(example, login_as, client):
    login_as(example["admin"])
    page = _text(client.get("/supervision/outcomes"))
    assert "<th scope=\"row\">Aaa kommune</th><td>2</td><td>50%</td><td>40</td><td>3</td>" \
        "<td>100%</td><td>3</td><td>50%</td>" in page
    assert "Bbb kommune</th><td>0</td><td>–</td>" in page
    assert "Outcomes across municipalities" in _text(client.get("/supervision/overview"))
    response = client.get("/supervision/outcomes.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Municipality;Projects;Share completed;")
    assert "Aaa kommune;2;50%;40;3;100%;3;50%" in lines


def test_a_formula_in_a_name_is_neutralised(example, login_as, client):
    example["municipality"].name = "=HYPERLINK(1)"
    db.session.flush()
    login_as(example["admin"])
    body = client.get("/supervision/outcomes.csv").get_data(as_text=True)
    assert "'=HYPERLINK(1);" in body


@pytest.mark.parametrize("who, status", [("facilitator", 403), ("initiator", 403),
                                         ("other_user", 403)])
def test_only_the_admin(example, login_as, client, who, status):
    login_as(example[who])
    assert client.get("/supervision/outcomes").status_code == status
    assert client.get("/supervision/outcomes.csv").status_code == status


def test_anonymous_is_sent_to_log_in(client):
    response = client.get("/supervision/outcomes")
    assert response.status_code == 302 and "login" in response.headers["Location"]


def test_queries_do_not_grow_with_projects(example, login_as, client, count_queries):
    login_as(example["admin"])
    client.get("/supervision/outcomes")
    with count_queries() as few:
        client.get("/supervision/outcomes")
    for _ in range(3):
        extra = make_project(municipality=example["municipality"])
        _worked(extra, 30, people=1)
    with count_queries() as more:
        client.get("/supervision/outcomes")
    assert len(more) == len(few)
