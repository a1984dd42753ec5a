"""The measures' confirmed keepers are asked in the evaluation rounds: a mail with a
signed link, the evaluation's questions answered without an account, counted with the
round's results; the reminder; bad links and bad input."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from stedskaping import jobs
from stedskaping.db import db
from stedskaping.learning.evaluation import operations, queries, rounds
from stedskaping.learning.evaluation.models import KEEPER, EvaluationAnswer, EvaluationRound
from stedskaping.notifications.models import OutboxMessage
from stedskaping.realisation.handover.models import Keeper
from tests.fixtures.forms import submit
from tests.learning.helpers import walk_to_evaluation

ANSWER = {"in_use": "yes", "used_by": "The kindergarten", "condition": "worn",
          "differently": "Oil the wood twice a year.", "story": "Children eat lunch there."}


def _text(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


def _run(day: date):
    with time_machine.travel(datetime(day.year, day.month, day.day, 7), tick=False):
        return jobs.run("evaluation_rounds", day)


def _mails(kind="evaluation_keeper"):
    return db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == kind)
                              .order_by(OutboxMessage.id)).all()


@pytest.fixture
def opened(cast, monkeypatch):
    walk_to_evaluation(cast, monkeypatch)  # the handover: a confirmed keeper per measure
    _run(date.today())
    return cast


def _link(mail) -> str:
    """The mail's link (the outbox keeps the secret out of its copy: made again here)."""
    assert "/evaluation/keeper/" in mail.body_text
    round_ = db.session.scalar(sa.select(EvaluationRound))
    keeper = db.session.scalar(sa.select(Keeper).where(Keeper.email == mail.recipient))
    return f"/evaluation/keeper/{operations.keeper_token(round_.id, keeper)}"


def test_keepers_are_respondents_once_per_address(opened):
    project = opened["project"]
    keepers = db.session.scalars(sa.select(Keeper).where(Keeper.project_id == project.id)).all()
    assert keepers
    asked = [(p, role) for p, role in rounds.respondents(project) if role == KEEPER]
    assert len(asked) == len({k.email for k in keepers})
    # Accounts only, for notices and the gate.
    assert all(role != KEEPER for _p, role in rounds.accounts(project))


def test_a_keeper_answers_by_the_link_without_an_account(opened, client):
    [mail] = _mails()
    assert mail.recipient == "vel@demo.stedskaping.no"
    url = _link(mail)
    page = _text(client.get(url))
    assert "You keep what" in page and "Velforeningen" in page
    assert submit(client, url, ANSWER).status_code == 302
    [answer] = db.session.scalars(sa.select(EvaluationAnswer).where(
        EvaluationAnswer.role == KEEPER)).all()
    assert (answer.user_id, answer.in_use, answer.condition, answer.used_by) == (
        None, "yes", "worn", "The kindergarten")
    assert "Your answer is saved." in _text(client.get(url))
    # Changed, not doubled.
    submit(client, url, ANSWER | {"condition": "good"})
    assert db.session.scalar(sa.select(sa.func.count(EvaluationAnswer.id)).where(
        EvaluationAnswer.role == KEEPER)) == 1
    db.session.expire_all()
    round_ = db.session.scalar(sa.select(EvaluationRound))
    results = queries.results(round_)
    assert results.condition["good"] == 1 and "Children eat lunch there." in results.stories
    # The keeper's answer does not stand in for the team's or the facilitator's.
    assert not queries.first_round_answered(opened["project"])


def test_the_reminder_goes_to_a_keeper_who_has_not_answered(opened):
    round_ = db.session.scalar(sa.select(EvaluationRound))
    _run(round_.closes_on - timedelta(days=3))
    subjects = [m.subject for m in _mails()]
    assert len(subjects) == 2 and subjects[1].startswith(("Reminder", "Påminnelse"))


def test_an_unconfirmed_keeper_is_not_asked(cast, monkeypatch):
    walk_to_evaluation(cast, monkeypatch)
    db.session.execute(sa.update(Keeper).values(confirmed_dt=None))
    _run(date.today())
    assert _mails() == []


@pytest.mark.parametrize("data", [
    ANSWER | {"condition": "splendid"}, ANSWER | {"in_use": ""},
    ANSWER | {"story": "x" * 100_000}, ANSWER | {"used_by": "a\x00b"},
])
def test_bad_input_changes_nothing(opened, client, data):
    url = _link(_mails()[0])
    assert submit(client, url, data).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(EvaluationAnswer.id)).where(
        EvaluationAnswer.role == KEEPER)) == 0


def test_bad_links(opened, client):
    url = _link(_mails()[0])
    assert client.get(url + "x").status_code == 404
    round_ = db.session.scalar(sa.select(EvaluationRound))
    keeper = db.session.scalar(sa.select(Keeper))
    # A round that is not the keeper's project's: refused.
    assert client.get(f"/evaluation/keeper/{operations.keeper_token(round_.id + 99, keeper)}"
                      ).status_code == 404
    keeper.email = "someone.else@example.no"  # the keeper replaced: the old link stops
    db.session.flush()
    assert client.get(url).status_code == 404


def test_after_the_close_nothing_changes(opened, client):
    url = _link(_mails()[0])
    round_ = db.session.scalar(sa.select(EvaluationRound))
    later = round_.closes_on + timedelta(days=1)
    with time_machine.travel(datetime(later.year, later.month, later.day, 12), tick=False):
        assert "The round has closed" in _text(client.get(url))
        assert submit(client, url, ANSWER, page=url).status_code in (400, 409)
    assert db.session.scalar(sa.select(sa.func.count(EvaluationAnswer.id)).where(
        EvaluationAnswer.role == KEEPER)) == 0
