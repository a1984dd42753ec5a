"""Escalation, campaign close, digests, preferences and exactly-once behaviour."""

import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from stedskaping import jobs
from stedskaping.db import commit, unit_of_work
from stedskaping.extensions import db as _db
from stedskaping.funding.models import Campaign
from stedskaping.links import public_site
from stedskaping.notifications import jobs as notification_jobs
from stedskaping.notifications import notify as notify_module
from stedskaping.notifications.models import Notification, OutboxMessage
from stedskaping.notifications.notices import render
from stedskaping.projects import jobs as project_jobs
from tests.fixtures.factories import (
    add_member,
    make_facilitator,
    make_municipality,
    make_project,
    make_user,
)
from tests.fixtures.forms import submit
from tests.fixtures.stripe import live_campaign

START = date(2027, 1, 4)


def _at(day: date):
    return time_machine.travel(datetime.combine(day, time(6), tzinfo=UTC), tick=False)


def _count(**filters) -> int:
    query = sa.select(sa.func.count()).select_from(Notification)
    for name, value in filters.items():
        query = query.where(getattr(Notification, name) == value)
    return _db.session.scalar(query)


def test_escalation_after_the_overdue_threshold(app, db):
    municipality = make_municipality()
    facilitator = make_facilitator(municipality, locale="en")
    project = make_project(municipality=municipality, start_on=START)
    due = START + timedelta(days=7)  # "Describe the idea"
    # At 10 days the second required task ("The place and who owns it", due 3 days
    # later) has passed the threshold too.
    for days_late, expected in ((2, 0), (3, 1), (4, 1), (10, 2)):
        with _at(due + timedelta(days=days_late)):
            jobs.run("escalation", due + timedelta(days=days_late))
        assert _count(kind="escalation", user_id=facilitator.id) == expected, days_late
    titles = [render(n, "en").title for n in db.session.scalars(sa.select(Notification).where(
        Notification.kind == "escalation").order_by(Notification.id))]
    assert titles[0] == f"{project.title}: “Describe the idea” is 3 days overdue"
    mail = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "escalation")).first()
    assert mail.recipient == facilitator.email and mail.body_html
    assert "/notifications/unsubscribe/" in mail.body_text


def test_campaign_closes_at_the_right_time(app, stripe_ctx, db):
    world = live_campaign(minimum=100_000, optimum=200_000)
    campaign = world["campaign"]
    closes = campaign.closes_on
    commit()
    for day, status in ((closes - timedelta(days=1), "live"), (closes, "live"),
                        (closes + timedelta(days=1), "failed")):
        with _at(day):
            jobs.run("campaign_close", day)
        db.session.expire_all()
        assert db.session.get(Campaign, campaign.id).status == status, day


def test_campaign_reminders_to_team_and_backers(app, stripe_ctx, db):
    from stedskaping.funding import operations

    world = live_campaign()
    backer = make_user()
    operations.pledge(world["campaign"], backer, operations.NewPledge(kind="hours", hours=2))
    closes = world["campaign"].closes_on
    for left in (6, 5, 4, 3, 2, 1, 0):
        day = closes - timedelta(days=left)
        with _at(day):
            jobs.run("campaign_reminders", day)
    keys = db.session.scalars(sa.select(Notification.key).where(
        Notification.user_id == backer.id, Notification.kind == "campaign_reminder")).all()
    assert sorted(int(k.split(":")[2]) for k in keys) == [1, 2, 3, 5]
    team = len(world["project"].members)
    assert _count(kind="campaign_reminder") == 4 * (team + 1)


def test_preferences_digest_and_unsubscribe(app, client, db, login_as):
    user = make_user(locale="en")
    project = make_project(initiator=user, start_on=START)
    login_as(user)
    response = submit(client, "/notifications/settings", {
        "task_reminder": "daily", "escalation": "immediate", "campaign_reminder": "off",
        "camp_programme": "immediate", "facilitator_digest": "weekly"})
    assert response.status_code == 302
    day = START + timedelta(days=4)  # "Describe the idea" is due in 3 days
    with _at(day):
        jobs.run("reminders", day)
    assert _count(user_id=user.id, kind="task_reminder") == 1
    assert _db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.recipient == user.email)) == 0  # waits for the digest
    page = client.get("/?lang=en").get_data(as_text=True)
    assert '<span class="badge">1' in page
    with _at(day + timedelta(days=1)):
        jobs.run("notification_digests", day + timedelta(days=1))
        jobs.run("notification_digests", day + timedelta(days=1))
    [digest] = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "digest")).all()
    assert "“Describe the idea” is due in 3 days" in digest.body_text
    assert digest.body_html.startswith("<!doctype html>")
    submit(client, "/notifications/read", {}, page="/notifications/")
    assert '<span class="badge">' not in client.get("/").get_data(as_text=True)

    # The unsubscribe link of a mail switches that kind off, without logging in.
    token = notify_module.unsubscribe_token(user.id, "task_reminder")
    anonymous = app.test_client()
    url = f"/notifications/unsubscribe/{token}"
    assert "Stop getting" in anonymous.get(url + "?lang=en").get_data(as_text=True)
    assert submit(anonymous, url, {}).status_code == 200
    assert notify_module.mode_for(user.id, "task_reminder") == "off"
    assert anonymous.get("/notifications/unsubscribe/forged").status_code == 404
    with _at(START + timedelta(days=6)):
        jobs.run("reminders", START + timedelta(days=6))
    assert _count(user_id=user.id, kind="task_reminder") == 1  # nothing new
    assert project.id


