"""The database: one SQLAlchemy instance, column types and the commit boundary.

Models declare their columns with the shared annotated types below (``intpk``,
``created``, ``money``, ``project_fk``, ...; warehouse's ``utils/db/types.py`` is
the model), so that a kind of column means the same everywhere; every ``datetime``
column is a ``UTCDateTime``.

Operations add and flush; they never commit. The request boundary (or a CLI
command, through ``unit_of_work``) commits once, and only then runs the work
queued with ``after_commit`` (sending e-mail first of all). A rollback drops
that work, so nothing is announced that did not happen.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase, mapped_column, registry

log = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """A timezone-aware UTC datetime on every database (SQLite drops the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    # ``Mapped[datetime]`` stores an aware UTC datetime, with no mapped_column needed.
    registry = registry(metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
                        type_annotation_map={datetime: UTCDateTime})


db = SQLAlchemy(model_class=Base)

_AFTER_COMMIT = "stedskaping.after_commit"

# Column types shared by the models: ``id: Mapped[intpk]``, ``created_dt: Mapped[created]``,
# ``minimum_amount: Mapped[money]``. Extra arguments go in the attribute's own
# ``mapped_column`` (``Mapped[created] = mapped_column(index=True)``); ``Mapped[money | None]``
# is nullable. They change no schema: the defaults are Python-side, as before.
intpk = Annotated[int, mapped_column(primary_key=True)]
# When the row was written.
created = Annotated[datetime, mapped_column(UTCDateTime, default=utcnow)]
# Money is integer øre (minor units) in a column ending in ``_amount``. ``money`` has no
# default: the code always says how much (a campaign's minimum, a reward, a refund);
# ``money_zero`` starts at nothing (what a pledge has matched or refunded so far).
money = Annotated[int, mapped_column()]
money_zero = Annotated[int, mapped_column(default=0)]
# The project a row belongs to, deleted with it.
project_fk = Annotated[int, mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"),
                                          index=True)]
# The person a row belongs to (a session, a token, a membership), deleted with them.
user_fk = Annotated[int, mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                       index=True)]
# Who did something (wrote, invited, decided): the record stays when the person goes,
# so use it as ``Mapped[user_ref | None]``.
user_ref = Annotated[int, mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))]


def after_commit(callback: Callable[[], None]) -> None:
    """Run ``callback`` once the current transaction has been committed."""
    db.session.info.setdefault(_AFTER_COMMIT, []).append(callback)


def _forget_transaction_state() -> list:
    """Take the after-commit work and drop everything else kept for this transaction
    (keys starting with "stedskaping.")."""
    pending = db.session.info.pop(_AFTER_COMMIT, [])
    for key in [k for k in db.session.info if str(k).startswith("stedskaping.")]:
        db.session.info.pop(key)
    return pending


def commit() -> None:
    """Commit the session, then run the work queued for after the commit."""
    pending = _forget_transaction_state()
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    for callback in pending:
        try:
            callback()
        except Exception:  # the commit stands; the work is retried from its own record
            log.exception("after-commit work failed")


def rollback() -> None:
    """Roll back and forget the work queued for after the commit."""
    _forget_transaction_state()
    db.session.rollback()


@contextmanager
def unit_of_work() -> Iterator[None]:
    """One commit boundary for work outside a request (CLI commands, jobs)."""
    try:
        yield
    except BaseException:
        rollback()
        raise
    commit()


def configure_engine(engine: sa.engine.Engine) -> None:
    """SQLite pragmas, and transactions that SQLAlchemy (not pysqlite) controls.

    pysqlite's own transaction handling breaks SAVEPOINT and defers BEGIN in
    ways SQLAlchemy cannot see; the SQLAlchemy documentation's recipe turns it
    off and emits BEGIN itself.
    """
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        assert isinstance(dbapi_connection, sqlite3.Connection)
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # With WAL, NORMAL loses no committed data on a crash of the app, only on power loss
        # in the last moment; it saves an fsync per commit.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN")


def render_item(type_: str, obj, autogen_context):
    """Alembic autogenerate: write our column types as plain SQLAlchemy types,
    so that migrations never import application code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False
