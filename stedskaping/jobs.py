"""The scheduler's jobs: sweeps over database state, each safe to run twice.

The truth lives in columns (due dates, campaign closing dates, camp windows);
a job only looks for what is due now. Every notice it makes has a unique key,
so a second run, a second process or a rerun after a crash makes nothing twice.
A lease row (``job_lease``) keeps two processes from doing the same work at
the same time, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app, g
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from stedskaping.db import commit, db, rollback, unit_of_work, utcnow
from stedskaping.links import link as _link
from stedskaping.links import public_site
from stedskaping.municipalities.models import FacilitatorMembership
from stedskaping.notifications.models import (
    DAILY,
    OFF,
    WEEKLY,
    JobLease,
    Notification,
)
from stedskaping.notifications.notify import add_once, mode_for, notify
from stedskaping.notifications.operations import deliver_pending, queue_mail
from stedskaping.projects.models import (
    TASK_DONE,
    Project,
    ProjectInvitation,
    ProjectMember,
    StageWindow,
    TaskProgress,
)
from stedskaping.projects.process import workflows

log = logging.getLogger(__name__)
BATCH = 200  # items per transaction: a crash loses at most one batch of work, not its keys


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[date], int]
    trigger: dict
    description: str


def _members(project_ids) -> dict[int, list]:
    rows = db.session.execute(
        sa.select(ProjectMember.project_id, ProjectMember.user_id)
        .where(ProjectMember.project_id.in_(list(project_ids)))).all()
    users = _users({user_id for _p, user_id in rows})
    members = defaultdict(list)
    for project_id, user_id in rows:
        members[project_id].append(users[user_id])
    return members


def _users(ids):
    from stedskaping.accounts.models import User

    return {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(list(ids))))}


def _in_batches(items, work) -> int:
    """Do ``work(item)`` for each item, committing every BATCH items."""
    made = 0
    for n, item in enumerate(items, start=1):
        made += work(item)
        if n % BATCH == 0:
            commit()
    commit()
    return made


def _workflow(project):
    return workflows().get(project.workflow_key, project.workflow_version).workflow


# --- 1. reminders before task and stage deadlines ---------------------------------

def reminders(today: date) -> int:
    offsets = current_app.config["REMINDER_DAYS"]
    days = [today + timedelta(days=o) for o in offsets]
    tasks = db.session.execute(
        sa.select(TaskProgress.id, TaskProgress.task_key, TaskProgress.stage_key,
                  TaskProgress.due_on, Project)
        .join(Project, Project.id == TaskProgress.project_id)
        .where(TaskProgress.due_on.in_(days), TaskProgress.status != TASK_DONE,
               TaskProgress.stage_key == Project.state)).all()
    stages = db.session.execute(
        sa.select(StageWindow.id, StageWindow.stage_key, StageWindow.ends_on, Project)
        .join(Project, Project.id == StageWindow.project_id)
        .where(StageWindow.ends_on.in_(days), StageWindow.stage_key == Project.state)).all()
    members = _members({row[-1].id for row in [*tasks, *stages]})

    def task_notice(row) -> int:
        task_id, task_key, stage_key, due_on, project = row
        offset = (due_on - today).days
        spec = _workflow(project).stage(stage_key).task(task_key)
        made = 0
        for user in members[project.id]:
            title = spec.title.get(user.locale)
            made += bool(notify(
                user, "task_reminder", f"task-reminder:{task_id}:{offset}:{user.id}",
                _l("“%(task)s” is due today", task=title) if offset == 0 else
                _l("“%(task)s” is due in %(n)d days", task=title, n=offset),
                _l("Project: %(project)s", project=project.title),
                _link("projects.show_task", project_id=project.id, stage_key=stage_key,
                      task_key=task_key)))
        return made

    def stage_notice(row) -> int:
        window_id, stage_key, ends_on, project = row
        offset = (ends_on - today).days
        made = 0
        for user in members[project.id]:
            title = _workflow(project).state_title(stage_key, user.locale)
            made += bool(notify(
                user, "task_reminder", f"stage-reminder:{window_id}:{offset}:{user.id}",
                _l("The stage “%(stage)s” ends today", stage=title) if offset == 0 else
                _l("The stage “%(stage)s” ends in %(n)d days", stage=title, n=offset),
                _l("Project: %(project)s", project=project.title),
                _link("projects.home", project_id=project.id)))
        return made

    return _in_batches(tasks, task_notice) + _in_batches(stages, stage_notice)


# --- 2. escalation of overdue required tasks to the facilitator ------------------

def escalation(today: date) -> int:
    limit = today - timedelta(days=current_app.config["ESCALATION_DAYS"])
    rows = db.session.execute(
        sa.select(TaskProgress, Project).join(Project, Project.id == TaskProgress.project_id)
        .where(TaskProgress.is_required.is_(True), TaskProgress.escalated_dt.is_(None),
               TaskProgress.status != TASK_DONE, TaskProgress.due_on <= limit,
               TaskProgress.stage_key == Project.state)).all()
    municipalities = {project.municipality_id for _t, project in rows}
    facilitators = defaultdict(list)
    if municipalities:
        memberships = db.session.execute(sa.select(
            FacilitatorMembership.municipality_id, FacilitatorMembership.user_id).where(
            FacilitatorMembership.municipality_id.in_(municipalities))).all()
        users = _users({u for _m, u in memberships})
        for municipality_id, user_id in memberships:
            facilitators[municipality_id].append(users[user_id])

    def escalate(row) -> int:
        task, project = row
        spec = _workflow(project).stage(task.stage_key).task(task.task_key)
        days = (today - task.due_on).days
        made = 0
        for user in facilitators[project.municipality_id]:
            made += bool(notify(
                user, "escalation", f"escalation:{task.id}:{user.id}",
                _l("%(project)s: “%(task)s” is %(n)d days overdue", project=project.title,
                   task=spec.title.get(user.locale), n=days),
                _l("A required task is overdue. The team may need your help."),
                _link("supervision.review", project_id=project.id)))
        task.escalated_dt = utcnow()
        return made

    return _in_batches(rows, escalate)


# --- 3. campaign close, 4. campaign reminders ---------------------------------------

def campaign_close(today: date) -> int:
    from stedskaping.funding.close import close_campaign, due_campaigns

    ids = due_campaigns(today)
    rollback()
    for campaign_id in ids:
        close_campaign(campaign_id)
    return len(ids)


def campaign_reminders(today: date) -> int:
    from stedskaping.funding.models import Campaign, CampaignStatus, Pledge, PledgeStatus

    days = {today + timedelta(days=d): d for d in current_app.config["CAMPAIGN_REMINDER_DAYS"]}
    campaigns = db.session.scalars(sa.select(Campaign).where(
        Campaign.status == CampaignStatus.LIVE, Campaign.closes_on.in_(list(days)))).all()
    if not campaigns:
        return 0
    members = _members({c.project_id for c in campaigns})
    backer_rows = db.session.execute(sa.select(Pledge.campaign_id, Pledge.backer_id).where(
        Pledge.campaign_id.in_([c.id for c in campaigns]),
        Pledge.status.notin_((PledgeStatus.CANCELLED, PledgeStatus.DECLINED)),
        Pledge.backer_id.is_not(None))
        .distinct()).all()
    backers = _users({b for _c, b in backer_rows})
    by_campaign = defaultdict(list)
    for campaign_id, backer_id in backer_rows:
        by_campaign[campaign_id].append(backers[backer_id])

    def remind(campaign) -> int:
        left = days[campaign.closes_on]
        people = {u.id: u for u in [*members[campaign.project_id], *by_campaign[campaign.id]]}
        made = 0
        for user in people.values():
            made += bool(notify(
                user, "campaign_reminder", f"campaign-reminder:{campaign.id}:{left}:{user.id}",
                _l("%(n)d days left for the campaign of %(project)s", n=left,
                   project=campaign.project.title),
                _l("It closes on %(date)s.", date=campaign.closes_on.isoformat()),
                _link("funding.show_campaign", project_id=campaign.project_id)))
        return made

    return _in_batches(campaigns, remind)


# --- 5. the camp's programme each morning -----------------------------------------

def camp_programme(today: date) -> int:
    camp_stages = {c.workflow.camp_stage for c in workflows().all()}
    rows = db.session.execute(
        sa.select(StageWindow, Project).join(Project, Project.id == StageWindow.project_id)
        .where(StageWindow.stage_key.in_(camp_stages), StageWindow.stage_key == Project.state,
               StageWindow.starts_on <= today, StageWindow.ends_on >= today)).all()
    members = _members({project.id for _w, project in rows})
    plans = dict(db.session.execute(
        sa.select(TaskProgress.project_id, TaskProgress.answers).where(
            TaskProgress.project_id.in_([p.id for _w, p in rows]),
            TaskProgress.task_key == "camp_day_plan")).all()) if rows else {}

    def programme(row) -> int:
        window, project = row
        day = (today - window.starts_on).days + 1
        plan = (plans.get(project.id) or {}).get("plan", "")
        made = 0
        for user in members[project.id]:
            made += bool(notify(
                user, "camp_programme", f"camp-day:{project.id}:{today.isoformat()}:{user.id}",
                _l("Camp day %(n)d of %(total)d: %(project)s", n=day,
                   total=(window.ends_on - window.starts_on).days + 1, project=project.title),
                plan or _l("Good luck today! Remember safety first."),
                _link("projects.home", project_id=project.id)))
        return made

    return _in_batches(rows, programme)


# --- 6. digests ---------------------------------------------------------------------

def digests(today: date) -> int:
    """Facilitators' summaries, and the notifications people chose to get in a digest."""
    return _facilitator_digests(today) + _notification_digests(today)


