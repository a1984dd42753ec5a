"""The evaluation's pages: the rounds and their results, one's answer (bad input changes
nothing), the survey by its link with no account, and who may see what."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from stedskaping import jobs
from stedskaping.db import db
from stedskaping.learning.evaluation import operations
from stedskaping.learning.evaluation.models import EvaluationAnswer, EvaluationRound, SurveyAnswer
from stedskaping.participation.supporters.models import Supporter
from tests.fixtures.factories import make_cast
from tests.fixtures.forms import submit
from tests.learning.helpers import walk_to_evaluation

ANSWER = {"in_use": "yes", "used_by": "The school's pupils", "condition": "worn",
          "differently": "Order the timber earlier", "story": "Ella found friends there."}


def _text(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


@pytest.fixture
def round_(cast, monkeypatch):
    walk_to_evaluation(cast, monkeypatch)
    jobs.run("evaluation_rounds", date.today())
    return db.session.scalar(sa.select(EvaluationRound).where(
        EvaluationRound.project_id == cast["project"].id))


def _url(cast, round_):
    return f"/projects/{cast['project'].id}/evaluation/{round_.id}"


def test_the_team_answers_and_sees_the_results(cast, round_, login_as, client):
    login_as(cast["member"])
    response = submit(client, _url(cast, round_), ANSWER)
    assert response.status_code == 302
    page = _text(client.get(f"/projects/{cast['project'].id}/evaluation"))
    assert "At completion" in page and "1 evaluation" in page and "Worn: 1" in page
    assert "Ella found friends there." in page and "Order the timber earlier" in page
    assert "See or change your answer" in page
    again = submit(client, _url(cast, round_), {**ANSWER, "condition": "good"})
    assert again.status_code == 302
    assert db.session.scalars(sa.select(EvaluationAnswer.condition)).all() == ["good"]


@pytest.mark.parametrize("bad", [
    {"condition": ""}, {"in_use": "maybe"}, {"story": "x" * 6001}, {"used_by": "a\x00b"},
])
def test_bad_input_is_a_field_error_and_changes_nothing(cast, round_, login_as, client, bad):
    login_as(cast["member"])
    response = submit(client, _url(cast, round_), {**ANSWER, **bad})
    assert response.status_code == 400
    if "used_by" not in bad:  # a NUL byte: refused before the view, for every form
        assert "Please correct the following" in _text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EvaluationAnswer)) == 0


def test_who_may_see_and_answer(cast, round_, login_as, client):
    project = cast["project"]
    for who in ("other_user", "other_facilitator"):
        login_as(cast[who])
        assert client.get(f"/projects/{project.id}/evaluation").status_code == 403
        assert client.get(_url(cast, round_)).status_code == 403
    other = make_cast()
    login_as(other["facilitator"])
    assert client.get(f"/projects/{other['project'].id}/evaluation/{round_.id}").status_code \
        == 404  # a round of another project
    login_as(cast["facilitator"])
    assert client.get(_url(cast, round_)).status_code == 200


def _token(round_, project) -> tuple[Supporter, str]:
    supporter = db.session.scalars(sa.select(Supporter).where(
        Supporter.project_id == project.id)).first()
    return supporter, operations.survey_token(round_.id, supporter)


def test_a_supporter_answers_the_survey_by_the_link(cast, round_, client):
    supporter, token = _token(round_, cast["project"])
    page = _text(client.get(f"/evaluation/survey/{token}"))
    assert "Do you use it?" in page and "Log in" not in page.split("</nav>")[-1]
    response = submit(client, f"/evaluation/survey/{token}",
                      {"uses": "yes", "score": "4", "comment": "We eat lunch there."})
    assert response.status_code == 302
    submit(client, f"/evaluation/survey/{token}", {"uses": "yes", "score": "5", "comment": ""})
    assert db.session.scalars(sa.select(SurveyAnswer.score)).all() == [5]  # one answer each
    assert "Thank you: your answers are saved." in _text(client.get(f"/evaluation/survey/{token}"))


def test_the_survey_refuses_bad_links_bad_scores_and_a_closed_round(cast, round_, client):
    supporter, token = _token(round_, cast["project"])
    assert client.get(f"/evaluation/survey/{token}x").status_code == 404
    response = submit(client, f"/evaluation/survey/{token}", {"uses": "yes", "score": "9"})
    assert response.status_code == 400
    with time_machine.travel(round_.closes_on + timedelta(days=1)):
        assert "The survey has closed" in _text(client.get(f"/evaluation/survey/{token}"))
    db.session.delete(supporter)  # withdrew: the link stops working
    db.session.flush()
    assert client.get(f"/evaluation/survey/{token}").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SurveyAnswer)) == 0


def test_an_overdue_round_shows_on_the_facilitators_dashboard(cast, round_, login_as, client,
                                                              app, monkeypatch):
    monkeypatch.setitem(app.config, "EVALUATION_OVERDUE_DAYS", 2)
    login_as(cast["facilitator"])
    with time_machine.travel(round_.opened_on + timedelta(days=3)):
        page = _text(client.get("/supervision/"))
    assert "Overdue evaluations" in page and "Evaluation overdue since" in page
    assert cast["project"].title in page
    login_as(cast["other_facilitator"])
    with time_machine.travel(round_.opened_on + timedelta(days=3)):
        assert "Overdue evaluations" not in _text(client.get("/supervision/"))
