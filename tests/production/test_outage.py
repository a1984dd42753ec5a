"""A database that is away or hung: pages answer 503 with a retry page within seconds,
/healthz stays up, /readyz says what is wrong; statements are cut off by a timeout."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from stedskaping import create_app
from tests.conftest import TEST_CONFIG, TEST_DATABASE_URL

# Each app here has its own engine (an unreachable, hung or slow database), so the tests
# must not run on the shared test transaction that the db fixture otherwise binds.
pytestmark = pytest.mark.commits


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens here once the socket is closed


@pytest.fixture
def hung_database():
    """A server that accepts connections and never says a word: a hung database."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"postgresql+psycopg://postgres@127.0.0.1:{listener.getsockname()[1]}/stedskaping"
    stop.set()
    thread.join(timeout=2)
    for conn in held:
        conn.close()
    listener.close()


_apps = []


def _app(url: str, **settings):
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url, **settings})
    _apps.append(app)
    return app


@pytest.fixture(autouse=True)
def _close_engines():
    """Each app's pooled connections closed after its test (not left to the collector)."""
    yield
    from stedskaping.extensions import db

    while _apps:
        with _apps.pop().app_context():
            db.engine.dispose()


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_an_unreachable_database_gives_a_translated_retry_page(lang):
    app = _app(f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/stedskaping")
    client = app.test_client()
    with client.session_transaction() as session:  # a signed-in visitor: even their
        session.update({"_user_id": "1", "_fresh": True, "sid": "x"})  # row is unreadable
    response = client.get("/projects/?side=2", headers={"Accept-Language": lang})
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert response.headers["Cache-Control"] == "no-store"
    assert f'<html lang="{lang}">' in html
    heading = {"nb": "Straks tilbake", "en": "Back in a moment"}[lang]
    retry = {"nb": "Prøv igjen", "en": "Try again"}[lang]
    assert f"<h1>{heading}</h1>" in html
    assert f'href="/projects/?side=2">{retry}</a>' in html
    assert "Traceback" not in html and "psycopg" not in html


def test_a_hung_database_does_not_hold_a_worker(hung_database):
    app = _app(hung_database, DATABASE_CONNECT_TIMEOUT=2)
    client = app.test_client()
    start = time.monotonic()
    response = client.get("/projects/", headers={"Accept-Language": "en"})
    waited = time.monotonic() - start
    assert response.status_code == 503 and "Try again" in response.get_data(as_text=True)
    assert waited < 6, f"the request waited {waited:.1f} s"
    start = time.monotonic()
    assert client.get("/healthz").status_code == 200  # the process itself is fine
    assert time.monotonic() - start < 1


def test_readyz_says_when_the_database_is_away(hung_database):
    app = _app(f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/stedskaping")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"ready": False, "database": "unreachable",
                                   "migrations": "unknown"}


def test_readyz_is_ready_only_at_the_migrations_head(app, client, tmp_path):
    answer = client.get("/readyz")
    assert answer.status_code == 200 and answer.get_json()["migrations"] == "at head"
    assert client.get("/healthz").get_data(as_text=True) == "ok\n"
    # A database that a deploy has not migrated yet: not ready, and why.
    from alembic.script import ScriptDirectory

    behind = _app(f"sqlite:///{tmp_path / 'behind.sqlite'}")
    script = ScriptDirectory(behind.extensions["migrate"].directory)
    (head,) = script.get_heads()
    previous = script.get_revision(head).down_revision
    assert behind.test_client().get("/readyz").get_json()["migrations"] == "none applied"
    with behind.app_context():
        upgrade(revision=previous)  # the code is one migration ahead of the database
    answer = behind.test_client().get("/readyz")
    assert answer.status_code == 503
    assert answer.get_json() == {"ready": False, "database": "ok", "migrations": "not at head",
                                 "revision": [previous], "head": [head]}
    with behind.app_context():
        upgrade()  # what `flask db upgrade` does on a deploy
    assert behind.test_client().get("/readyz").status_code == 200


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="statement_timeout is PostgreSQL's")
def test_a_statement_that_hangs_is_cut_off():
    app = _app(TEST_DATABASE_URL, DATABASE_STATEMENT_TIMEOUT=0.5)

    @app.get("/slow")
    def slow():
        from stedskaping.db import db

        db.session.execute(sa.text("SELECT pg_sleep(20)"))
        return "done"

    start = time.monotonic()
    response = app.test_client().get("/slow", headers={"Accept-Language": "en"})
    waited = time.monotonic() - start
    assert response.status_code == 503 and "Back in a moment" in response.get_data(as_text=True)
    assert waited < 3, f"the statement ran {waited:.1f} s"
    # The next request on the same worker is served again.
    assert app.test_client().get("/readyz").status_code == 200


def test_a_missing_page_while_the_database_is_away_is_the_retry_page():
    app = _app(f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/stedskaping")
    client = app.test_client()
    with client.session_transaction() as session:  # the layout would load this user
        session.update({"_user_id": "1", "_fresh": True, "sid": "x"})
    response = client.get("/no-such-page", headers={"Accept-Language": "en"})
    assert response.status_code == 503 and "Back in a moment" in response.get_data(as_text=True)


REDIS_AWAY = """
import sys
from stedskaping import create_app
app = create_app({"TESTING": True, "SECRET_KEY": "x", "WTF_CSRF_ENABLED": False,
                  "SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[1] + "/db.sqlite",
                  "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:" + sys.argv[2]})
with app.app_context():
    from flask_migrate import upgrade
    upgrade()
reply = app.test_client().post("/login", data={"email": "a@example.no", "password": "x" * 12})
print(reply.status_code)
"""


def test_rate_limits_fall_back_to_memory_while_redis_is_away(tmp_path):
    """In its own process: the limiter is one object per process."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    checkout = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", REDIS_AWAY, str(tmp_path), str(_closed_port())],
                          env={**os.environ, "PYTHONPATH": str(checkout)}, cwd=checkout,
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] in ("200", "400")  # a refused login, no 500
