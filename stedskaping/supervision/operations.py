"""The facilitator's decisions: gates, new camp dates, notes and programmes."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from stedskaping.dates import DATE_RANGE_MESSAGE, date_in_range
from stedskaping.db import db, utcnow
from stedskaping.municipalities.models import Programme
from stedskaping.notifications.operations import queue_mail
from stedskaping.projects import events, planning
from stedskaping.projects.models import CampDateRequest, CampDateStatus, Project, move
from stedskaping.projects.operations import ProjectError, move_on
from stedskaping.projects.process import use_workflow, workflow_for
from stedskaping.supervision.models import FacilitatorNote


def notify_team(project: Project, *, kind: str, subject, template: str, **context) -> None:
    for member in project.members:
        user = member.user
        queue_mail(kind=kind, recipient=user.email, user_id=user.id, locale=user.locale,
                   subject=subject, template=template, project=project, **context)


def decide(project: Project, trigger: str, actor, comment: str | None = None, *,
           confirmed: bool = True) -> str:
    """Take a decision (approve, return, pause, resume, cancel) through the engine;
    the team is told, and the decision and comment stay in the project's history."""
    dest = move_on(project, trigger, actor, comment, confirmed=confirmed)
    workflow = workflow_for(project).workflow
    if workflow.side_state(dest) and workflow.is_final(dest):
        return dest  # move_on has told the team and the facilitators already
    notify_team(project, kind="decision", template="decision",
                subject=_l("News about %(title)s", title=project.title), actor=actor,
                trigger_title=workflow.transition(trigger).title, dest=dest,
                workflow=workflow, comment=(comment or "").strip())
    return dest


def pending_request(project: Project, request_id: int) -> CampDateRequest:
    request = db.session.scalar(sa.select(CampDateRequest).where(
        CampDateRequest.id == request_id, CampDateRequest.project_id == project.id))
    if request is None or request.status != CampDateStatus.PENDING:
        raise ProjectError(_l("This request has already been decided."))
    return request


def decide_camp_date(project: Project, request: CampDateRequest, actor, *, approve: bool,
                     comment: str = "") -> None:
    """Approve (the plan moves, on record) or refuse (with a comment) a new camp date."""
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ProjectError(_l("Write why the request is refused."), "comment")
    if approve:
        workflow = workflow_for(project).workflow
        reason = request.reason + (f"\n\n{comment}" if comment else "")
        try:
            planning.replan(project, workflow, actor, reason, camp_on=request.camp_on,
                            stage=project.state if workflow.stage(project.state)
                            else project.paused_from, approved=True)
        except planning.PlanError as exc:
            raise ProjectError(exc.args[0]) from exc
    move(request, CampDateStatus.APPROVED if approve else CampDateStatus.REFUSED)
    request.decided_by_id, request.decided_dt = actor.id, utcnow()
    request.decision_comment = comment or None
    events.record(project, actor, "camp_date_decided", approved=approve,
                  camp_on=request.camp_on.isoformat(), comment=comment or None)
    notify_team(project, kind="camp_date_decided", template="camp_date_decided",
                subject=_l("New camp date for %(title)s", title=project.title)
                if approve else _l("Camp date for %(title)s unchanged", title=project.title),
                actor=actor, approved=approve, request=request, comment=comment)
    db.session.flush()


def add_note(project: Project, actor, body: str) -> FacilitatorNote:
    if not body.strip():
        raise ProjectError(_l("Write the note."), "body")
    note = FacilitatorNote(project_id=project.id, author_id=actor.id, body=body.strip())
    db.session.add(note)
    db.session.flush()
    return note


def notes(project: Project) -> list[FacilitatorNote]:
    return list(db.session.scalars(sa.select(FacilitatorNote).where(
        FacilitatorNote.project_id == project.id).order_by(FacilitatorNote.id.desc())))


def create_programme(municipality, name: str, workflow_key: str, start_on: date) -> Programme:
    """A programme groups projects of a municipality under one process and start date."""
    use_workflow(workflow_key)  # refuses unknown or changed workflows
    if not date_in_range(start_on):
        raise ProjectError(DATE_RANGE_MESSAGE, "start_on")
    exists = db.session.scalar(sa.select(Programme.id).where(
        Programme.municipality_id == municipality.id, Programme.name == name.strip()))
    if exists:
        raise ProjectError(_l("This municipality already has a programme with that name."),
                           "name")
    programme = Programme(municipality_id=municipality.id, name=name.strip(),
                          workflow_key=workflow_key, start_on=start_on)
    db.session.add(programme)
    db.session.flush()
    return programme
