import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from stedskaping.db import after_commit, commit, rollback, unit_of_work
from stedskaping.notifications.models import OutboxMessage
from stedskaping.notifications.operations import queue_mail


def test_models_and_migrations_agree(app, db):
    """Fails when a model changes without a migration (run `flask db migrate`)."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_are_at_head(app, db):
    from alembic.script import ScriptDirectory

    config = app.extensions["migrate"].migrate.get_config()
    heads = ScriptDirectory.from_config(config).get_heads()
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    assert len(heads) == 1, "migrations have branched: merge them"
    assert set(current) == set(heads)


def test_sqlite_runs_with_wal_foreign_keys_and_busy_timeout(db):
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000


def test_work_after_commit_runs_only_when_the_commit_succeeds(db):
    ran = []
    after_commit(lambda: ran.append("first"))
    rollback()
    assert ran == []
    after_commit(lambda: ran.append("second"))
    commit()
    assert ran == ["second"]


def test_mail_is_not_written_when_the_change_rolls_back(db, outbox):
    try:
        with unit_of_work():
            queue_mail(kind="test", recipient="a@example.no", locale="en",
                       subject="Hello", template="password_changed", user={"name": "A"})
            raise RuntimeError("the change failed")
    except RuntimeError:
        pass
    assert outbox() == []
    with unit_of_work():
        queue_mail(kind="test", recipient="a@example.no", locale="en",
                   subject="Hello", template="password_changed", user={"name": "A"})
    [message] = outbox()
    assert message.sent_dt is not None


def test_a_refused_form_writes_nothing(client, db):
    before = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
    client.get("/")
    response = client.post("/password/forgot", data={"email": "x@example.no"})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == before


def test_every_datetime_is_utc_and_every_amount_whole_minor_units(db):
    """The shared column types (stedskaping/db.py) hold for every model: a *_dt column is
    an aware UTC datetime, a *_amount column integer øre, every id an integer key."""
    from stedskaping.db import UTCDateTime

    for table in db.metadata.sorted_tables:
        for column in table.columns:
            where = f"{table.name}.{column.name}"
            if column.name.endswith("_dt"):
                assert isinstance(column.type, UTCDateTime), where
            if column.name.endswith("_amount") or column.name == "amount":
                assert isinstance(column.type, sa.Integer), where
        if "id" in table.columns and table.name != "stripe_event":
            assert table.columns["id"].primary_key, table.name
            assert isinstance(table.columns["id"].type, sa.Integer), table.name
