"""Fixtures: app, db (a transaction rolled back after each test), client, login_as,
count_queries, outbox, mailbox (what was delivered), and a live server for browser tests.

Every test runs on 2026-12-01 (``TODAY``), from 09:00 UTC, whatever the calendar says: see
``clock``; ``frozen`` stops the clock there for tests that compare exact times.

The schema is built by running the Alembic migrations, so the migrations are
tested by every run. Set TEST_DATABASE_URL to run on PostgreSQL.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from contextlib import contextmanager
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
import time_machine
from flask import has_app_context
from flask.testing import FlaskClient
from flask_babel import force_locale
from flask_migrate import upgrade
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy.orm import scoped_session, sessionmaker

# Tests never read the developer's instance/config.py.
os.environ["STEDSKAPING_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="stedskaping-test-instance-")

from stedskaping import cache as page_cache  # noqa: E402
from stedskaping import create_app  # noqa: E402
from stedskaping.accounts import operations as account_ops  # noqa: E402
from stedskaping.extensions import db as _db  # noqa: E402
from stedskaping.extensions import limiter  # noqa: E402

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")

# localstripe and the Stripe-configured app, for the funding and browser tests.
pytest_plugins = ["tests.fixtures.stripe"]

TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-not-for-production",
    # Cheap Argon2 parameters: the tests check the flow, not the cost.
    "ARGON2_TIME_COST": 1,
    "ARGON2_MEMORY_COST": 1024,
    "ARGON2_PARALLELISM": 1,
    # The concurrency tests run 32 threads on one app, more than its pool holds (15);
    # a production worker has one thread, and keeps the 5 s default.
    "DATABASE_POOL_TIMEOUT": 60,
}


# The day the tests run on, whatever the calendar says.
TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock():
    """The clock starts at ``NOW`` (09:00 UTC on ``TODAY``) and ticks on, so that a test
    that reads today's date (``date.today()``, ``utcnow()``, a default start date) gives
    the same result on any day. A test travels on with ``clock.move_to(...)``, or with
    ``time_machine.travel`` inside it.

    The clock is the process's, so the threads of tests marked ``commits``, the live
    server of browser tests and localstripe run on it too. Chromium keeps the real one;
    that does no harm, as our cookies last for the browser session or say their lifetime
    in seconds (Max-Age), not until when (the browser tests pass with this clock years
    behind Chromium's).
    """
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def frozen(clock):
    """The clock stands still at ``NOW``: for tests that compare exact times."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _reset_database(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    if TEST_DATABASE_URL:
        return TEST_DATABASE_URL
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


_harness = [False]  # True while the test client does the harness's own SQL


class TestClient(FlaskClient):
    """Each request gets a fresh app context, as in production.

    The test itself holds an app context (for factories and queries); without
    this, requests would share it, and with it ``g``, the cached locale and
    the signed-in user.
    """

    def open(self, *args, **kwargs):
        # What the test wrote (factories flush, and never commit) is, for the app, as if
        # committed before the request: so the page cache hears of it as of a commit.
        if has_app_context() and _db.session.registry.has():
            _harness[0] = True  # not a query of the request: count_queries leaves it out
            try:
                page_cache.raise_generation(_db.session())
            finally:
                _harness[0] = False
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    app.test_client_class = TestClient
    with app.app_context():
        _reset_database(app.config["SQLALCHEMY_DATABASE_URI"])
        upgrade()
    yield app
    # Close the pooled connections of every app the tests made (this one last).
    for engines in list(_db._app_engines.values()):
        for engine in engines.values():
            engine.dispose()


def truncate_all(app) -> None:
    with app.app_context(), _db.engine.begin() as conn:
        for table in reversed(_db.metadata.sorted_tables):
            if table.name != "cache_generation":  # the counter's one row, made by a migration
                conn.execute(table.delete())


@pytest.fixture(autouse=True)
def db(app, request):
    """Each test runs inside a transaction that is rolled back at the end.

    Requests made by the test client commit to a SAVEPOINT inside it. Browser
    tests (and tests marked ``commits``, which use several threads) commit for
    real, and the tables are emptied afterwards instead.
    """
    limiter.reset()
    with app.app_context():  # this app's store (another test may have made another app)
        page_cache.clear()  # a page of the last test's data (rolled back) must not be seen
    if request.node.get_closest_marker("browser") or request.node.get_closest_marker("commits"):
        yield _db
        truncate_all(app)
        return
    ctx = app.app_context()
    ctx.push()
    connection = _db.engine.connect()
    transaction = connection.begin()
    original = _db.session
    _db.session = scoped_session(
        sessionmaker(bind=connection, join_transaction_mode="create_savepoint"),
        scopefunc=_app_ctx_id,
    )
    try:
        yield _db
    finally:
        _db.session.remove()
        _db.session = original
        transaction.rollback()
        connection.close()
        ctx.pop()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def english(db):
    """Messages (the engine's, the operations') in English, as the tests assert them."""
    with force_locale("en"):
        yield


@pytest.fixture
def login_as(client, db):
    """Sign a user in on the test client the way the login view does."""

    def login(user):
        token = account_ops.start_session(user)
        with client.session_transaction() as session:
            session.clear()
            session["_user_id"] = str(user.id)
            session["_fresh"] = True
            session["sid"] = token
        return client

    return login


@pytest.fixture
def count_queries(db):
    """``with count_queries() as queries: ...`` then ``len(queries)``."""

    @contextmanager
    def counter():
        statements: list[str] = []

        def record(conn, cursor, statement, parameters, context, executemany):
            harness = _harness[0]
            if not harness and not statement.lstrip().upper().startswith(
                    ("SAVEPOINT", "RELEASE", "ROLLBACK")):
                statements.append(statement)

        sa.event.listen(_db.engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            sa.event.remove(_db.engine, "before_cursor_execute", record)

    return counter


@pytest.fixture
def page_queries(count_queries):
    """``page_queries(client, url)``: the queries a GET of ``url`` makes once the
    process's caches (workflows) are warm; it must answer 200."""

    def measure(client, url: str) -> int:
        client.get(url)  # warm up: the process's caches fill once
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    return measure


@pytest.fixture
def outbox(db):
    """The messages written to the mail outbox, oldest first."""
    from stedskaping.notifications.models import OutboxMessage

    def messages(**filters):
        query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
        for name, value in filters.items():
            query = query.where(getattr(OutboxMessage, name) == value)
        return list(_db.session.scalars(query))

    return messages


class Mailbox:
    """What the mail transport was handed: the full text, links with their tokens.

    (The outbox keeps a delivered message without its links' tokens.)"""

    def __init__(self, transport):
        self.transport, self.messages = transport, []

    def deliver(self, message) -> None:
        self.messages.append(SimpleNamespace(
            kind=message.kind, recipient=message.recipient, subject=message.subject,
            body_text=message.body_text))
        self.transport.deliver(message)

    def last(self, kind: str | None = None, recipient: str | None = None):
        found = [m for m in self.messages if (kind is None or m.kind == kind)
                 and (recipient is None or m.recipient == recipient)]
        assert found, f"no {kind or ''} mail to {recipient or 'anyone'}"
        return found[-1]

    def link(self, kind: str | None = None, recipient: str | None = None) -> str:
        """The path of the first link to this site in the latest such mail."""
        body = self.last(kind, recipient).body_text
        return re.search(r"https?://[^/\s]+(/\S*)", body).group(1)


@pytest.fixture
def mailbox(app):
    extensions = app.extensions
    box = Mailbox(extensions["stedskaping.mail_transport"])
    extensions["stedskaping.mail_transport"] = box
    try:
        yield box
    finally:
        extensions["stedskaping.mail_transport"] = box.transport


@pytest.fixture
def live_server(app):
    """The app served over HTTP on 127.0.0.1 in a background thread."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
