"""How notices are inserted: once, with "insert ... on conflict do nothing"."""

import sqlalchemy as sa

from stedskaping.notifications.models import Notification, OutboxMessage
from stedskaping.notifications.notify import notify
from tests.fixtures.factories import make_user


def test_a_notice_is_inserted_once_without_a_savepoint(app, db):
    user = make_user(locale="en")
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement.strip().upper())

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        first = notify(user, "task_comment", "test:1", "A comment")
        second = notify(user, "task_comment", "test:1", "A comment")
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    assert first is not None and first.id and second is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 1
    inserts = [s for s in statements if s.startswith("INSERT INTO NOTIFICATION")]
    assert len(inserts) == 2 and all("ON CONFLICT" in s for s in inserts)
    assert not [s for s in statements if s.startswith("SAVEPOINT")]
    # The transaction is still usable after the refused duplicate (on PostgreSQL too).
    assert notify(user, "task_comment", "test:2", "Another") is not None
