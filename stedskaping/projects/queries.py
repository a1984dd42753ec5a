"""What the project pages read: a fixed number of queries, however many tasks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from stedskaping import pages
from stedskaping.db import db
from stedskaping.engine.spec import StageSpec, TaskSpec, Workflow
from stedskaping.projects.models import (
    TASK_DONE,
    CampDateRequest,
    CampDateStatus,
    Project,
    ProjectEvent,
    ProjectMember,
    Replan,
    TaskProgress,
)


def load_project(project_id: int) -> Project | None:
    return db.session.scalar(
        sa.select(Project).where(Project.id == project_id).options(
            joinedload(Project.municipality),
            selectinload(Project.members).joinedload(ProjectMember.user),
            selectinload(Project.windows),
        )
    )


def by_calendar_token(token: str) -> Project | None:
    return db.session.scalar(sa.select(Project).where(Project.calendar_token == token).options(
        selectinload(Project.windows)))


def progress_rows(project: Project) -> dict[tuple[str, str], TaskProgress]:
    rows = db.session.scalars(sa.select(TaskProgress).where(
        TaskProgress.project_id == project.id))
    return {(r.stage_key, r.task_key): r for r in rows}


@dataclass
class StageProgress:
    stage: StageSpec
    done: int
    total: int
    required_open: int


@dataclass
class NextTask:
    stage: StageSpec
    task: TaskSpec
    progress: TaskProgress


@dataclass
class Overview:
    """The project's tasks against its workflow: per stage, and what to do next."""

    stages: list[StageProgress] = field(default_factory=list)
    next_tasks: list[NextTask] = field(default_factory=list)
    overdue: list[NextTask] = field(default_factory=list)


def overview(project: Project, workflow: Workflow, progress: dict, today: date,
             next_count: int = 5) -> Overview:
    result = Overview()
    current = project.state if workflow.stage(project.state) else project.paused_from
    for stage in workflow.stages:
        rows = [progress[(stage.key, t.key)] for t in stage.tasks
                if (stage.key, t.key) in progress]
        done = sum(1 for r in rows if r.status == TASK_DONE)
        required_open = sum(1 for r in rows if r.is_required and r.status != TASK_DONE)
        result.stages.append(StageProgress(stage, done, len(rows), required_open))
        for task in stage.tasks:
            row = progress.get((stage.key, task.key))
            if row is None or row.status == TASK_DONE:
                continue
            if row.due_on < today:
                result.overdue.append(NextTask(stage, task, row))
            if stage.key == current:
                result.next_tasks.append(NextTask(stage, task, row))
    # Required tasks first, then by due date: the next step is the obvious one.
    result.next_tasks.sort(key=lambda n: (not n.progress.is_required, n.progress.due_on,
                                          n.progress.position))
    result.next_tasks = result.next_tasks[:next_count]
    return result


def recent_events(project: Project, limit: int = 10, task: tuple[str, str] | None = None):
    query = (sa.select(ProjectEvent).where(ProjectEvent.project_id == project.id)
             .options(joinedload(ProjectEvent.actor))
             .order_by(ProjectEvent.id.desc()).limit(limit))
    if task:
        query = query.where(ProjectEvent.stage_key == task[0], ProjectEvent.task_key == task[1])
    return list(db.session.scalars(query))


def pending_camp_request(project: Project) -> CampDateRequest | None:
    return db.session.scalar(sa.select(CampDateRequest).where(
        CampDateRequest.project_id == project.id,
        CampDateRequest.status == CampDateStatus.PENDING))


def replans(project: Project) -> list[Replan]:
    """The project's changes of plan, oldest first: the history behind today's plan."""
    return list(db.session.scalars(
        sa.select(Replan).where(Replan.project_id == project.id)
        .options(joinedload(Replan.actor)).order_by(Replan.id)))


def file_answer(project: Project, stored: str) -> dict | None:
    """The saved answer that holds the file ``stored`` (its name is the download name),
    or None: a file no answer refers to is not served."""
    for row in progress_rows(project).values():
        for value in (row.answers or {}).values():
            if isinstance(value, dict) and value.get("stored") == stored:
                return value
    return None


def public_projects(*, search: str | None, municipality_slug: str | None,
                    stage: str | None) -> pages.Page:
    """A page of the public list, newest first, with the true number of projects found
    (the order is served by the index on ``(created_dt, id)``)."""
    from stedskaping.municipalities.models import Municipality

    query = (sa.select(Project).join(Municipality)
             .options(joinedload(Project.municipality))
             .order_by(Project.created_dt.desc(), Project.id.desc()))
    if search:
        like = f"%{search.lower()}%"
        query = query.where(sa.or_(sa.func.lower(Project.title).like(like),
                                   sa.func.lower(Project.place_name).like(like),
                                   sa.func.lower(Project.description).like(like)))
    if municipality_slug:
        query = query.where(Municipality.slug == municipality_slug)
    if stage:
        query = query.where(Project.state == stage)
    return pages.paginate(query)


def projects_of(user) -> pages.Page:
    """A page of the projects ``user`` is a member of, newest first."""
    return pages.paginate(
        sa.select(Project).join(ProjectMember).where(ProjectMember.user_id == user.id)
        .options(joinedload(Project.municipality))
        .order_by(Project.created_dt.desc(), Project.id.desc()))


def stage_counts() -> dict[str, int]:
    rows = db.session.execute(sa.select(Project.state, sa.func.count()).group_by(Project.state))
    counts: dict[str, int] = defaultdict(int)
    for state, count in rows:
        counts[state] += count
    return counts