@dataclass(frozen=True)
class DigestItem:
    title: str
    link: str


def _due_mode(mode: str, today: date) -> bool:
    return mode == DAILY or (mode == WEEKLY and today.weekday() == 0)


def _facilitator_digests(today: date) -> int:
    from stedskaping.accounts.models import User
    from stedskaping.supervision import health
    from stedskaping.supervision.queries import dashboard, review_queue

    facilitators = db.session.scalars(sa.select(User).where(User.id.in_(
        sa.select(FacilitatorMembership.user_id)))).all()

    def digest(user) -> int:
        mode = mode_for(user.id, "facilitator_digest")
        if mode == OFF or not _due_mode(mode, today):
            return 0
        period = today.isoformat() if mode == DAILY else f"{today.isocalendar()[0]}-W" \
            f"{today.isocalendar()[1]}"
        rows = dashboard(user, today=today, lang=user.locale or "nb")
        late = sum(r.health == health.LATE for r in rows)
        risk = sum(r.health == health.AT_RISK for r in rows)
        waiting = len(review_queue(user, user.locale or "nb"))
        note = Notification(key=f"facilitator-digest:{user.id}:{period}", user_id=user.id,
                            kind="facilitator_digest", mailed_dt=utcnow(),
                            title=str(_l("Your projects: %(late)d late, %(risk)d at risk, "
                                         "%(waiting)d decisions waiting", late=late,
                                         risk=risk, waiting=waiting)),
                            link=_link("supervision.dashboard"))
        if add_once(key=note.key, user_id=user.id, kind=note.kind, mailed_dt=note.mailed_dt,
                    title=note.title, link=note.link) is None:
            return 0
        items = [DigestItem(f"{r.project.title}: {r.stage_title}",
                            _link("supervision.review", project_id=r.project.id))
                 for r in rows if r.health in (health.LATE, health.AT_RISK)]
        queue_mail(kind="facilitator_digest", recipient=user.email, user_id=user.id,
                   locale=user.locale, subject=note.title, template="digest", user=user,
                   intro=note.title, items=items,
                   settings_url=_link("notifications.settings"))
        return 1

    return _in_batches(facilitators, digest)


