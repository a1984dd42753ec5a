"""Signed-in sessions as each request sees them: whose live session the cookie holds.

The check runs once per request, as plain columns (the user's id and language, with the
page cache's generation and key parts in the same row): a page served from the page
cache needs no more, so it never loads the account. Flask-Login's loader loads the
account from it when a view asks for ``current_user``.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask import g, session

from stedskaping import cache as page_cache
from stedskaping.accounts.models import User, UserSession
from stedskaping.db import db

__all__ = ["Viewer", "hash_token", "session_viewer", "user_for_session"]

_USER_ID = re.compile(r"[1-9][0-9]{0,17}")  # as str(user.id) writes it


def hash_token(token: str) -> str:
    """What is kept of a session's token (the cookie holds the token itself)."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Viewer:
    """Who is signed in on this request, as read with the session's check: enough for
    the page cache's key and the language, without loading the account."""

    id: int
    locale: str | None


@functools.cache
def _session_viewer() -> sa.Select:
    """Asked on every request of a signed-in user, so built once (at the first request,
    when every part of the page cache's key is registered), with its values as
    parameters; the page cache's key parts come in the same row. Plain columns, not the
    account: a page served from the cache needs no more."""
    users, sessions = User.__table__, UserSession.__table__
    return (
        sa.select(users.c.id, users.c.locale, *page_cache.viewer_columns(users.c.id))
        .join(sessions, sessions.c.user_id == users.c.id)
        .where(
            users.c.id == sa.bindparam("user_id"),
            users.c.email_confirmed_dt.is_not(None),
            sessions.c.token_hash == sa.bindparam("token_hash"),
            sessions.c.revoked_dt.is_(None),
        )
    )


def session_viewer() -> Viewer | None:
    """The viewer whose live session this request's cookie holds (None when signed out
    or the session was revoked), read once per request."""
    if "session_viewer" in g:
        return g.session_viewer
    # Signed out until the check has answered: when the database cannot answer, the
    # error page drawn after it shows the visitor signed out instead of asking again.
    g.session_viewer = viewer = None
    user_id, token = session.get("_user_id"), session.get("sid")
    # Only what the login writes: an id in plain digits (so that the key of a cached page
    # and Flask-Login's loader name the same user) and a token in plain characters.
    if isinstance(token, str) and token.isascii() and token and isinstance(user_id, str) \
            and _USER_ID.fullmatch(user_id):
        # On the session's connection, as plain SQL: no ORM entities to load.
        row = db.session.connection().execute(_session_viewer(), {
            "user_id": int(user_id), "token_hash": hash_token(token)}).first()
        if row is not None:
            page_cache.remember_viewer(row[2:])
            viewer = Viewer(row[0], row[1])
    g.session_viewer = viewer
    return viewer


def user_for_session(user_id: str) -> User | None:
    """Flask-Login's loader: the account of this request's live session, or None when
    the session was revoked (or names another user)."""
    viewer = session_viewer()
    if viewer is None or str(viewer.id) != user_id:
        return None
    return db.session.get(User, viewer.id)
