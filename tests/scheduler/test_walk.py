"""A project walked day by day through six months and six days with frozen time."""

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
import time_machine

from stedskaping import jobs, plugins
from stedskaping.notifications.models import Notification
from stedskaping.notifications.notices import render
from stedskaping.projects import process
from stedskaping.projects.models import TASK_DONE, TaskProgress
from stedskaping.projects.operations import save_task
from tests.fixtures.factories import (
    add_member,
    complete_required_tasks,
    make_facilitator,
    make_municipality,
    make_project,
    make_user,
)
from tests.fixtures.participation import gather_for

START = date(2027, 1, 4)
NEXT = {"idea": ("submit_for_review", "initiator"), "review": ("approve_idea", "facilitator"),
        "mobilisation": ("start_participation", "initiator"),
        "participation": ("start_planning", "initiator"),
        "planning": ("approve_plan", "facilitator"),
        "crowdfunding": ("campaign_succeeded", "system"),
        "realisation": ("finish_camp", "initiator")}


def _morning(day: date) -> datetime:
    return datetime.combine(day, time(6, 0), tzinfo=UTC)


def _expected(project, workflow, offsets):
    """(day, key) of every reminder the plan calls for, in the order they fall due."""
    expected = []
    for window in project.windows:
        if window.stage_key == "evaluation":
            continue  # the walk ends with the camp
        stage = workflow.stage(window.stage_key)
        for offset in offsets:
            day = window.ends_on - timedelta(days=offset)
            if window.starts_on <= day:
                expected.append((day, f"stage-reminder:{window.id}:{offset}"))
        tasks = {t.task_key: t for t in project_tasks(project, stage.key)}
        for spec in stage.tasks:
            task = tasks[spec.key]
            for offset in offsets:
                day = task.due_on - timedelta(days=offset)
                if window.starts_on <= day <= window.ends_on:
                    expected.append((day, f"task-reminder:{task.id}:{offset}"))
    return sorted(expected)


def project_tasks(project, stage_key):
    from stedskaping.extensions import db

    return db.session.scalars(sa.select(TaskProgress).where(
        TaskProgress.project_id == project.id, TaskProgress.stage_key == stage_key)).all()


def test_six_months_and_six_days_of_reminders(app, db, monkeypatch):
    monkeypatch.setitem(plugins.current().facts, "campaign_minimum_reached", lambda p: True)
    municipality = make_municipality()
    initiator = make_user(name="Ivar")
    facilitator = make_facilitator(municipality)
    project = make_project(municipality=municipality, initiator=initiator, start_on=START)
    add_member(project)
    workflow = process.workflow_for(project).workflow
    actors = {"initiator": initiator, "facilitator": facilitator, "system": process.SYSTEM}
    offsets = app.config["REMINDER_DAYS"]
    expected = _expected(project, workflow, offsets)
    camp = project.window("realisation")

    produced, day = [], START
    while day <= camp.ends_on:
        with time_machine.travel(_morning(day), tick=False):
            # The plan moves on when the next stage's window opens.
            window = project.window(project.state)
            if day > window.ends_on:
                complete_required_tasks(project, initiator)
                trigger, who = NEXT[project.state]
                gather_for(project, trigger)  # the supporters and meeting v2's gates read
                process.advance(project, trigger, actors[who])
            for name in ("reminders", "escalation", "camp_programme"):
                jobs.run(name, day)
            made = db.session.scalars(sa.select(Notification.key).where(
                Notification.user_id == initiator.id, Notification.kind == "task_reminder",
                Notification.created_dt >= _morning(day))).all()
            produced.extend((day, key.rsplit(":", 1)[0]) for key in made)
            # The team does each task on the day it is due, after the morning reminders.
            for task in db.session.scalars(sa.select(TaskProgress).where(
                    TaskProgress.project_id == project.id, TaskProgress.due_on == day,
                    TaskProgress.status != TASK_DONE)).all():
                answers = {f.key: _answer(f) for f in workflow.stage(task.stage_key).task(
                    task.task_key).fields if f.required}
                save_task(project, task.stage_key, task.task_key, initiator, answers,
                          complete=True)
        day += timedelta(days=1)

    assert project.state == "realisation"
    # In order of days (within a day the order of the jobs does not matter).
    assert sorted(produced) == expected
    assert [d for d, _k in produced] == sorted(d for d, _k in produced)
    assert len(produced) > 100
    # Each day of the camp started with its programme, and nothing was overdue enough
    # to go to the facilitator.
    programme = [render(n, "nb").title for n in db.session.scalars(sa.select(Notification).where(
        Notification.user_id == initiator.id, Notification.kind == "camp_programme")
        .order_by(Notification.id))]
    assert [t.split(":")[0] for t in programme] == [f"Leirdag {n} av 6" for n in range(1, 7)]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(
        Notification.kind == "escalation")) == 0


def _answer(field):
    from stedskaping.demo import sample_answer

    return sample_answer(field)