def _notification_digests(today: date) -> int:
    modes = [m for m in (DAILY, WEEKLY) if _due_mode(m, today)]
    pending = db.session.scalars(sa.select(Notification).where(
        Notification.digest_mode.in_(modes), Notification.mailed_dt.is_(None))
        .order_by(Notification.user_id, Notification.id)).all()
    by_user = defaultdict(list)
    for notification in pending:
        by_user[notification.user_id].append(notification)
    users = _users(by_user)

    def send(user_id) -> int:
        user, items = users[user_id], by_user[user_id]
        claimed = db.session.execute(sa.update(Notification).where(
            Notification.id.in_([n.id for n in items]), Notification.mailed_dt.is_(None))
            .values(mailed_dt=utcnow())).rowcount
        if not claimed:
            return 0
        intro = _l("What happened in your projects:")
        queue_mail(kind="digest", recipient=user.email, user_id=user.id, locale=user.locale,
                   subject=_l("Your stedskaping summary"), template="digest", user=user,
                   intro=intro, items=items, settings_url=_link("notifications.settings"))
        return 1

    return _in_batches(list(by_user), send)


# --- 7. reconciliation of payments, 8. clean-up --------------------------------------

def reconcile(today: date) -> int:
    from stedskaping.funding.webhooks import expire_actions
    from stedskaping.funding.webhooks import reconcile as reconcile_payments
    from stedskaping.payments.gateway import gateway

    changed = expire_actions()
    if gateway().enabled:
        changed += reconcile_payments()["changed"]
    commit()
    return changed


