"""The page cache: rendered pages kept until anything they could show changes.

A page is rendered at most once per *generation* of the data. The generation is a
counter in the database (table ``cache_generation``), raised by every transaction that
writes to a table a page can show, inside that transaction, just before it commits. A
cached page's key holds the generation it was rendered at, so a commit anywhere makes
every page older than it unreachable at once, on every worker and every host, whatever
the cache backend: nothing is ever invalidated one key at a time, and nothing can be
forgotten. Entries also expire after ``PAGE_CACHE_SECONDS`` (they show "today" and the
time), and the key holds the day.

A page is cached per viewer: the key holds the signed-in user (or "anonymous") and the
count of the user's unread notices (shown in the menu; notices do not raise the
generation). What differs per request is filled in when a page is served: the CSRF token
of the reader's session replaces the one the page was rendered with (a random string
no one else knows, so no text a user wrote can hold it). A request that carries
flashed messages, or a view that changes the session beyond the CSRF token, sets a
cookie or answers anything but 200 HTML, is served uncached and not stored.

Access: ``cached_page`` goes outside ``project_view`` (and a view's ``require``), so a
stored page holds the outcome of its access check too. That outcome depends only on the
viewer (signed in through a live session, checked on every request before the key is
made), on rows in the database (roles, memberships, the project's state: any change to
them raises the generation) and on the day, and the key holds all three: at the same
key the check cannot answer differently. Only pages the check let through (200) are
stored, so a refusal is always decided afresh.

The store is Flask-Caching's: a dictionary in each worker by default (``SimpleCache``);
``RedisCache`` (``PAGE_CACHE_TYPE``, ``PAGE_CACHE_REDIS_URL``) shares it between workers
and hosts in production. See docs/deploy.md, "Page cache".
"""

from __future__ import annotations

import functools
import hashlib
import logging
from datetime import date

import sqlalchemy as sa
from flask import current_app, g, make_response, request, session
from flask_caching import Cache
from sqlalchemy.orm import Session

from stedskaping.db import db

__all__ = ["cache", "cached_page", "clear", "generation", "init_app", "raise_generation",
           "remember_viewer", "reset", "viewer_columns", "viewer_part"]

cache = Cache()
log = logging.getLogger(__name__)

# One row (id 1), made by the migration; ``value`` only ever grows.
generation_table = sa.Table(
    "cache_generation", db.metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("value", sa.BigInteger, nullable=False),
)

# Writes to these tables never show on a cached page (or, for notices, show through the
# key's unread count), so they leave the generation alone: signing in, reading notices,
# the mail outbox, the scheduler's leases and tokens would otherwise empty the cache.
QUIET_TABLES = frozenset({
    "account_token", "cache_generation", "job_lease", "notification",
    "notification_preference", "outbox_message", "stripe_event", "user_session",
})
# Not "stedskaping.": db.commit() drops those keys before committing, and this one is read
# while committing (it is dropped by the listeners below, after the commit or rollback).
_WRITES = "page_cache.writes"


def _table_name(statement) -> str | None:
    table = getattr(statement, "table", None)
    return getattr(table, "name", None)


def _note_flush(session: Session, _flush_context) -> None:
    objects = (*session.new, *session.dirty, *session.deleted)
    if any(getattr(getattr(obj, "__table__", None), "name", None) not in QUIET_TABLES
           for obj in objects):
        session.info[_WRITES] = True


def _note_statement(state) -> None:
    if (state.is_insert or state.is_update or state.is_delete) \
            and _table_name(state.statement) not in QUIET_TABLES:
        state.session.info[_WRITES] = True


def raise_generation(session: Session) -> None:
    """Just before a commit that wrote something a page can show: one more generation.

    Last in the transaction, so the row lock it takes is held only while committing (a
    transaction that locks rows of its own takes them all before this one)."""
    if session.in_nested_transaction():
        return
    session.flush()  # the flush that commit would make, so that its writes are seen
    if session.info.pop(_WRITES, False):
        session.execute(generation_table.update().values(value=generation_table.c.value + 1))


def _forget_writes(session: Session, *_args) -> None:
    session.info.pop(_WRITES, None)


def track_writes(session_class) -> None:
    """Listen to every session of ``session_class`` (SQLAlchemy's own, so that the
    tests' sessions, bound to their transaction, are heard too)."""
    if sa.event.contains(session_class, "before_commit", raise_generation):
        return
    sa.event.listen(session_class, "after_commit", _forget_writes)
    sa.event.listen(session_class, "after_flush", _note_flush)
    sa.event.listen(session_class, "do_orm_execute", _note_statement)
    sa.event.listen(session_class, "before_commit", raise_generation)
    sa.event.listen(session_class, "after_rollback", _forget_writes)


_VIEWER_PARTS: dict[str, object] = {}
_GENERATION = sa.select(generation_table.c.value).where(generation_table.c.id == 1)


def viewer_part(name: str, sql) -> None:
    """Keep pages per value of ``sql(user_id)`` (a scalar subquery) for a signed-in viewer,
    such as the count of unread notices the menu shows."""
    _VIEWER_PARTS[name] = sql


def generation() -> int | None:
    """The data's generation, read once per request (None when the row is missing:
    then nothing is cached)."""
    if "page_cache_generation" not in g:
        g.page_cache_generation = db.session.connection().scalar(_GENERATION)
    return g.page_cache_generation


def viewer_columns(user_id) -> list:
    """The generation and the viewer's parts, as columns for the query that checks the
    signed-in session (``user_id``: its id column): so a signed-in request reads them in the
    query it makes anyway. Give the row's values to ``remember_viewer``."""
    return [_GENERATION.scalar_subquery().label("page_cache_generation"),
            *(_VIEWER_PARTS[name](user_id).label(name) for name in sorted(_VIEWER_PARTS))]


