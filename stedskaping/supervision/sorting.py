"""The dashboard sorted and paged by SQL: each shown project's health flag and sort key
computed in the database, so that only the page's rows are computed in full."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import aliased

from stedskaping import pages
from stedskaping.db import db
from stedskaping.projects.models import TASK_DONE, Project, ProjectEvent, StageWindow, TaskProgress
from stedskaping.projects.process import workflows
from stedskaping.supervision import health
from stedskaping.supervision.queries import (
    _last_activity,
    _projects,
    _row,
    _shown,
    _task_facts,
    _windows,
)

# The sorts SQL orders and pages (the page's rows are then the only ones computed); the
# others (titles and stage names in the reader's language, the share of tasks done up to
# the current stage) sort every row in Python.
SQL_SORTS = {"health", "overdue", "deadline", "slip", "activity"}


def _days_between(later, earlier):
    """``later - earlier`` in days, in SQL (SQLite keeps dates as text)."""
    if db.engine.dialect.name == "sqlite":
        return sa.cast(sa.func.julianday(later) - sa.func.julianday(earlier), sa.Integer)
    return later - earlier


def _tasks(shown, today: date):
    """Per shown project: tasks overdue, the oldest required one overdue, the next due."""
    not_done = TaskProgress.status != TASK_DONE
    return (sa.select(
        TaskProgress.project_id.label("project_id"),
        sa.func.sum(sa.case((sa.and_(not_done, TaskProgress.due_on < today), 1),
                            else_=0)).label("overdue"),
        sa.func.min(sa.case((sa.and_(not_done, TaskProgress.is_required,
                                     TaskProgress.due_on < today),
                             TaskProgress.due_on))).label("oldest"),
        sa.func.min(sa.case((sa.and_(not_done, TaskProgress.due_on >= today),
                             TaskProgress.due_on))).label("upcoming"))
        .where(TaskProgress.project_id.in_(shown))
        .group_by(TaskProgress.project_id).subquery())


def _same(workflow):
    return sa.and_(Project.workflow_key == workflow.key,
                   Project.workflow_version == workflow.version)


def _sql_facts(shown, today: date, limits: health.Limits):
    """A select of the shown projects with what health and the SQL sorts need: the
    columns ``id``, ``health`` (:data:`health.ORDER`'s number), ``overdue``,
    ``upcoming``, ``slip`` and ``last`` (the same rule as :func:`health.flag`)."""
    tasks = _tasks(shown, today)
    last = (sa.select(ProjectEvent.project_id.label("project_id"),
                      sa.func.max(ProjectEvent.created_dt).label("last"))
            .where(ProjectEvent.project_id.in_(shown))
            .group_by(ProjectEvent.project_id).subquery())
    window, camp = aliased(StageWindow), aliased(StageWindow)
    versions = [c.workflow for c in workflows().all()]
    camps = [(_same(w), w.camp_stage) for w in versions if w.camp_stage]
    camp_key = sa.case(*camps, else_=None) if camps else sa.null()
    active = sa.or_(sa.false(), *(sa.and_(_same(w), Project.state.in_(
        [key for key in w.states if w.stage(key) and not w.is_final(key)]))
        for w in versions))
    slip = sa.func.coalesce(_days_between(camp.starts_on, camp.approved_starts_on), 0)
    overdue = sa.func.coalesce(tasks.c.overdue, 0)
    quiet_before = datetime.combine(today - timedelta(days=limits.quiet_days), time(),
                                    tzinfo=UTC)
    late = sa.or_(window.ends_on < today,
                  tasks.c.oldest < today - timedelta(days=limits.late_overdue_days),
                  slip > limits.late_slip_days)
    risk = sa.or_(overdue > 0, slip > 0, last.c.last.is_(None), last.c.last < quiet_before)
    flag = sa.case((~active, health.ORDER[health.NOT_APPLICABLE]),
                   (late, health.ORDER[health.LATE]), (risk, health.ORDER[health.AT_RISK]),
                   else_=health.ORDER[health.ON_TRACK])
    return (sa.select(Project.id.label("id"), flag.label("health"), overdue.label("overdue"),
                      tasks.c.upcoming.label("upcoming"), slip.label("slip"),
                      last.c.last.label("last"))
            .select_from(Project)
            .outerjoin(tasks, tasks.c.project_id == Project.id)
            .outerjoin(last, last.c.project_id == Project.id)
            .outerjoin(window, sa.and_(window.project_id == Project.id,
                                       window.stage_key == Project.state))
            .outerjoin(camp, sa.and_(camp.project_id == Project.id, camp.stage_key == camp_key))
            .where(Project.id.in_(shown)))


def dashboard_page(user, *, today: date, lang: str, municipality: str | None = None,
                   programme: int | None = None, stage: str | None = None,
                   health_flag: str | None = None, sort: str = "health",
                   descending: bool = False) -> tuple[pages.Page, dict[str, int]]:
    """The dashboard's page of rows (``?page=``) and the count of each health flag, for
    a sort in :data:`SQL_SORTS`: health and the sort keys are computed by SQL, which
    orders and pages the projects, and only the page's rows are computed in full (the
    same rows, in the same order, as :func:`dashboard` gives for that page)."""
    shown = _shown(user, municipality=municipality, programme=programme, stage=stage)
    limits = health.Limits.from_config(current_app.config)
    facts = _sql_facts(shown, today, limits).subquery()
    if health_flag:
        facts = sa.select(facts).where(facts.c.health == health.ORDER[health_flag]).subquery()
    keys = {"health": [facts.c.health], "overdue": [facts.c.overdue],
            "deadline": [facts.c.upcoming.is_(None), facts.c.upcoming],
            "slip": [facts.c.slip], "activity": [facts.c.last.is_not(None), facts.c.last]}
    order = [*keys[sort], facts.c.id]
    # One query: the page's ids, each row also carrying the count of every health flag
    # over all the shown projects (window sums, computed before the LIMIT).
    number, size = pages.requested_page(), pages.PAGE_SIZE
    found = db.session.execute(
        sa.select(facts.c.id, *(sa.func.sum(sa.case((facts.c.health == n, 1), else_=0))
                                .over().label(flag) for flag, n in health.ORDER.items()))
        .order_by(*(k.desc() if descending else k for k in order))
        .limit(size).offset((number - 1) * size)).all()
    counts = {flag: int(getattr(found[0], flag)) if found else 0 for flag in health.ORDER}
    total = sum(counts.values())
    pages.check_number(number, total, size)
    page = pages.Page(items=[r.id for r in found], number=number, size=size, total=total)
    ids = page.items
    if ids:
        tasks, windows, last = _task_facts(ids, today), _windows(ids), _last_activity(ids)
        rows = {p.id: _row(p, tasks.get(p.id, {}), windows.get(p.id, {}), last.get(p.id),
                           today, lang, limits) for p in _projects(ids)}
        page.items = [rows[i] for i in ids]
    return page, counts
