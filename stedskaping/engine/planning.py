"""The plan in the database: stage windows, task due dates and re-planning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from stedskaping.db import db
from stedskaping.engine import timeline
from stedskaping.engine.definition import Workflow
from stedskaping.projects.models import (
    TASK_DONE,
    Project,
    Replan,
    StageWindow,
    TaskProgress,
)


class PlanError(ValueError):
    """A plan or re-plan that cannot be made; the message says why."""


def first_plan(workflow: Workflow, *, start_on: date | None = None,
               camp_on: date | None = None) -> list[timeline.Window]:
    """Windows from a start date (forward) or from a target camp date (backward)."""
    if (start_on is None) == (camp_on is None):
        raise PlanError(_l("Give either a start date or a target camp date."))
    if start_on is not None:
        return timeline.plan_forward(workflow, start_on)
    return timeline.plan_backward(workflow, camp_on)


def write_plan(project: Project, workflow: Workflow, windows: list[timeline.Window]) -> None:
    """Store the first plan: a window per stage and a progress row per task."""
    by_stage = {w.stage: w for w in windows}
    for position, window in enumerate(windows):
        db.session.add(StageWindow(
            project=project, stage_key=window.stage, position=position,
            starts_on=window.starts_on, ends_on=window.ends_on,
            first_starts_on=window.starts_on, first_ends_on=window.ends_on,
        ))
    for stage in workflow.stages:
        window = by_stage.get(stage.key)
        for position, task in enumerate(stage.tasks):
            db.session.add(TaskProgress(
                project=project, stage_key=stage.key, task_key=task.key, position=position,
                is_required=task.required, due_on=timeline.task_due_on(window, task),
            ))
    camp = by_stage[workflow.camp_stage]
    project.start_on = windows[0].starts_on
    project.camp_on = camp.starts_on


def _windows(project: Project) -> list[timeline.Window]:
    return [timeline.Window(w.stage_key, w.starts_on, w.ends_on) for w in project.windows]


def replan(project: Project, workflow: Workflow, actor, reason: str, *,
           camp_on: date | None = None, stage: str | None = None,
           days: int | None = None) -> Replan:
    """Re-plan on record: a new camp date (``camp_on``; ``stage`` takes up the change,
    by default the current stage) or a longer stage (``stage`` and ``days``).

    Later windows and task due dates move with it; the first plan is kept.
    """
    if not (reason or "").strip():
        raise PlanError(_l("Give a reason for the new plan."))
    windows = _windows(project)
    stage = stage or project.state
    old_camp = project.camp_on
    try:
        if camp_on is not None:
            if project.state == workflow.camp_stage:
                raise PlanError(_l("The camp has started; its date can no longer move."))
            new = timeline.move_camp(windows, workflow.camp_stage, camp_on, absorb=stage)
            days = (camp_on - old_camp).days
        elif days:
            new = timeline.extend_stage(windows, stage, days)
        else:
            raise PlanError(_l("Give a new camp date or a number of days."))
    except timeline.ReplanError as exc:
        raise PlanError(_l("This plan is not possible: %(why)s.", why=exc.args[0])) from exc
    _apply(project, workflow, new)
    record = Replan(project_id=project.id, actor_id=getattr(actor, "id", None),
                    reason=reason.strip(), stage_key=stage, days=days,
                    old_camp_on=old_camp, new_camp_on=project.camp_on)
    db.session.add(record)
    db.session.flush()
    return record


def _apply(project: Project, workflow: Workflow, windows: list[timeline.Window]) -> None:
    changed = {}
    for row, window in zip(project.windows, windows, strict=True):
        if (row.starts_on, row.ends_on) != (window.starts_on, window.ends_on):
            row.starts_on, row.ends_on = window.starts_on, window.ends_on
            changed[row.stage_key] = window
    if changed:
        tasks = db.session.scalars(sa.select(TaskProgress).where(
            TaskProgress.project_id == project.id,
            TaskProgress.stage_key.in_(list(changed)),
        ))
        for task in tasks:
            spec = workflow.stage(task.stage_key).task(task.task_key)
            task.due_on = timeline.task_due_on(changed[task.stage_key], spec)
    project.camp_on = next(w.starts_on for w in windows if w.stage == workflow.camp_stage)
    db.session.flush()


@dataclass(frozen=True)
class Standing:
    """Where a project stands against its plan on a given day."""

    overdue_tasks: list[TaskProgress]
    days_left_in_stage: int | None
    slip_days: int


def standing(project: Project, workflow: Workflow, today: date) -> Standing:
    overdue = list(db.session.scalars(
        sa.select(TaskProgress).where(
            TaskProgress.project_id == project.id, TaskProgress.status != TASK_DONE,
            TaskProgress.due_on < today,
        ).order_by(TaskProgress.due_on, TaskProgress.position)
    ))
    window = project.window(project.state)
    days_left = (window.ends_on - today).days if window else None
    camp = project.window(workflow.camp_stage)
    slip = (camp.starts_on - camp.first_starts_on).days if camp else 0
    return Standing(overdue_tasks=overdue, days_left_in_stage=days_left, slip_days=slip)
