"""The facilitator's dashboard and review queue: a fixed number of queries however
many projects there are (one per kind of fact, for all projects at once)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload, selectinload

from stedskaping import plugins
from stedskaping.db import db
from stedskaping.engine.machine import Token
from stedskaping.municipalities.models import Municipality, Programme
from stedskaping.projects.models import (
    TASK_DONE,
    CampDateRequest,
    CampDateStatus,
    Project,
    ProjectEvent,
    StageWindow,
    StateTransition,
    TaskProgress,
)
from stedskaping.projects.planning import approved_slip_days
from stedskaping.projects.process import facts_for, known_facts, roles_of, workflows
from stedskaping.supervision import health


@dataclass
class Row:
    project: Project
    stage_title: str
    days_in_stage: int
    required_done: int
    required_total: int
    overdue: int
    next_deadline: date | None
    slip_days: int
    extra: dict  # the domains' dashboard columns: {column key: value}
    last_activity: datetime | None
    health: str

    @property
    def done_share(self) -> float:
        return self.required_done / self.required_total if self.required_total else 1.0


def visible_projects(user):
    """A select of the projects ``user`` supervises: their municipalities', or all for admins."""
    query = sa.select(Project.id)
    if not user.is_admin:
        query = query.where(Project.municipality_id.in_(user.facilitated_municipality_ids()))
    return query


def _projects(user, *, municipality: str | None, programme: int | None, stage: str | None):
    query = (sa.select(Project).where(Project.id.in_(visible_projects(user)))
             .join(Municipality).options(joinedload(Project.municipality)))
    if municipality:
        query = query.where(Municipality.slug == municipality)
    if programme:
        query = query.where(Project.programme_id == programme)
    if stage:
        query = query.where(Project.state == stage)
    return list(db.session.scalars(query.order_by(Project.id)))


def _task_facts(ids, today: date):
    """Per project and stage: required tasks, required done, overdue, oldest required
    overdue, next deadline."""
    not_done = TaskProgress.status != TASK_DONE
    rows = db.session.execute(
        sa.select(
            TaskProgress.project_id, TaskProgress.stage_key,
            sa.func.sum(sa.case((TaskProgress.is_required, 1), else_=0)),
            sa.func.sum(sa.case((sa.and_(TaskProgress.is_required, ~not_done), 1), else_=0)),
            sa.func.sum(sa.case((sa.and_(not_done, TaskProgress.due_on < today), 1), else_=0)),
            sa.func.min(sa.case((sa.and_(not_done, TaskProgress.is_required,
                                         TaskProgress.due_on < today), TaskProgress.due_on))),
            sa.func.min(sa.case((sa.and_(not_done, TaskProgress.due_on >= today),
                                 TaskProgress.due_on))),
        ).where(TaskProgress.project_id.in_(ids))
        .group_by(TaskProgress.project_id, TaskProgress.stage_key)
    )
    facts = defaultdict(dict)
    for project_id, stage, required, done, overdue, oldest, upcoming in rows:
        facts[project_id][stage] = (int(required or 0), int(done or 0), int(overdue or 0),
                                    _as_date(oldest), _as_date(upcoming))
    return facts


def _as_date(value):
    # SQLite returns aggregated dates as text.
    return date.fromisoformat(value) if isinstance(value, str) else value


def _windows(ids):
    windows = defaultdict(dict)
    for w in db.session.scalars(sa.select(StageWindow).where(StageWindow.project_id.in_(ids))):
        windows[w.project_id][w.stage_key] = w
    return windows


def _last_activity(ids):
    return dict(db.session.execute(
        sa.select(ProjectEvent.project_id, sa.func.max(ProjectEvent.created_dt))
        .where(ProjectEvent.project_id.in_(ids)).group_by(ProjectEvent.project_id)).all())


