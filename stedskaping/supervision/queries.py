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

from stedskaping import pages, plugins
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
    project: sa.Row  # plain columns: id, title, municipality_name, state, ... (no ORM object)
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


def _shown(user, *, municipality: str | None, programme: int | None, stage: str | None):
    """A select of the ids of the projects the dashboard shows (visible, filtered)."""
    query = sa.select(Project.id).where(Project.id.in_(visible_projects(user)))
    if municipality:
        query = query.join(Municipality).where(Municipality.slug == municipality)
    if programme:
        query = query.where(Project.programme_id == programme)
    if stage:
        query = query.where(Project.state == stage)
    return query


def _projects(ids):
    """The shown projects as plain rows: only the columns the dashboard reads."""
    return db.session.execute(
        sa.select(Project.id, Project.title, Municipality.name.label("municipality_name"),
                  Project.workflow_key, Project.workflow_version, Project.state,
                  Project.paused_from, Project.state_changed_dt)
        .join(Municipality, Municipality.id == Project.municipality_id)
        .where(Project.id.in_(ids)).order_by(Project.id)).all()


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
    """Per project, the windows a row reads: the current stage's and the camp's."""
    camp_stages = {c.workflow.camp_stage for c in workflows().all()} - {None}
    windows = defaultdict(dict)
    for w in db.session.execute(
            sa.select(StageWindow.project_id, StageWindow.stage_key, StageWindow.starts_on,
                      StageWindow.ends_on, StageWindow.approved_starts_on)
            .join(Project, Project.id == StageWindow.project_id)
            .where(StageWindow.project_id.in_(ids),
                   sa.or_(StageWindow.stage_key == Project.state,
                          StageWindow.stage_key.in_(camp_stages)))):
        windows[w.project_id][w.stage_key] = w
    return windows


def _last_activity(ids):
    return dict(db.session.execute(
        sa.select(ProjectEvent.project_id, sa.func.max(ProjectEvent.created_dt))
        .where(ProjectEvent.project_id.in_(ids)).group_by(ProjectEvent.project_id)).all())


def _row(project, tasks, windows, last, today, lang, limits) -> Row:
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
    changed = project.state_changed_dt
    return Row(
        project=project, stage_title=workflow.state_title(project.state, lang),
        days_in_stage=(today - (changed.date() if isinstance(changed, datetime)
                                else datetime.fromisoformat(changed).date())).days,
        required_done=done, required_total=required, overdue=overdue, next_deadline=upcoming,
        slip_days=slip, extra={}, last_activity=last, health=flag)


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
    """The rows of the dashboard, filtered and sorted, without the domains' columns
    (:func:`add_columns` fills those in for the rows shown). One query per kind of fact,
    each taking the shown projects as a subquery, however many projects there are."""
    shown = _shown(user, municipality=municipality, programme=programme, stage=stage)
    projects = _projects(shown)
    tasks, windows = _task_facts(shown, today), _windows(shown)
    last = _last_activity(shown)
    limits = health.Limits.from_config(current_app.config)
    rows = [_row(p, tasks.get(p.id, {}), windows.get(p.id, {}), last.get(p.id), today, lang,
                 limits) for p in projects]
    if health_flag:
        rows = [r for r in rows if r.health == health_flag]
    key = SORTS.get(sort, SORTS["health"])
    return sorted(rows, key=lambda r: (key(r), r.project.id), reverse=descending)


def add_columns(rows: list[Row]) -> list[Row]:
    """Fill in the domains' dashboard columns for ``rows`` (a page of them): each
    column's query runs once, for the ids of those rows."""
    ids = [r.project.id for r in rows]
    columns = {c.key: c.values(ids) if ids else {} for c in plugins.current().dashboard_columns}
    for row in rows:
        row.extra = {key: values.get(row.project.id) for key, values in columns.items()}
    return rows


def _decisions_of(projects, user, lang: str) -> list[tuple[Project, list]]:
    """Each project with the decisions ``user`` may take on it now (approving a gate or
    a plan); automatic steps (the campaign's close) are left out, and so are projects
    with none."""
    ids = [p.id for p in projects]
    open_required = dict(db.session.execute(
        sa.select(TaskProgress.project_id, sa.func.count())
        .join(Project, Project.id == TaskProgress.project_id)
        .where(TaskProgress.project_id.in_(ids), TaskProgress.stage_key == Project.state,
               TaskProgress.is_required.is_(True), TaskProgress.status != TASK_DONE)
        .group_by(TaskProgress.project_id)).all()) if ids else {}
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


