"""Where the jobs live, how notices are inserted, what a sweep costs, the facilitators'
summary."""

import ast
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
import time_machine

from stedskaping import jobs, plugins
from stedskaping.notifications.models import Notification, OutboxMessage
from stedskaping.notifications.notify import notify
from tests.fixtures.factories import (
    add_member,
    make_facilitator,
    make_municipality,
    make_project,
    make_user,
)

START = date(2027, 1, 4)
OWNERS = {
    "spent_links": "accounts",
    "old_facilitator_invitations": "municipalities",
    "notification_digests": "notifications", "mail": "notifications",
    "reminders": "projects", "camp_programme": "projects", "old_invitations": "projects",
    "escalation": "supervision", "facilitator_digests": "supervision",
    "campaign_close": "funding", "campaign_reminders": "funding", "reconcile": "funding",
    "abandoned_pledges": "funding", "card_pages": "funding", "refunds": "funding",
    "release_cards": "funding", "meeting_reminders": "participation.meetings",
    "unconfirmed_supporters": "participation.supporters",
    "evaluation_rounds": "learning.evaluation",
    "concept_vote_close": "participation.vote",
    "maintenance_reminders": "realisation.handover", "expiry_warnings": "realisation.handover",
    "camp_shift_reminders": "realisation.shifts",
}


def _at(day: date):
    return time_machine.travel(datetime.combine(day, time(6), tzinfo=UTC), tick=False)


def test_each_domain_registers_its_own_jobs(app):
    registered = plugins.current().jobs
    assert {name: job.run.__module__ for name, job in registered.items()} == {
        name: f"stedskaping.{domain}.jobs" for name, domain in OWNERS.items()}
    listed = app.test_cli_runner().invoke(args=["scheduler", "jobs"]).output
    assert all(name in listed for name in OWNERS)


def test_the_runner_imports_no_domain():
    tree = ast.parse(Path(jobs.__file__).read_text(encoding="utf-8"))
    imported = [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for alias in node.names]
    domains = {f"stedskaping.{d}" for d in set(OWNERS.values()) | {"main"}}
    assert [m for m in imported if m and ".".join(m.split(".")[:2]) in domains] == []


COMMENT = {"who": "Ivar", "task": "Describe the idea", "title": "Parken", "comment": "Hi"}


def test_a_notice_is_inserted_once_without_a_savepoint(app, db):
    user = make_user(locale="en")
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement.strip().upper())

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        first = notify(user, "task_comment", "test:1", "comment", **COMMENT)
        second = notify(user, "task_comment", "test:1", "comment", **COMMENT)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    assert first is not None and first.id and second is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 1
    inserts = [s for s in statements if s.startswith("INSERT INTO NOTIFICATION")]
    assert len(inserts) == 2 and all("ON CONFLICT" in s for s in inserts)
    assert not [s for s in statements if s.startswith("SAVEPOINT")]
    # The transaction is still usable after the refused duplicate (on PostgreSQL too).
    assert notify(user, "task_comment", "test:2", "comment", **COMMENT) is not None


@pytest.mark.parametrize("projects", [4, 8])
def test_the_reminder_sweep_reads_nothing_again_after_a_batch_commit(app, db, count_queries,
                                                                     monkeypatch, projects):
    """Batches commit as they go; what the sweep read (plain rows) is not loaded again."""
    monkeypatch.setattr(jobs, "BATCH", 2)
    for _ in range(projects):
        add_member(make_project(start_on=START))  # two people: the initiator and a member
    day = START + timedelta(days=4)  # one task due in 3 days on each project
    jobs.run("reminders", day - timedelta(days=1))  # warm up (workflow digests, leases)
    with _at(day), count_queries() as queries:
        made = jobs.run("reminders", day)
    assert made == 2 * projects
    # Per batch of two tasks (four notices), whatever its size: the people's preferences,
    # the notifications (one insert), their mails (one insert), and the mails' delivery
    # after the commit (claim, read, mark sent).
    # Once: the lease (take, give back), the tasks, the stages, the teams, their addresses.
    assert len(queries) == 6 * (projects // 2) + 6, "\n".join(queries)


def test_facilitators_get_their_summary_once_a_day(app, db):
    municipality = make_municipality()
    facilitator = make_facilitator(municipality, locale="en")
    make_project(municipality=municipality, start_on=START)
    day = START + timedelta(days=30)  # required tasks are weeks overdue: the project is late
    with _at(day):
        assert jobs.run("facilitator_digests", day) == 1  # daily unless chosen otherwise
        assert jobs.run("facilitator_digests", day) == 0
    with _at(day + timedelta(days=1)):
        assert jobs.run("facilitator_digests", day + timedelta(days=1)) == 1
    mails = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "facilitator_digest")).all()
    assert [m.recipient for m in mails] == [facilitator.email] * 2
    assert mails[0].subject.startswith("Your projects: 1 late")
    assert "/supervision/" in mails[0].body_text