def remember_viewer(values) -> None:
    """Keep the values of ``viewer_columns`` for this request (``g``): the generation,
    and each part as ``g.<name>`` (the page rendered on a miss shows the same)."""
    names = sorted(_VIEWER_PARTS)
    g.page_cache_generation = values[0]
    for name, value in zip(names, values[1:], strict=True):
        setattr(g, name, value)
    g.page_cache_viewer = ".".join(str(value) for value in values[1:])


def _generation_and_viewer() -> tuple[int | None, str]:
    """The generation and the viewer's part of the key (for a signed-in viewer, as read
    with the session's check, which calls ``remember_viewer``; else in a query of their
    own)."""
    viewer = current_app.extensions["stedskaping.viewer"]()
    if viewer is None:
        return generation(), "anonymous"
    return g.page_cache_generation, f"u{viewer.id}.{g.page_cache_viewer}"


def _key(gen: int, viewer: str) -> str:
    from flask_babel import get_locale

    path = request.full_path.encode("utf-8", "surrogateescape")
    # The path is the reader's, so it is hashed: a key of fixed length and characters.
    digest = hashlib.blake2b(path, digest_size=16).hexdigest()
    # "page2": stored pages are bytes (pages kept as text by an earlier version are
    # never read).
    return f"page2:{gen}:{date.today().isoformat()}:{get_locale()}:{viewer}:{digest}"


def _storable(response, session_before: dict) -> bool:
    if response.status_code != 200 or response.mimetype != "text/html" \
            or response.direct_passthrough or response.headers.get("Set-Cookie"):
        return False
    changed = {key for key in set(session_before) | set(session)
               if session_before.get(key) != session.get(key)}
    return changed <= {current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")}


# Query parameters every cached page understands: its list's page, and the language.
_COMMON_ARGS = frozenset({"page", "lang"})


def cached_page(view=None, *, args: tuple[str, ...] = ()):
    """Serve a GET view's page from the cache while the data's generation holds.

    Put it outermost, over ``project_view``: a hit then costs the session's user, the
    generation and one read from the store (see the module's note on access). ``args``
    names the query parameters the view reads besides ``page`` and ``lang``: an address
    with any other is served uncached, so made-up addresses cannot push the real pages
    out of the store. Use as ``@cached_page`` or ``@cached_page(args=("q",))``."""
    if view is None:
        return functools.partial(cached_page, args=args)
    known = _COMMON_ARGS | set(args)

    @functools.wraps(view)
    def serve(*view_args, **kwargs):
        if not current_app.config["PAGE_CACHE"] or request.method != "GET" \
                or session.get("_flashes") or not known.issuperset(request.args):
            return view(*view_args, **kwargs)
        gen, viewer = _generation_and_viewer()
        if gen is None:
            return view(*view_args, **kwargs)
        key = _key(gen, viewer)
        stored = _store_call("get", key)
        if stored is not None:
            return _stored_response(*stored)
        session_before = dict(session)
        response = make_response(view(*view_args, **kwargs))
        if _storable(response, session_before):
            _store(key, response)
        return response

    return serve


def _stored_response(body: bytes, headers: list, token: str | None):
    if token:
        from flask_wtf.csrf import generate_csrf

        body = body.replace(token.encode(), generate_csrf().encode())
    response = current_app.response_class(body, headers=headers)
    response.headers["X-Page-Cache"] = "hit"
    return response


def _store(key: str, response) -> None:
    # The renderer's token stays in the stored page, to be replaced by each reader's own
    # (never a marker: a user's text could hold the marker).
    token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    headers = [(name, value) for name, value in response.headers.items()
               if name != "Content-Length"]
    # Bytes, as sent: a hit neither encodes the page nor decodes it from the store.
    _store_call("set", key, (response.get_data(), headers, token),
                timeout=current_app.config["PAGE_CACHE_SECONDS"])
    response.headers["X-Page-Cache"] = "miss"


def _store_call(method: str, *args, **kwargs):
    """The store's get or set; with the store away (Redis down) the page is rendered as if
    nothing were stored, and the outage is logged, not shown."""
    try:
        return getattr(cache, method)(*args, **kwargs)
    except Exception:  # whatever the backend raises: a cache must not break a page
        log.warning("page cache: %s failed", method, exc_info=True)
        return None


def reset() -> int:
    """After a restore the counter is back at the backup's value, which pages stored since
    were keyed with: move it past any value it can have had (it is raised by one per
    write, far fewer than a microsecond's worth), and empty the store. Returns the new
    generation."""
    import time

    db.session.execute(generation_table.update().values(
        value=generation_table.c.value + int(time.time() * 1_000_000)))
    clear()
    return db.session.scalar(sa.select(generation_table.c.value))


def clear() -> None:
    """Empty the store (after a database restore, and between tests)."""
    cache.clear()


def init_app(app) -> None:
    cache.init_app(app, config={
        "CACHE_TYPE": app.config["PAGE_CACHE_TYPE"],
        "CACHE_DEFAULT_TIMEOUT": app.config["PAGE_CACHE_SECONDS"],
        "CACHE_KEY_PREFIX": app.config["PAGE_CACHE_KEY_PREFIX"],
        "CACHE_REDIS_URL": app.config["PAGE_CACHE_REDIS_URL"],
        "CACHE_THRESHOLD": app.config["PAGE_CACHE_ENTRIES"],
    })
    track_writes(Session)
