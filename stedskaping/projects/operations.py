"""Creating projects and keeping their task progress."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from stedskaping.db import after_commit, db, utcnow
from stedskaping.domain import DomainError
from stedskaping.engine import deliverables
from stedskaping.engine.machine import CommentRequired, GuardsFailed, NotPermitted
from stedskaping.formats import date_text
from stedskaping.municipalities.models import FacilitatorMembership, Programme
from stedskaping.notifications.notify import notify
from stedskaping.notifications.operations import queue_mail
from stedskaping.projects import events, files, planning, process
from stedskaping.projects.models import (
    INITIATOR,
    TASK_DONE,
    TASK_DRAFT,
    TASK_OPEN,
    CampDateRequest,
    CampDateStatus,
    Project,
    ProjectMember,
    TaskComment,
    TaskProgress,
)
from stedskaping.projects.process import SYSTEM, advance, use_workflow, workflow_for


class ProjectError(DomainError):
    """A refused change to a project, its team or its tasks."""


class ConfirmRequired(CommentRequired):
    """A step that cannot be undone, asked for without its box ticked: the message
    belongs on the ``confirm`` box, not on the comment."""

    field = "confirm"


class EditConflict(ProjectError):
    """Someone saved the task since the user opened it: ``theirs`` holds the saved
    answers (and who saved them), so the page can show both versions."""

    status = 409

    def __init__(self, progress: TaskProgress):
        super().__init__(_l("Someone else saved this task while you were editing it. Your "
                            "answers are not saved yet: compare them with the saved ones "
                            "below, then save again."))
        self.theirs = dict(progress.answers or {})
        self.version = progress.version
        self.updated_by_id = progress.updated_by_id
        self.updated_dt = progress.updated_dt


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
    # The day the plan is made: the plan may not start before it (the pages pass today;
    # importing or testing an older project leaves it empty).
    today: date | None = None


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
        windows = planning.first_plan(workflow, start_on=data.start_on, camp_on=data.camp_on,
                                      not_before=data.today)
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
              complete: bool, version: int | None = None) -> TaskProgress:
    """Save a task's deliverable as a draft, or mark the task done.

    Answers are checked against the workflow's field specification; a task can
    be marked done only with every required field filled in. On any error
    nothing is saved and ``ProjectError.errors`` holds a message per field.
    ``version`` is the version the user started from (the form carries it): a
    save over a newer one raises ``EditConflict``. Files no longer in the
    answers are removed from storage once the change is committed.
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
    _next_version(progress, version)
    _forget_files(project, progress.answers or {}, clean)
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