class Crash(RuntimeError):
    pass


def test_a_crash_in_the_middle_of_a_job_then_a_rerun_sends_no_duplicate(app, db, monkeypatch):
    projects = [make_project(start_on=START) for _ in range(3)]
    for project in projects:
        add_member(project)
    day = START + timedelta(days=4)
    real = notification_jobs.notify_all
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:  # after the first batch (two tasks, two people each)
            raise Crash("out of memory")
        return real(*args, **kwargs)

    monkeypatch.setattr(notification_jobs, "notify_all", flaky)
    monkeypatch.setattr(jobs, "BATCH", 2)  # some work is committed before the crash
    with _at(day), pytest.raises(Crash):
        jobs.run("reminders", day)
    done_before = _count(kind="task_reminder")
    assert 0 < done_before < 6
    monkeypatch.setattr(notification_jobs, "notify_all", real)
    with _at(day):
        jobs.run("reminders", day)
        jobs.run("reminders", day)
    assert _count(kind="task_reminder") == 6  # two people on three projects
    mails = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.kind == "task_reminder"))
    assert mails == 6


def test_scheduler_once_is_safe_to_run_twice(app, db):
    make_project(start_on=date.today() - timedelta(days=4))
    commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["scheduler", "run", "--once"])
    assert first.exit_code == 0, first.output
    assert "reminders: " in first.output
    made = _count()
    second = runner.invoke(args=["scheduler", "run", "--once"])
    assert second.exit_code == 0
    assert _count() == made > 0
    listed = runner.invoke(args=["scheduler", "jobs"])
    assert "reminders" in listed.output and "camp_programme" in listed.output


@pytest.mark.commits
def test_two_scheduler_processes_send_every_notification_once(app):
    with app.app_context(), unit_of_work():
        for _ in range(20):
            project = make_project(start_on=START)
            add_member(project)
            add_member(project)
    day = START + timedelta(days=4)
    barrier, errors = threading.Barrier(2), []

    def scheduler_process(use_lease: bool):
        try:
            with app.app_context():
                barrier.wait()
                with _at(day):
                    if use_lease:
                        jobs.run("reminders", day)
                    else:  # even without the lease, the unique keys hold
                        with public_site():
                            project_jobs.reminders(day)
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(repr(exc))

    # Without the lease, two writers on SQLite collide ("database is locked"); there the
    # lease alone keeps them apart. On PostgreSQL the unique keys hold even without it.
    postgres = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    for use_lease in (True, False) if postgres else (True,):
        threads = [threading.Thread(target=scheduler_process, args=(use_lease,))
                   for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    assert errors == []
    with app.app_context():
        keys = _db.session.scalars(sa.select(Notification.key)).all()
        mails = _db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
    assert len(keys) == len(set(keys)) == 20 * 3  # three people on each of 20 projects
    assert mails == 60


def test_cleanup_drops_abandoned_pledges_and_old_invitations(app, stripe_ctx, db):
    from stedskaping.funding import operations
    from stedskaping.funding.models import Pledge
    from stedskaping.projects import team

    world = live_campaign()
    abandoned = operations.pledge(world["campaign"], make_user(), operations.NewPledge(
        kind="card", amount=10_000))
    team.invite(world["project"], world["initiator"], "late@example.no", "team_member", "nb")
    commit()
    later = date.today() + timedelta(days=50)
    with _at(later):
        assert jobs.run("abandoned_pledges", later) == 1
        assert jobs.run("old_invitations", later) == 1
    db.session.expire_all()
    assert db.session.get(Pledge, abandoned.id).status == "cancelled"
    from stedskaping.projects.models import ProjectInvitation

    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProjectInvitation)) == 0


def test_cleanup_drops_spent_and_expired_link_hashes(app, db):
    from stedskaping.accounts import tokens
    from stedskaping.accounts.models import AccountToken

    user = make_user()
    tokens.issue("password_reset", user, user.email, 3600)
    fresh = make_user()
    commit()
    later = date.today() + timedelta(days=40)
    with _at(later):
        tokens.issue("password_reset", fresh, fresh.email, 3600)
        commit()
        jobs.run("spent_links", later)
    db.session.expire_all()
    left = db.session.scalars(sa.select(AccountToken.user_id)).all()
    assert left == [fresh.id]  # the month-old expired link is gone, the new one stays
