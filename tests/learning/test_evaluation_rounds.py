"""The evaluation rounds with the clock frozen: each opens once when due, the one
reminder, overdue rounds on the dashboard, the guard the evaluation stage's gate reads."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from stedskaping import jobs, plugins
from stedskaping.db import db
from stedskaping.learning.evaluation import operations, rounds
from stedskaping.learning.evaluation.models import EvaluationRound
from stedskaping.notifications.models import Notification, OutboxMessage
from stedskaping.projects import process
from tests.fixtures.participation import add_supporters
from tests.learning.helpers import walk_to_evaluation

GOOD = operations.Evaluation(in_use="yes", used_by="The school", condition="good",
                             differently="Start earlier", story="The children play there.")


def _rounds(project):
    return db.session.scalars(sa.select(EvaluationRound).where(
        EvaluationRound.project_id == project.id).order_by(EvaluationRound.position)).all()


def _notices(user, kind="evaluation"):
    return db.session.scalars(sa.select(Notification.message).where(
        Notification.user_id == user.id, Notification.kind == kind)
        .order_by(Notification.id)).all()


def _run(day: date):
    with time_machine.travel(datetime(day.year, day.month, day.day, 7), tick=False):
        return jobs.run("evaluation_rounds", day)


@pytest.fixture
def evaluating(cast, monkeypatch):
    walk_to_evaluation(cast, monkeypatch)
    return cast


def test_no_round_before_the_evaluation_stage(cast):
    _run(date.today())
    assert _rounds(cast["project"]) == []


def test_rounds_open_once_each_at_completion_and_3_and_12_months_after_the_camp(evaluating):
    project = evaluating["project"]
    add_supporters(project, 2)
    today = date.today()
    _run(today)
    _run(today)  # a second run makes nothing twice
    [first] = _rounds(project)
    assert first.months is None and first.opened_on == today
    assert _notices(evaluating["initiator"]) == ["asked"]
    assert _notices(evaluating["facilitator"]) == ["asked"]
    mails = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "evaluation_survey")).all()
    # the 20 supporters the walk gathered and the 2 added: each once
    assert len(mails) == 22 and "/evaluation/survey/" in mails[0].body_text

    workflow = process.workflow_for(project).workflow
    last_day = rounds.camp_last_day(project, workflow)
    three = rounds.add_months(last_day, 3)
    _run(three - timedelta(days=1))
    assert len(_rounds(project)) == 1
    _run(three)
    _run(three)
    assert [r.months for r in _rounds(project)] == [None, 3]
    _run(rounds.add_months(last_day, 12))
    assert [r.months for r in _rounds(project)] == [None, 3, 12]
    assert _notices(evaluating["member"]).count("asked") == 3


def test_one_reminder_before_the_round_closes_to_those_who_have_not_answered(evaluating):
    project = evaluating["project"]
    add_supporters(project, 1)
    today = date.today()
    _run(today)
    [round_] = _rounds(project)
    operations.evaluate(project, round_, evaluating["initiator"], GOOD, today)
    remind_on = round_.closes_on - timedelta(days=7)
    _run(remind_on - timedelta(days=1))
    assert "reminder" not in _notices(evaluating["member"])
    _run(remind_on)
    _run(remind_on + timedelta(days=1))
    assert _notices(evaluating["member"]) == ["asked", "reminder"]
    assert _notices(evaluating["facilitator"]) == ["asked", "reminder"]
    assert _notices(evaluating["initiator"]) == ["asked"]  # answered: not reminded
    subjects = db.session.scalars(sa.select(OutboxMessage.subject).where(
        OutboxMessage.kind == "evaluation_survey")).all()
    # in the supporters' language (the default, Norwegian: they gave none)
    assert len(subjects) == 2 * 21 and subjects[-1].startswith("Påminnelse")


def test_overdue_when_the_team_or_the_facilitator_has_not_answered(evaluating):
    project = evaluating["project"]
    today = date.today()
    _run(today)
    [round_] = _rounds(project)
    column = plugins.current()
    values = next(c for c in column.dashboard_columns if c.key == "evaluation").values
    with time_machine.travel(today + timedelta(days=13), tick=False):
        assert values([project.id])[project.id][0] == "open"
    with time_machine.travel(today + timedelta(days=14), tick=False):
        state, since = values([project.id])[project.id]
        assert state == "overdue" and since == today + timedelta(days=14)
        operations.evaluate(project, round_, evaluating["member"], GOOD, today)
        assert values([project.id])[project.id][0] == "overdue"  # the facilitator's missing
        operations.evaluate(project, round_, evaluating["facilitator"], GOOD, today)
        assert values([project.id])[project.id][0] == "open"


def test_the_guard_reads_the_first_round(evaluating):
    project = evaluating["project"]
    guard = plugins.current().guards["evaluation_answered"]
    assert not guard.check(process.facts_for(project))
    _run(date.today())
    [round_] = _rounds(project)
    operations.evaluate(project, round_, evaluating["member"], GOOD, date.today())
    assert not guard.check(process.facts_for(project))
    operations.evaluate(project, round_, evaluating["facilitator"], GOOD, date.today())
    assert guard.check(process.facts_for(project))
    assert "team's and a facilitator's" in str(guard.why_not(process.facts_for(project)))


def test_one_answer_each_editable_until_the_round_closes(evaluating):
    project = evaluating["project"]
    today = date.today()
    _run(today)
    [round_] = _rounds(project)
    operations.evaluate(project, round_, evaluating["member"], GOOD, today)
    changed = operations.Evaluation(in_use="partly", used_by="", condition="worn",
                                    differently="", story="")
    operations.evaluate(project, round_, evaluating["member"], changed, round_.closes_on)
    assert [(a.in_use, a.condition) for a in round_.answers] == [("partly", "worn")]
    with pytest.raises(operations.EvaluationError, match="closed"):
        operations.evaluate(project, round_, evaluating["member"], GOOD,
                            round_.closes_on + timedelta(days=1))
    # a missing answer may still come late: the gate waits for it
    operations.evaluate(project, round_, evaluating["facilitator"], GOOD,
                        round_.closes_on + timedelta(days=1))
    with pytest.raises(operations.EvaluationError):
        operations.evaluate(project, round_, evaluating["other_user"], GOOD, today)
    assert len(round_.answers) == 2