def _next_version(progress: TaskProgress, started_from: int | None) -> None:
    """Count this save, by compare-and-set: of two saves from the same version exactly
    one passes (the other waits for the row and then finds the version changed)."""
    expected = progress.version if started_from is None else started_from
    if progress.version != expected:
        raise EditConflict(progress)
    changed = db.session.execute(
        sa.update(TaskProgress)
        .where(TaskProgress.id == progress.id, TaskProgress.version == expected)
        .values(version=expected + 1)
        .execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        db.session.refresh(progress)
        raise EditConflict(progress)
    set_committed_value(progress, "version", expected + 1)


def _stored_files(answers: dict) -> set[str]:
    return {v["stored"] for v in answers.values() if isinstance(v, dict) and "stored" in v}


def _forget_files(project: Project, old: dict, new: dict) -> None:
    """Replaced or removed files leave storage, after the commit: a rollback keeps them."""
    for stored in _stored_files(old) - _stored_files(new):
        after_commit(lambda stored=stored: files.discard(project.id, stored))


def reason_needed(project: Project, trigger: str, today: date):
    """The camp stage's window, when ending the stage by hand with ``trigger`` today
    needs a reason (today is outside the window); None when the plain step will do."""
    workflow = workflow_for(project).workflow
    if project.state != workflow.camp_stage:
        return None
    spec = next((t for t in workflow.transitions_from(project.state)
                 if t.trigger == trigger), None)
    if spec is None or spec.dest is None or workflow.stage(spec.dest) is None:
        return None  # pausing or cancelling is not ending the stage
    window = project.window(project.state)
    if window is None or window.starts_on <= today <= window.ends_on:
        return None
    return window


def reason_windows(project: Project, options, today: date) -> dict:
    """Trigger -> the stage window, for the offered steps that need a reason today."""
    found = {o.trigger: reason_needed(project, o.trigger, today) for o in options if o.allowed}
    return {trigger: window for trigger, window in found.items() if window is not None}


def move_on(project: Project, trigger: str, actor, comment: str | None = None, *,
            today: date | None = None, confirmed: bool = True) -> str:
    """Fire a workflow trigger from the pages: the engine's advance, plus the activity
    log and the notices (a gate stage tells the municipality's facilitators; a
    cancellation tells the team and the facilitators).

    Ending the camp stage by hand outside its planned window needs a reason (the
    comment); a step the domains refuse (``registry.step_check``) is refused; a step
    into a final side state (cancelling) needs ``confirmed``. Otherwise nothing changes.
    """
    _check_step(project, trigger, actor, comment, confirmed, today or date.today())
    workflow = workflow_for(project).workflow
    source = project.state
    dest = advance(project, trigger, actor, comment)
    events.record(project, actor, "transition", stage_key=dest, source=source,
                  trigger=trigger, comment=(comment or "").strip() or None)
    stage = workflow.stage(dest)
    if stage is not None and stage.gate:
        notify_facilitators_of_review(project, actor)
    elif workflow.side_state(dest) and workflow.is_final(dest):
        _tell_of_cancellation(project, actor, comment or "")
    db.session.flush()
    return dest


def _check_step(project: Project, trigger: str, actor, comment, confirmed: bool,
                today: date) -> None:
    """What move_on asks before the engine: the domains' refusals, the confirmation of
    a step that cannot be undone, a reason outside the camp's window."""
    refusals = process.step_refusals(project, trigger, actor)
    if refusals:
        raise GuardsFailed(*refusals)
    compiled = workflow_for(project)
    workflow, spec = compiled.workflow, compiled.spec(project.state, trigger)
    dest = spec.dest if spec else None
    if dest and workflow.side_state(dest) and workflow.is_final(dest) and not confirmed:
        # Asked after who may and what is required, so those answers come first.
        if reason := compiled.role_reason(spec, process.roles_of(project, actor)):
            raise NotPermitted(reason)
        if spec.comment_required and not (comment or "").strip():
            raise CommentRequired(_l("Write a comment: it is required for this step."))
        raise ConfirmRequired(_l("Tick the box to confirm: this step cannot be undone."))
    window = None if actor is SYSTEM else reason_needed(project, trigger, today)
    if window is not None and not (comment or "").strip():
        raise ProjectError(_l(
            "The camp is planned from %(start)s to %(end)s, and today is outside that "
            "window: give a reason to end the stage now.",
            start=date_text(window.starts_on, "long"), end=date_text(window.ends_on, "long")),
            "comment", status=422)


def _tell_of_cancellation(project: Project, actor, comment: str) -> None:
    """Everyone around the project hears that it ended: team and facilitators."""
    people = {m.user.id: m.user for m in project.members}
    people.update({u.id: u for u in facilitators_of(project)})
    for user in people.values():
        if user.id == getattr(actor, "id", None):
            continue
        queue_mail(kind="project_ended", recipient=user.email, user_id=user.id,
                   locale=user.locale, template="project_ended", project=project,
                   actor=actor, comment=comment.strip(),
                   subject=_l("%(title)s is cancelled", title=project.title))


def notify_facilitators_of_review(project: Project, actor) -> None:
    memberships = db.session.scalars(sa.select(FacilitatorMembership).where(
        FacilitatorMembership.municipality_id == project.municipality_id)).all()
    for membership in memberships:
        user = membership.user
        queue_mail(kind="review_requested", recipient=user.email, user_id=user.id,
                   locale=user.locale, template="review_requested", project=project,
                   actor=actor, subject=_l("%(title)s asks for your review",
                                           title=project.title))


def request_camp_date(project: Project, actor, camp_on: date, reason: str, *,
                      link: str | None = None, today: date | None = None) -> CampDateRequest:
    """Ask the facilitator for a new camp date (decided in supervision). The
    municipality's facilitators are notified (``link`` leads to the decision)."""
    if not reason.strip():
        raise ProjectError(_l("Give a reason for the new date."), "reason")
    workflow = workflow_for(project).workflow
    if project.state == workflow.camp_stage or workflow.is_final(project.state):
        raise ProjectError(_l("The camp date can no longer be changed."), "camp_on")
    try:
        planning.check_new_camp_date(project, workflow, camp_on, today or date.today())
    except planning.PlanError as exc:
        raise ProjectError(exc.args[0], "camp_on") from exc
    if camp_on == project.camp_on:
        raise ProjectError(_l("This is already the camp date."), "camp_on")
    pending = db.session.scalar(sa.select(CampDateRequest).where(
        CampDateRequest.project_id == project.id,
        CampDateRequest.status == CampDateStatus.PENDING))
    if pending is not None:
        raise ProjectError(_l("A request is already waiting for the facilitator."), "camp_on")
    request = CampDateRequest(project_id=project.id, requested_by_id=actor.id, camp_on=camp_on,
                              reason=reason.strip())
    db.session.add(request)
    events.record(project, actor, "camp_date_requested", camp_on=camp_on.isoformat(),
                  reason=reason.strip())
    db.session.flush()
    _notify_of_camp_request(project, request, actor, link)
    return request


def facilitators_of(project: Project) -> list:
    return [m.user for m in db.session.scalars(
        sa.select(FacilitatorMembership).where(
            FacilitatorMembership.municipality_id == project.municipality_id)
        .options(joinedload(FacilitatorMembership.user)))]


def _notify_of_camp_request(project: Project, request: CampDateRequest, actor, link) -> None:
    for user in facilitators_of(project):
        if user.id != actor.id:
            notify(user, "camp_date_request", f"camp-date-request:{request.id}:{user.id}",
                   "asked", link=link, title=project.title, who=actor.name,
                   old=project.camp_on, new=request.camp_on, reason=request.reason)


def comment_on_task(project: Project, stage_key: str, task_key: str, actor,
                    body: str, *, link: str | None = None) -> TaskComment:
    """Add to a task's comment thread, which the team and the facilitators see.
    Everyone in it but the author is notified, as their preferences say (``link``
    leads to the thread)."""
    if not body.strip():
        raise ProjectError(_l("Write a comment."), "body")
    task_progress(project, stage_key, task_key)  # the task must exist
    comment = TaskComment(project_id=project.id, stage_key=stage_key, task_key=task_key,
                          author_id=actor.id, body=body.strip())
    db.session.add(comment)
    events.record(project, actor, "commented", stage_key=stage_key, task_key=task_key)
    db.session.flush()
    _notify_of_comment(project, comment, actor, link)
    return comment


def _notify_of_comment(project: Project, comment: TaskComment, actor, link) -> None:
    workflow = workflow_for(project).workflow
    task = workflow.stage(comment.stage_key).task(comment.task_key)
    people = {m.user.id: m.user for m in project.members}
    people.update({u.id: u for u in facilitators_of(project)})
    people.pop(actor.id, None)
    for user in people.values():
        notify(user, "task_comment", f"task-comment:{comment.id}:{user.id}", "comment",
               link=link, who=actor.name, task=task.title, title=project.title,
               comment=comment.body)


def task_comments(project: Project, stage_key: str, task_key: str) -> list[TaskComment]:
    return list(db.session.scalars(
        sa.select(TaskComment).where(TaskComment.project_id == project.id,
                                     TaskComment.stage_key == stage_key,
                                     TaskComment.task_key == task_key,
                                     TaskComment.is_hidden.is_(False))
        .options(joinedload(TaskComment.author)).order_by(TaskComment.id)))