def _row(project, tasks, windows, last, extra, today, lang, limits) -> Row:
    workflow = workflows().get(project.workflow_key, project.workflow_version).workflow
    current = project.state if workflow.stage(project.state) else project.paused_from
    position = workflow.stage_position(current or "") or 0
    upto = {s.key for s in workflow.stages[: position + 1]}
    required = done = overdue = 0
    oldest, upcoming = None, None
    for stage_key, (req, dn, od, old, up) in tasks.items():
        if stage_key in upto:
            required, done = required + req, done + dn
        overdue += od
        oldest = min(filter(None, (oldest, old)), default=None)
        upcoming = min(filter(None, (upcoming, up)), default=None)
    slip = approved_slip_days(windows.get(workflow.camp_stage))
    window = windows.get(project.state)
    if isinstance(last, datetime) and last.tzinfo is None:  # SQLite keeps no zone
        last = last.replace(tzinfo=UTC)
    active = workflow.stage(project.state) is not None and not workflow.is_final(project.state)
    flag = health.flag(
        active=active, today=today, stage_ends_on=window.ends_on if window else None,
        oldest_required_overdue=oldest, overdue=overdue, slip_days=slip,
        last_activity=last.date() if last else None, limits=limits)
    return Row(
        project=project, stage_title=workflow.state_title(project.state, lang),
        days_in_stage=(today - project.state_changed_dt.date()).days,
        required_done=done, required_total=required, overdue=overdue, next_deadline=upcoming,
        slip_days=slip, extra=extra, last_activity=last, health=flag)


SORTS = {
    "title": lambda r: r.project.title.lower(),
    "stage": lambda r: r.stage_title.lower(),
    "days": lambda r: r.days_in_stage,
    "done": lambda r: r.done_share,
    "overdue": lambda r: r.overdue,
    "deadline": lambda r: r.next_deadline or date.max,
    "slip": lambda r: r.slip_days,
    "activity": lambda r: r.last_activity.timestamp() if r.last_activity else 0,
    "health": lambda r: health.ORDER[r.health],
}


def dashboard(user, *, today: date, lang: str, municipality: str | None = None,
              programme: int | None = None, stage: str | None = None,
              health_flag: str | None = None, sort: str = "health",
              descending: bool = False) -> list[Row]:
    """The rows of the dashboard, filtered and sorted."""
    projects = _projects(user, municipality=municipality, programme=programme, stage=stage)
    ids = [p.id for p in projects]
    tasks, windows = _task_facts(ids, today), _windows(ids)
    last = _last_activity(ids)
    columns = {c.key: c.values(ids) if ids else {} for c in plugins.current().dashboard_columns}
    limits = health.Limits.from_config(current_app.config)
    rows = [_row(p, tasks.get(p.id, {}), windows.get(p.id, {}), last.get(p.id),
                 {key: values.get(p.id) for key, values in columns.items()}, today, lang, limits)
            for p in projects]
    if health_flag:
        rows = [r for r in rows if r.health == health_flag]
    key = SORTS.get(sort, SORTS["health"])
    return sorted(rows, key=lambda r: (key(r), r.project.id), reverse=descending)


def review_queue(user, lang: str) -> list[tuple[Project, list]]:
    """Projects waiting for a decision ``user`` may take now (approving a gate or a plan),
    with those decisions; automatic steps (the campaign's close) are left out."""
    projects = list(db.session.scalars(
        sa.select(Project).where(Project.id.in_(visible_projects(user)))
        .options(joinedload(Project.municipality), selectinload(Project.members))
        .order_by(Project.state_changed_dt)))
    ids = [p.id for p in projects]
    open_required = dict(db.session.execute(
        sa.select(TaskProgress.project_id, sa.func.count())
        .join(Project, Project.id == TaskProgress.project_id)
        .where(TaskProgress.project_id.in_(ids), TaskProgress.stage_key == Project.state,
               TaskProgress.is_required.is_(True), TaskProgress.status != TASK_DONE)
        .group_by(TaskProgress.project_id)).all())
    known = known_facts(projects)  # the domains' facts for all at once
    queue = []
    for project in projects:
        compiled = workflows().get(project.workflow_key, project.workflow_version)
        # The open required tasks are counted above for all projects at once.
        facts = facts_for(project, {**known[project.id], "open_required_tasks": ["…"] * (
            open_required.get(project.id, 0))})
        token = Token(project.state, project.paused_from)
        decisions = [
            o for o in compiled.options(token, roles=roles_of(project, user), facts=facts,
                                        lang=lang)
            if o.allowed and compiled.workflow.stage(o.dest or "")
            and "system" not in compiled.spec(project.state, o.trigger).roles
            and compiled.spec(project.state, o.trigger).dest is not None  # not "resume"
        ]
        if decisions:
            queue.append((project, decisions))
    return queue


