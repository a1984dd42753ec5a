"""The plan in the database: stage windows, task due dates and re-planning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from stedskaping.dates import DATE_RANGE_MESSAGE, date_in_range
from stedskaping.db import db
from stedskaping.engine import timeline
from stedskaping.engine.spec import Workflow
from stedskaping.formats import date_text
from stedskaping.projects.models import (
    TASK_DONE,
    Project,
    Replan,
    StageWindow,
    TaskProgress,
)
from stedskaping.signals import plan_changed


class PlanError(ValueError):
    """A plan or re-plan that cannot be made; the message says why."""


def first_plan(workflow: Workflow, *, start_on: date | None = None,
               camp_on: date | None = None,
               not_before: date | None = None) -> list[timeline.Window]:
    """Windows from a start date (forward) or from a target camp date (backward).

    With ``not_before`` (the pages pass today) the plan may not start before that
    day: a camp date too early for the stages before it is refused with the
    earliest possible camp date. Every window lies in the years the app accepts.
    """
    if (start_on is None) == (camp_on is None):
        raise PlanError(_l("Give either a start date or a target camp date."))
    if not date_in_range(start_on or camp_on):
        raise PlanError(DATE_RANGE_MESSAGE)
    if start_on is not None:
        if not_before is not None and start_on < not_before:
            raise PlanError(_l("The project cannot start in the past: choose today or a "
                               "later day."))
        windows = timeline.plan_forward(workflow, start_on)
    else:
        windows = timeline.plan_backward(workflow, camp_on)
        if not_before is not None and windows[0].starts_on < not_before:
            raise PlanError(_l(
                "The stages before the camp need more time: the earliest possible camp "
                "date is %(date)s.",
                date=date_text(earliest_camp_on(workflow, not_before), "long")))
    _check_range(windows)
    return windows


def earliest_camp_on(workflow: Workflow, today: date) -> date:
    """The first camp day of a plan that starts today."""
    camp = next(w for w in timeline.plan_forward(workflow, today)
                if w.stage == workflow.camp_stage)
    return camp.starts_on


def _check_range(windows: list[timeline.Window]) -> None:
    if not all(date_in_range(w.starts_on) and date_in_range(w.ends_on) for w in windows):
        raise PlanError(DATE_RANGE_MESSAGE)


def write_plan(project: Project, workflow: Workflow, windows: list[timeline.Window]) -> None:
    """Store the first plan: a window per stage and a progress row per task."""
    by_stage = {w.stage: w for w in windows}
    for position, window in enumerate(windows):
        db.session.add(StageWindow(
            project=project, stage_key=window.stage, position=position,
            starts_on=window.starts_on, ends_on=window.ends_on,
            first_starts_on=window.starts_on, first_ends_on=window.ends_on,
            approved_starts_on=window.starts_on, approved_ends_on=window.ends_on,
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
           days: int | None = None, today: date | None = None,
           approved: bool = False) -> Replan:
    """Re-plan on record: a new camp date (``camp_on``; ``stage`` takes up the change,
    by default the current stage) or a longer stage (``stage`` and ``days``).

    Later windows and task due dates move with it; the first plan is kept. A new
    camp date in the past (before ``today``) is refused. An ``approved`` re-plan (a
    facilitator agreed to it) becomes the plan that slip is measured against.
    """
    if not (reason or "").strip():
        raise PlanError(_l("Give a reason for the new plan."))
    check_camp_date(camp_on, today or date.today())
    stage = stage or project.state
    old_camp = project.camp_on
    new, days = _new_windows(project, workflow, stage, camp_on, days)
    _check_range(new)
    _apply(project, workflow, new)
    if approved:
        approve_plan(project)
    record = Replan(project_id=project.id, actor_id=getattr(actor, "id", None),
                    reason=reason.strip(), stage_key=stage, days=days,
                    old_camp_on=old_camp, new_camp_on=project.camp_on)
    db.session.add(record)
    db.session.flush()
    plan_changed.send(project, replan=record)  # e.g. a live campaign follows its stage
    return record


def _new_windows(project: Project, workflow: Workflow, stage: str, camp_on: date | None,
                 days: int | None) -> tuple[list[timeline.Window], int]:
    """The windows after moving the camp to ``camp_on`` (``stage`` absorbs it) or making
    ``stage`` longer by ``days``; and by how many days the plan moved."""
    windows = _windows(project)
    try:
        if camp_on is not None:
            if project.state == workflow.camp_stage:
                raise PlanError(_l("The camp has started; its date can no longer move."))
            new = timeline.move_camp(windows, workflow.camp_stage, camp_on, absorb=stage)
            return new, (camp_on - project.camp_on).days
        if days:
            return timeline.extend_stage(windows, stage, days), days
        raise PlanError(_l("Give a new camp date or a number of days."))
    except timeline.ReplanError as exc:
        raise PlanError(_l("This plan is not possible: %(why)s.", why=exc.args[0])) from exc
    except OverflowError as exc:  # days beyond any calendar
        raise PlanError(DATE_RANGE_MESSAGE) from exc


def check_camp_date(camp_on: date | None, today: date) -> None:
    """A new camp date must be a sane date, and not in the past."""
    if camp_on is None:
        return
    if not date_in_range(camp_on):
        raise PlanError(DATE_RANGE_MESSAGE)
    if camp_on < today:
        raise PlanError(_l("The new camp date is in the past: choose a later day."))


def earliest_new_camp_on(project: Project, workflow: Workflow, today: date) -> date:
    """The first day a re-planned camp can start: the current stage takes up the change
    (it may end today at the earliest), and the stages after it keep their length."""
    current = project.state if workflow.stage(project.state) else project.paused_from
    keys = [w.stage_key for w in project.windows]
    if current not in keys or workflow.camp_stage not in keys:
        return today
    between = project.windows[keys.index(current) + 1:keys.index(workflow.camp_stage)]
    return today + timedelta(days=1 + sum((w.ends_on - w.starts_on).days + 1
                                          for w in between))


def check_new_camp_date(project: Project, workflow: Workflow, camp_on: date,
                        today: date) -> None:
    """A re-planned camp date must be sane, not in the past, and leave the stages before
    the camp their planned time (the message names the earliest possible date)."""
    check_camp_date(camp_on, today)
    earliest = earliest_new_camp_on(project, workflow, today)
    if camp_on < earliest:
        raise PlanError(_l(
            "The stages before the camp need more time: the earliest possible camp date is "
            "%(date)s.", date=date_text(earliest, "long")))


def approve_plan(project: Project) -> None:
    """The plan as it stands now becomes the approved plan: the dashboard's slip is
    measured against it from now on (the first plan stays as history)."""
    for row in project.windows:
        row.approved_starts_on, row.approved_ends_on = row.starts_on, row.ends_on


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
    slip_days: int  # the camp against the first plan
    unapproved_slip_days: int = 0  # the camp against the last approved plan


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
    return Standing(overdue_tasks=overdue, days_left_in_stage=days_left, slip_days=slip,
                    unapproved_slip_days=approved_slip_days(camp))


def approved_slip_days(camp: StageWindow | None) -> int:
    """How many days the camp starts later than in the last approved plan."""
    return (camp.starts_on - camp.approved_starts_on).days if camp else 0
