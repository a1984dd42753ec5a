"""Creating projects and keeping their task progress."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from stedskaping.db import db, utcnow
from stedskaping.domain import DomainError
from stedskaping.engine import deliverables, planning
from stedskaping.engine.process import advance, use_workflow, workflow_for
from stedskaping.municipalities.models import FacilitatorMembership, Programme
from stedskaping.notifications.operations import queue_mail
from stedskaping.projects import events
from stedskaping.projects.models import (
    INITIATOR,
    TASK_DONE,
    TASK_DRAFT,
    TASK_OPEN,
    CampDateRequest,
    Project,
    ProjectMember,
    TaskComment,
    TaskProgress,
)


class ProjectError(DomainError):
    """A refused change to a project, its team or its tasks."""


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
    programme_id: int | None = None


def create_project(data: NewProject, creator) -> Project:
    """Start a project in the first stage of the latest version of its workflow.

    The creator becomes its initiator; the plan is computed at once, forward
    from the start date or backward from the target camp date.
    """
    workflow_key = data.workflow_key
    if data.programme_id is not None:
        programme = db.session.get(Programme, data.programme_id)
        if programme is None or programme.municipality_id != data.municipality_id:
            raise ProjectError(_l("This programme belongs to another municipality."),
                               "programme")
        workflow_key = programme.workflow_key
    compiled = use_workflow(workflow_key)
    workflow = compiled.workflow
    try:
        windows = planning.first_plan(workflow, start_on=data.start_on, camp_on=data.camp_on)
    except planning.PlanError as exc:
        raise ProjectError(exc.args[0], "start_on") from exc
    project = Project(
        title=data.title.strip(), description=data.description.strip(),
        place_name=data.place_name.strip(), latitude=data.latitude, longitude=data.longitude,
        municipality_id=data.municipality_id, programme_id=data.programme_id,
        workflow_key=workflow.key,
        workflow_version=workflow.version, state=workflow.initial,
        created_by_id=creator.id, start_on=windows[0].starts_on, camp_on=windows[0].starts_on,
        calendar_token=secrets.token_urlsafe(24),
    )
    db.session.add(project)
    project.members.append(ProjectMember(user_id=creator.id, role=INITIATOR))
    planning.write_plan(project, workflow, windows)
    project.windows[0].entered_dt = utcnow()
    db.session.flush()
    events.record(project, creator, "created")
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
    events.record(project, actor, "task_done" if complete else "task_saved",
                  stage_key=stage_key, task_key=task_key)
    db.session.flush()
    return progress


def move_on(project: Project, trigger: str, actor, comment: str | None = None) -> str:
    """Fire a workflow trigger from the pages: the engine's advance, plus the activity
    log and the notices (a gate stage tells the municipality's facilitators)."""
    source = project.state
    dest = advance(project, trigger, actor, comment)
    events.record(project, actor, "transition", stage_key=dest, source=source,
                  trigger=trigger, comment=(comment or "").strip() or None)
    stage = workflow_for(project).workflow.stage(dest)
    if stage is not None and stage.gate:
        notify_facilitators_of_review(project, actor)
    db.session.flush()
    return dest


def notify_facilitators_of_review(project: Project, actor) -> None:
    memberships = db.session.scalars(sa.select(FacilitatorMembership).where(
        FacilitatorMembership.municipality_id == project.municipality_id)).all()
    for membership in memberships:
        user = membership.user
        queue_mail(kind="review_requested", recipient=user.email, user_id=user.id,
                   locale=user.locale, template="review_requested", project=project,
                   actor=actor, subject=_l("%(title)s asks for your review",
                                           title=project.title))


def request_camp_date(project: Project, actor, camp_on: date, reason: str) -> CampDateRequest:
    """Ask the facilitator for a new camp date (decided in supervision)."""
    if not reason.strip():
        raise ProjectError(_l("Give a reason for the new date."), "reason")
    if camp_on == project.camp_on:
        raise ProjectError(_l("This is already the camp date."), "camp_on")
    workflow = workflow_for(project).workflow
    if project.state == workflow.camp_stage or workflow.is_final(project.state):
        raise ProjectError(_l("The camp date can no longer be changed."), "camp_on")
    pending = db.session.scalar(sa.select(CampDateRequest).where(
        CampDateRequest.project_id == project.id, CampDateRequest.status == "pending"))
    if pending is not None:
        raise ProjectError(_l("A request is already waiting for the facilitator."), "camp_on")
    request = CampDateRequest(project_id=project.id, requested_by_id=actor.id, camp_on=camp_on,
                              reason=reason.strip())
    db.session.add(request)
    events.record(project, actor, "camp_date_requested", camp_on=camp_on.isoformat(),
                  reason=reason.strip())
    db.session.flush()
    return request


def comment_on_task(project: Project, stage_key: str, task_key: str, actor,
                    body: str) -> TaskComment:
    """Add to a task's comment thread, which the team and the facilitators see."""
    if not body.strip():
        raise ProjectError(_l("Write a comment."), "body")
    task_progress(project, stage_key, task_key)  # the task must exist
    comment = TaskComment(project_id=project.id, stage_key=stage_key, task_key=task_key,
                          author_id=actor.id, body=body.strip())
    db.session.add(comment)
    events.record(project, actor, "commented", stage_key=stage_key, task_key=task_key)
    db.session.flush()
    return comment


def task_comments(project: Project, stage_key: str, task_key: str) -> list[TaskComment]:
    return list(db.session.scalars(
        sa.select(TaskComment).where(TaskComment.project_id == project.id,
                                     TaskComment.stage_key == stage_key,
                                     TaskComment.task_key == task_key)
        .options(joinedload(TaskComment.author)).order_by(TaskComment.id)))