def pending_camp_requests(user) -> list[CampDateRequest]:
    """Requests for a new camp date that wait for ``user``'s decision, oldest first."""
    return list(db.session.scalars(
        sa.select(CampDateRequest)
        .where(CampDateRequest.status == CampDateStatus.PENDING,
               CampDateRequest.project_id.in_(visible_projects(user)))
        .options(joinedload(CampDateRequest.project).joinedload(Project.municipality),
                 joinedload(CampDateRequest.requested_by))
        .order_by(CampDateRequest.created_dt, CampDateRequest.id)))


def programmes_for(user) -> list[Programme]:
    query = sa.select(Programme).options(joinedload(Programme.municipality)).order_by(
        Programme.name)
    if not user.is_admin:
        query = query.where(Programme.municipality_id.in_(user.facilitated_municipality_ids()))
    return list(db.session.scalars(query))


def municipalities_for(user) -> list[Municipality]:
    query = sa.select(Municipality).order_by(Municipality.name)
    if not user.is_admin:
        query = query.where(Municipality.id.in_(user.facilitated_municipality_ids()))
    return list(db.session.scalars(query))


@dataclass
class MunicipalityFigures:
    municipality: Municipality
    per_stage: dict[str, int]
    total: int
    completed: int
    median_slip: float | None
    campaigns_funded: int

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.total if self.total else None


def overview() -> list[MunicipalityFigures]:
    """Per municipality: projects per stage, completion rate, median slip of the camp
    date, and campaigns that reached their minimum."""
    municipalities = list(db.session.scalars(sa.select(Municipality).order_by(
        Municipality.name)))
    per_stage = defaultdict(dict)
    for municipality_id, state, count in db.session.execute(
            sa.select(Project.municipality_id, Project.state, sa.func.count())
            .group_by(Project.municipality_id, Project.state)):
        per_stage[municipality_id][state] = count
    camp_stages = {c.workflow.camp_stage for c in workflows().all()}
    slips = defaultdict(list)
    for municipality_id, starts, first in db.session.execute(
            sa.select(Project.municipality_id, StageWindow.starts_on, StageWindow.first_starts_on)
            .join(Project, Project.id == StageWindow.project_id)
            .where(StageWindow.stage_key.in_(camp_stages))):
        slips[municipality_id].append((_as_date(starts) - _as_date(first)).days)
    succeeded = {c.workflow.role("campaign_succeeded") for c in workflows().all()} - {None}
    funded = dict(db.session.execute(
        sa.select(Project.municipality_id, sa.func.count(sa.distinct(StateTransition.project_id)))
        .join(Project, Project.id == StateTransition.project_id)
        .where(StateTransition.trigger.in_(succeeded))
        .group_by(Project.municipality_id)).all())
    finals = {key for c in workflows().all() for key in c.workflow.states
              if c.workflow.is_final(key) and c.workflow.stage(key)}
    return [MunicipalityFigures(
        municipality=m, per_stage=per_stage.get(m.id, {}),
        total=sum(per_stage.get(m.id, {}).values()),
        completed=sum(n for state, n in per_stage.get(m.id, {}).items() if state in finals),
        median_slip=statistics.median(slips[m.id]) if slips.get(m.id) else None,
        campaigns_funded=funded.get(m.id, 0)) for m in municipalities]