def cleanup(today: date) -> int:
    from stedskaping.funding.models import CARD, PLEDGE_MOVES, Pledge, PledgeStatus

    hours = current_app.config["ABANDONED_PLEDGE_HOURS"]
    # A bulk move: cards never saved are cancelled (the table allows it from pending_setup).
    never_saved = PLEDGE_MOVES[CARD].sources(PledgeStatus.CANCELLED,
                                             among=(PledgeStatus.PENDING_SETUP,))
    abandoned = db.session.execute(sa.update(Pledge).where(
        Pledge.kind == CARD, Pledge.status.in_(never_saved),
        Pledge.created_dt < utcnow() - timedelta(hours=hours))
        .values(status=PledgeStatus.CANCELLED, matched_amount=0)).rowcount
    expired = db.session.execute(sa.delete(ProjectInvitation).where(
        ProjectInvitation.answered_dt.is_(None),
        ProjectInvitation.expires_dt < utcnow() - timedelta(days=30))).rowcount
    commit()
    return abandoned + expired + _spent_links() + deliver_pending()


def _spent_links() -> int:
    """Drop the hashes of e-mailed links that are used or expired (a month on)."""
    from stedskaping.accounts.models import AccountToken
    from stedskaping.municipalities.models import FacilitatorInvitation

    before = utcnow() - timedelta(days=30)
    tokens = db.session.execute(sa.delete(AccountToken).where(sa.or_(
        AccountToken.expires_dt < before, AccountToken.used_dt < before))).rowcount
    invitations = db.session.execute(sa.delete(FacilitatorInvitation).where(
        FacilitatorInvitation.accepted_by_id.is_(None), sa.or_(
            FacilitatorInvitation.expires_dt < before,
            FacilitatorInvitation.closed_dt < before))).rowcount
    commit()
    return tokens + invitations


JOBS = {job.name: job for job in (
    Job("reminders", reminders, {"trigger": "interval", "minutes": 15},
        "reminders before task and stage deadlines"),
    Job("escalation", escalation, {"trigger": "interval", "hours": 1},
        "overdue required tasks to the facilitator"),
    # Every minute: an early close asked for by a facilitator waits for this job.
    Job("campaign_close", campaign_close, {"trigger": "interval", "minutes": 1},
        "close campaigns at their closing date, or when a close was asked for"),
    Job("campaign_reminders", campaign_reminders, {"trigger": "interval", "hours": 1},
        "campaign reminders 5, 3, 2 and 1 days before the close"),
    Job("camp_programme", camp_programme, {"trigger": "cron", "hour": 7},
        "the day's programme each camp morning"),
    Job("digests", digests, {"trigger": "cron", "hour": 7, "minute": 30},
        "facilitator digests and notification digests"),
    Job("reconcile", reconcile, {"trigger": "interval", "minutes": 30},
        "payments: reconcile with Stripe, expire unfinished payments"),
    Job("cleanup", cleanup, {"trigger": "cron", "hour": 3},
        "abandoned pledges, old invitations, unsent e-mail"),
    Job("mail", lambda today: deliver_pending(), {"trigger": "interval", "minutes": 1},
        "e-mail: deliver the outbox, retry failed messages"),
)}


# --- running them -------------------------------------------------------------------

def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}:{uuid.uuid4().hex[:8]}"


def acquire(name: str, holder: str, seconds: int) -> bool:
    """Take the job's lease unless another live process holds it.

    The UPDATE comes first so that the transaction starts by writing: on SQLite a
    second process then waits for the lock instead of failing on a stale read.
    """
    now = utcnow()
    take = (sa.update(JobLease)
            .where(JobLease.name == name,
                   sa.or_(JobLease.holder.is_(None), JobLease.expires_dt < now))
            .values(holder=holder, expires_dt=now + timedelta(seconds=seconds)))
    with unit_of_work():
        taken = db.session.execute(take).rowcount
        if not taken and db.session.get(JobLease, name) is None:
            try:
                with db.session.begin_nested():
                    db.session.add(JobLease(name=name))
            except IntegrityError:
                pass
            taken = db.session.execute(take).rowcount
    return taken == 1


def release(name: str, holder: str) -> None:
    with unit_of_work():
        db.session.execute(sa.update(JobLease).where(
            JobLease.name == name, JobLease.holder == holder).values(
            holder=None, expires_dt=None, last_run_dt=utcnow()))


def run(name: str, today: date | None = None) -> int | None:
    """Run one job under its lease; None when another process holds it."""
    job = JOBS[name]
    holder = _holder()
    if not acquire(name, holder, current_app.config["JOB_LEASE_SECONDS"]):
        log.info("job %s is running elsewhere; skipped", name)
        return None
    # Links in notices and mails point at the public site.
    try:
        with public_site():
            g.pop("notification_modes", None)  # preferences may have changed since last run
            result = job.run(today or date.today())
    except BaseException:
        rollback()
        raise
    finally:
        release(name, holder)
    log.info("job %s: %s item(s)", name, result)
    return result


def run_all(today: date | None = None) -> dict[str, int | None]:
    return {name: run(name, today) for name in JOBS}
