"""Creating projects and keeping their task progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from stedskaping.db import db, utcnow
from stedskaping.engine import deliverables, planning
from stedskaping.engine.process import use_workflow, workflow_for
from stedskaping.projects.models import (
    INITIATOR,
    TASK_DONE,
    TASK_DRAFT,
    TASK_OPEN,
    Project,
    ProjectMember,
    TaskProgress,
)


class ProjectError(Exception):
    def __init__(self, message, field: str | None = None, errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors = errors or {}


@dataclass(frozen=True)
class NewProject:
    title: str
    municipality_id: int
    workflow_key: str
    description: str = ""
    place_name: str = ""
    latitude: float | None = None
    longitude: float | None = None
    start_on: date | None = None
    camp_on: date | None = None


def create_project(data: NewProject, creator) -> Project:
    """Start a project in the first stage of the latest version of its workflow.

    The creator becomes its initiator; the plan is computed at once, forward
    from the start date or backward from the target camp date.
    """
    compiled = use_workflow(data.workflow_key)
    workflow = compiled.workflow
    try:
        windows = planning.first_plan(workflow, start_on=data.start_on, camp_on=data.camp_on)
    except planning.PlanError as exc:
        raise ProjectError(exc.args[0], "start_on") from exc
    project = Project(
        title=data.title.strip(), description=data.description.strip(),
        place_name=data.place_name.strip(), latitude=data.latitude, longitude=data.longitude,
        municipality_id=data.municipality_id, workflow_key=workflow.key,
        workflow_version=workflow.version, state=workflow.initial,
        created_by_id=creator.id, start_on=windows[0].starts_on, camp_on=windows[0].starts_on,
    )
    db.session.add(project)
    project.members.append(ProjectMember(user_id=creator.id, role=INITIATOR))
    planning.write_plan(project, workflow, windows)
    project.windows[0].entered_dt = utcnow()
    db.session.flush()
    return project


def task_progress(project: Project, stage_key: str, task_key: str) -> TaskProgress:
    progress = db.session.scalar(sa.select(TaskProgress).where(
        TaskProgress.project_id == project.id, TaskProgress.stage_key == stage_key,
        TaskProgress.task_key == task_key))
    if progress is None:
        raise ProjectError(_l("This task is not part of the project."))
    return progress


def save_task(project: Project, stage_key: str, task_key: str, actor, answers: dict, *,
              complete: bool) -> TaskProgress:
    """Save a task's deliverable as a draft, or mark the task done.

    Answers are checked against the workflow's field specification; a task can
    be marked done only with every required field filled in. On any error
    nothing is saved and ``ProjectError.errors`` holds a message per field.
    """
    workflow = workflow_for(project).workflow
    stage = workflow.stage(stage_key)
    task = stage.task(task_key) if stage else None
    if task is None:
        raise ProjectError(_l("This task is not part of the project."))
    clean, errors = deliverables.validate(task, answers, complete=complete)
    if errors:
        raise ProjectError(_l("Some answers need another look."), errors=errors)
    progress = task_progress(project, stage_key, task_key)
    now = utcnow()
    progress.answers = clean
    progress.updated_dt, progress.updated_by_id = now, actor.id
    if complete:
        progress.status = TASK_DONE
        progress.completed_dt, progress.completed_by_id = now, actor.id
    else:
        progress.status = TASK_DRAFT if clean else TASK_OPEN
        progress.completed_dt = progress.completed_by_id = None
    db.session.flush()
    return progress
