"""Supervision's sweeps: overdue required tasks to the facilitators, and the
facilitators' daily or weekly summary of their projects."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app

from stedskaping.accounts.models import User
from stedskaping.db import db, utcnow
from stedskaping.jobs import in_batches, link
from stedskaping.municipalities.models import FacilitatorMembership
from stedskaping.notifications import notices
from stedskaping.notifications.jobs import notify_in_batches
from stedskaping.notifications.models import DAILY, OFF, Notification
from stedskaping.notifications.notify import Wanted, add_once, due_today, mode_for, recipients
from stedskaping.notifications.operations import queue_mail
from stedskaping.projects.models import TASK_DONE, Project, TaskProgress
from stedskaping.projects.process import workflows
from stedskaping.supervision import health
from stedskaping.supervision.queries import dashboard, review_queue

# --- escalation of overdue required tasks to the facilitators -------------------------


def escalation(today: date) -> int:
    """A required task of the current stage overdue by ESCALATION_DAYS goes, once, to
    the facilitators of the project's municipality."""
    limit = today - timedelta(days=current_app.config["ESCALATION_DAYS"])
    rows = db.session.execute(
        sa.select(TaskProgress.id, TaskProgress.stage_key, TaskProgress.task_key,
                  TaskProgress.due_on, Project.id.label("project_id"),
                  Project.title.label("project_title"), Project.municipality_id,
                  Project.workflow_key, Project.workflow_version)
        .join(Project, Project.id == TaskProgress.project_id)
        .where(TaskProgress.is_required.is_(True), TaskProgress.escalated_dt.is_(None),
               TaskProgress.status != TASK_DONE, TaskProgress.due_on <= limit,
               TaskProgress.stage_key == Project.state)).all()
    facilitators = _facilitators({row.municipality_id for row in rows})
    def escalated(batch) -> None:  # once: the next sweep leaves these tasks alone
        db.session.execute(sa.update(TaskProgress).where(
            TaskProgress.id.in_([row.id for row in batch])).values(escalated_dt=utcnow()))

    return notify_in_batches(
        rows, lambda row: _escalate(row, facilitators[row.municipality_id], today),
        after=escalated)


def _facilitators(municipality_ids) -> dict[int, list]:
    """{municipality id: its facilitators, as rows of (id, email, locale, name)}."""
    found = defaultdict(list)
    if not municipality_ids:
        return found
    memberships = db.session.execute(sa.select(
        FacilitatorMembership.municipality_id, FacilitatorMembership.user_id).where(
        FacilitatorMembership.municipality_id.in_(municipality_ids))
        .order_by(FacilitatorMembership.id)).all()
    people = recipients({user_id for _m, user_id in memberships})
    for municipality_id, user_id in memberships:
        found[municipality_id].append(people[user_id])
    return found


def _escalate(row, facilitators, today: date) -> list[Wanted]:
    spec = workflows().get(row.workflow_key, row.workflow_version).workflow.stage(
        row.stage_key).task(row.task_key)
    days, page = (today - row.due_on).days, link("supervision.review", project_id=row.project_id)
    return [Wanted(person, "escalation", f"escalation:{row.id}:{person.id}", "overdue",
                   link=page, params={"project": row.project_title, "task": spec.title,
                                      "num": days})
            for person in facilitators]


# --- the facilitators' summaries --------------------------------------------------------

@dataclass(frozen=True)
class DigestItem:
    title: str
    link: str


def facilitator_digests(today: date) -> int:
    """Each facilitator's summary (daily or weekly, by preference): how many projects
    are late or at risk and how many decisions wait, with a link to each."""
    ids = db.session.scalars(sa.select(User.id).where(User.id.in_(
        sa.select(FacilitatorMembership.user_id))).order_by(User.id)).all()
    return in_batches(ids, lambda user_id: _digest(db.session.get(User, user_id), today))


def _period(mode: str, today: date) -> str:
    year, week, _day = today.isocalendar()
    return today.isoformat() if mode == DAILY else f"{year}-W{week}"


def _digest(user: User, today: date) -> int:
    mode = mode_for(user.id, "facilitator_digest")
    if mode == OFF or not due_today(mode, today):
        return 0
    lang = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    rows = dashboard(user, today=today, lang=lang)
    counts = {"late": sum(r.health == health.LATE for r in rows),
              "risk": sum(r.health == health.AT_RISK for r in rows),
              "waiting": len(review_queue(user, lang))}
    values = {"key": f"facilitator-digest:{user.id}:{_period(mode, today)}",
              "user_id": user.id, "kind": "facilitator_digest", "message": "summary",
              "params": counts, "mailed_dt": utcnow(), "link": link("supervision.dashboard")}
    if add_once(**values) is None:
        return 0
    title = notices.render(Notification(**values), lang).title
    items = [DigestItem(f"{r.project.title}: {r.stage_title}",
                        link("supervision.review", project_id=r.project.id))
             for r in rows if r.health in (health.LATE, health.AT_RISK)]
    queue_mail(kind="facilitator_digest", recipient=user.email, user_id=user.id,
               locale=user.locale, subject=title, template="digest", user=user,
               intro=title, items=items, settings_url=link("notifications.settings"))
    return 1


def register(registry) -> None:
    registry.job("escalation", escalation, {"trigger": "interval", "hours": 1},
                 "overdue required tasks to the facilitators")
    registry.job("facilitator_digests", facilitator_digests,
                 {"trigger": "cron", "hour": 7, "minute": 30},
                 "the facilitators' daily or weekly summary of their projects")
