"""Probes for a load balancer or an orchestrator.

``/healthz``: the process is up and serves requests; it asks nothing else, so a
database outage does not get healthy workers restarted. ``/readyz``: this worker can do
its work: the database answers and its schema is at the migrations' head (during a
deploy, new workers are not sent traffic before ``flask db upgrade`` has run).
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify
from sqlalchemy.exc import SQLAlchemyError

from stedskaping.db import db
from stedskaping.errors import database_unavailable

log = logging.getLogger(__name__)
bp = Blueprint("probes", __name__)


@bp.get("/healthz")
def healthz():
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8",
                         "Cache-Control": "no-store"}


def migration_heads() -> set[str]:
    """The head revisions of the migrations this code carries (read once)."""
    heads = current_app.extensions.get("stedskaping.migration_heads")
    if heads is None:
        from alembic.script import ScriptDirectory

        script = ScriptDirectory(current_app.extensions["migrate"].directory)
        heads = current_app.extensions["stedskaping.migration_heads"] = set(script.get_heads())
    return heads


@bp.get("/readyz")
def readyz():
    heads = migration_heads()
    try:
        connection = db.session.connection()
        migrated = sa.inspect(connection).has_table("alembic_version")
        current = set(connection.scalars(sa.text("SELECT version_num FROM alembic_version"))
                      ) if migrated else set()
    except SQLAlchemyError as error:
        _roll_back()
        if not database_unavailable(error):
            raise
        log.warning("not ready: the database does not answer (%s)", error.__class__.__name__)
        return _answer(503, database="unreachable", migrations="unknown")
    if not migrated:
        return _answer(503, database="ok", migrations="none applied", head=sorted(heads))
    if current != heads:
        return _answer(503, database="ok", migrations="not at head",
                       revision=sorted(current), head=sorted(heads))
    return _answer(200, database="ok", migrations="at head", revision=sorted(current))


def _roll_back() -> None:
    try:
        db.session.rollback()
    except SQLAlchemyError:  # the connection is gone; the pool replaces it
        log.debug("rollback failed on a broken connection", exc_info=True)


def _answer(status: int, **facts):
    response = jsonify(ready=status == 200, **facts)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app) -> None:
    app.register_blueprint(bp)
