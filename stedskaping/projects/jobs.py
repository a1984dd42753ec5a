"""The projects' sweeps: reminders before task and stage deadlines, the camp's
programme each morning, and old invitations to a team.

They read plain rows (ids, titles, workflow keys, addresses), never ORM objects,
so that the commit after each batch does not make them load everything again.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app

from stedskaping import plugins
from stedskaping.db import commit, db, utcnow
from stedskaping.jobs import link
from stedskaping.notifications.jobs import notify_in_batches
from stedskaping.notifications.notify import Wanted, recipients
from stedskaping.projects.models import (
    TASK_DONE,
    Project,
    ProjectInvitation,
    ProjectMember,
    StageWindow,
    TaskProgress,
)
from stedskaping.projects.process import workflows


def team_of(project_ids) -> dict[int, list]:
    """{project id: the members, as rows of (id, email, locale, name)}."""
    ids = list(project_ids)
    if not ids:
        return defaultdict(list)
    rows = db.session.execute(
        sa.select(ProjectMember.project_id, ProjectMember.user_id)
        .where(ProjectMember.project_id.in_(ids))
        .order_by(ProjectMember.project_id, ProjectMember.user_id)).all()
    people = recipients({user_id for _p, user_id in rows})
    team = defaultdict(list)
    for project_id, user_id in rows:
        team[project_id].append(people[user_id])
    return team


def _workflow(row):
    return workflows().get(row.workflow_key, row.workflow_version).workflow


_PROJECT = (Project.id.label("project_id"), Project.title.label("project_title"),
            Project.workflow_key, Project.workflow_version)


# --- reminders before task and stage deadlines --------------------------------------

def reminders(today: date) -> int:
    """Tasks of the current stage due in REMINDER_DAYS days, and the stage's own end,
    to every member of the team."""
    days = [today + timedelta(days=o) for o in current_app.config["REMINDER_DAYS"]]
    tasks = db.session.execute(
        sa.select(TaskProgress.id, TaskProgress.task_key, TaskProgress.stage_key,
                  TaskProgress.due_on, *_PROJECT)
        .join(Project, Project.id == TaskProgress.project_id)
        .where(TaskProgress.due_on.in_(days), TaskProgress.status != TASK_DONE,
               TaskProgress.stage_key == Project.state)).all()
    stages = db.session.execute(
        sa.select(StageWindow.id, StageWindow.stage_key, StageWindow.ends_on, *_PROJECT)
        .join(Project, Project.id == StageWindow.project_id)
        .where(StageWindow.ends_on.in_(days), StageWindow.stage_key == Project.state)).all()
    team = team_of({row.project_id for row in [*tasks, *stages]})
    return (notify_in_batches(tasks, lambda row: _task_reminder(row, team[row.project_id],
                                                                today))
            + notify_in_batches(stages, lambda row: _stage_reminder(row, team[row.project_id],
                                                                    today)))


def _task_reminder(row, people, today: date) -> list[Wanted]:
    offset = (row.due_on - today).days
    spec = _workflow(row).stage(row.stage_key).task(row.task_key)
    page = link("projects.show_task", project_id=row.project_id, stage_key=row.stage_key,
                task_key=row.task_key)
    return [Wanted(person, "task_reminder", f"task-reminder:{row.id}:{offset}:{person.id}",
                   "task_due_today" if offset == 0 else "task_due", link=page,
                   params={"task": spec.title, "num": offset, "project": row.project_title})
            for person in people]


def _stage_reminder(row, people, today: date) -> list[Wanted]:
    offset = (row.ends_on - today).days
    workflow, page = _workflow(row), link("projects.home", project_id=row.project_id)
    title = workflow.state_text(row.stage_key)
    return [Wanted(person, "task_reminder", f"stage-reminder:{row.id}:{offset}:{person.id}",
                   "stage_ends_today" if offset == 0 else "stage_ends", link=page,
                   params={"stage": title, "num": offset, "project": row.project_title})
            for person in people]


# --- the camp's programme each morning ------------------------------------------------

def camp_programme(today: date) -> int:
    """Each camp morning, "Camp day N of 6" with the camp's day plan, to the team."""
    camp_stages = {c.workflow.camp_stage for c in workflows().all()}
    rows = db.session.execute(
        sa.select(StageWindow.starts_on, StageWindow.ends_on, *_PROJECT)
        .join(Project, Project.id == StageWindow.project_id)
        .where(StageWindow.stage_key.in_(camp_stages), StageWindow.stage_key == Project.state,
               StageWindow.starts_on <= today, StageWindow.ends_on >= today)).all()
    ids = [row.project_id for row in rows]
    team, plans, programmes = team_of(ids), _day_plans(ids), _programmes(ids, today)
    return notify_in_batches(rows, lambda row: _programme(
        row, team[row.project_id], plans.get(row.project_id, ""), today,
        programmes.get(row.project_id)))


def _programmes(project_ids: list[int], today: date) -> dict:
    """{project id: text(person)}: the day's real programme, from the domains that plan
    one (``registry.day_programme``)."""
    found = {}
    for programmes in plugins.current().day_programmes if project_ids else ():
        found.update(programmes(project_ids, today))
    return found


def _day_plans(project_ids: list[int]) -> dict[int, str]:
    """{project id: the camp's day plan, as the team wrote it}."""
    if not project_ids:
        return {}
    # The task each workflow names as the day plan (``roles: {camp_day_plan: ...}``).
    tasks = {c.workflow.role("camp_day_plan") for c in workflows().all()} - {None}
    rows = db.session.execute(sa.select(TaskProgress.project_id, TaskProgress.answers).where(
        TaskProgress.project_id.in_(project_ids), TaskProgress.task_key.in_(tasks)))
    return {project_id: (answers or {}).get("plan", "") for project_id, answers in rows}


def _programme(row, people, plan: str, today: date, programme=None) -> list[Wanted]:
    day = (today - row.starts_on).days + 1
    total = (row.ends_on - row.starts_on).days + 1
    page = link("projects.home", project_id=row.project_id)
    wanted = []
    for person in people:
        # The day's real programme when a domain plans one, else the team's day plan.
        text = (programme(person) if programme else None) or plan
        wanted.append(Wanted(person, "camp_programme",
                             f"camp-day:{row.project_id}:{today.isoformat()}:{person.id}",
                             "day" if text else "day_without_plan", link=page,
                             params={"n": day, "total": total, "project": row.project_title,
                                     "plan": text}))
    return wanted


# --- old invitations ------------------------------------------------------------------

def old_invitations(today: date) -> int:
    """Invitations to a team never answered, a month after they expired."""
    expired = db.session.execute(sa.delete(ProjectInvitation).where(
        ProjectInvitation.answered_dt.is_(None),
        ProjectInvitation.expires_dt < utcnow() - timedelta(days=30))).rowcount
    commit()
    return expired


def register(registry) -> None:
    registry.job("reminders", reminders, {"trigger": "interval", "minutes": 15},
                 "reminders before task and stage deadlines")
    registry.job("camp_programme", camp_programme, {"trigger": "cron", "hour": 7},
                 "the day's programme each camp morning")
    registry.job("old_invitations", old_invitations, {"trigger": "cron", "hour": 3},
                 "invitations to a team never answered, a month after they expired")