# The queue is counted in SQL when every guard of a facilitator's decision can say itself
# as SQL (``registry.guard(..., sql=...)``); a decision with a guard that cannot is read
# the long way (every visible project's options).

def _decision_states():
    """Per workflow version, the states in which a facilitator or admin takes a decision
    that leads to a stage: {(key, version, state): [the decisions' SQL conditions, one
    per decision]}, or None when a decision has a guard without SQL (or an ``unless``)."""
    guards = plugins.current().guards
    states: dict[tuple[str, int, str], list] = {}
    for compiled in workflows().all():
        workflow = compiled.workflow
        for spec in workflow.transitions:
            if ("system" in spec.roles or not {"facilitator", "admin"} & set(spec.roles)
                    or spec.dest is None or not workflow.stage(spec.dest)):
                continue
            conditions = [guards[name].where(Project, spec.argument(name))
                          for name in spec.conditions]
            if spec.unless or any(c is None for c in conditions):
                return None
            for source in spec.sources:
                states.setdefault((workflow.key, workflow.version, source), []).append(
                    sa.and_(sa.true(), *conditions))
    return states


def _waiting():
    """The SQL condition of a project waiting for a facilitator's decision, or None when
    the workflows have guards it cannot check. Built once per process (for its registry
    and workflows: the guards' SQL does not depend on the day or the user)."""
    registry, compiled = plugins.current(), tuple(workflows().all())
    cached = current_app.extensions.get("stedskaping.review_waiting")
    if (cached is None or cached[0] is not registry or len(cached[1]) != len(compiled)
            or any(a is not b for a, b in zip(cached[1], compiled, strict=True))):
        cached = (registry, compiled, _build_waiting())
        current_app.extensions["stedskaping.review_waiting"] = cached
    return cached[2]


def _build_waiting():
    states = _decision_states()
    if states is None:
        return None
    if not states:
        return sa.false()
    place = (Project.workflow_key, Project.workflow_version, Project.state)
    return sa.or_(*(sa.and_(*(column == part for column, part in zip(place, key, strict=True)),
                            sa.or_(*decisions))
                    for key, decisions in states.items()))


def _queue_query(user, waiting):
    query = (sa.select(Project).where(Project.id.in_(visible_projects(user)))
             .options(joinedload(Project.municipality), selectinload(Project.members))
             .order_by(Project.state_changed_dt, Project.id))
    return query if waiting is None else query.where(waiting)


def review_queue(user, lang: str) -> list[tuple[Project, list]]:
    """Projects waiting for a decision ``user`` may take now, with those decisions,
    longest waiting first (only the waiting projects are read, where SQL can tell)."""
    return _decisions_of(list(db.session.scalars(_queue_query(user, _waiting()))), user, lang)


def review_page(user, lang: str) -> pages.Page:
    """A page of the review queue, with its true length (where SQL can tell which
    projects wait; else the whole queue is read and paged)."""
    waiting = _waiting()
    if waiting is None:
        return pages.page_of(review_queue(user, lang))
    page = pages.paginate(_queue_query(user, waiting))
    page.items = _decisions_of(page.items, user, lang)
    return page


def decisions_waiting(user) -> int:
    """How many decisions wait for ``user``: projects in the review queue plus requests
    for a new camp date, by one COUNT query (the queue page lists them)."""
    waiting = _waiting()
    requests = (sa.select(sa.func.count()).select_from(CampDateRequest)
                .where(CampDateRequest.status == CampDateStatus.PENDING,
                       CampDateRequest.project_id.in_(visible_projects(user)))
                .scalar_subquery())
    if waiting is None:
        return len(review_queue(user, "en")) + (db.session.scalar(sa.select(requests)) or 0)
    projects = (sa.select(sa.func.count()).select_from(Project)
                .where(Project.id.in_(visible_projects(user)), waiting).scalar_subquery())
    return db.session.scalar(sa.select(projects + requests)) or 0


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
