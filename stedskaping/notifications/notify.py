"""In-app notifications, mailed at once or gathered in digests, each made exactly once.

A notice's ``key`` is unique: it is inserted with the database's own "insert ...
on conflict do nothing", so a repeat (a second run, a second process) makes nothing
and leaves the transaction intact, without a savepoint per notice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.dialects import postgresql, sqlite

from stedskaping import links, pages, plugins
from stedskaping.db import db, utcnow
from stedskaping.notifications import notices
from stedskaping.notifications.models import (
    DAILY,
    IMMEDIATE,
    MODES,
    OFF,
    WEEKLY,
    Notification,
    NotificationPreference,
)
from stedskaping.notifications.operations import queue_mail, queue_mails

_MODES = "stedskaping.notification_modes"  # per transaction: dropped at commit/rollback


def kinds() -> dict:
    """Every kind of notice, {key: label}: the domains register theirs
    (``registry.notification_kind``), and people choose how to get each one."""
    return {key: kind.label for key, kind in plugins.current().notification_kinds.items()}


def _default_mode(kind: str) -> str:
    spec = plugins.current().notification_kinds.get(kind)
    return spec.default_mode if spec else IMMEDIATE


def mode_for(user_id: int, kind: str) -> str:
    # Jobs notify many people in one transaction: ask the database once per person.
    cache = db.session.info.setdefault(_MODES, {})
    if (user_id, kind) not in cache:
        chosen = db.session.scalar(sa.select(NotificationPreference.mode).where(
            NotificationPreference.user_id == user_id, NotificationPreference.kind == kind))
        cache[(user_id, kind)] = chosen or _default_mode(kind)
    return cache[(user_id, kind)]


def due_today(mode: str, today: date) -> bool:
    """Is a digest of this mode due today (daily; weekly on Mondays)?"""
    return mode == DAILY or (mode == WEEKLY and today.weekday() == 0)


def set_preferences(user, modes: dict[str, str]) -> None:
    existing = {p.kind: p for p in db.session.scalars(sa.select(NotificationPreference).where(
        NotificationPreference.user_id == user.id))}
    db.session.info.pop(_MODES, None)
    for kind, mode in modes.items():
        if kind not in kinds() or mode not in MODES:
            continue
        if kind in existing:
            existing[kind].mode = mode
        else:
            db.session.add(NotificationPreference(user_id=user.id, kind=kind, mode=mode))
    db.session.flush()


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="unsubscribe")


def unsubscribe_token(user_id: int, kind: str) -> str:
    return _serializer().dumps({"u": user_id, "k": kind})


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in kinds():
        return None
    return int(data["u"]), data["k"]


def recipients(user_ids) -> dict:
    """{user id: row of (id, email, locale, name)}: what a notice or its mail needs, as
    plain rows, which (unlike User objects) are not loaded again after a commit."""
    ids = list(user_ids)
    if not ids:
        return {}
    # The accounts' table, read by name: notifications sit below accounts and know
    # people only by these columns.
    users = db.metadata.tables["user"]
    return {row.id: row for row in db.session.execute(
        sa.select(users.c.id, users.c.email, users.c.locale, users.c.name)
        .where(users.c.id.in_(ids)))}


def add_once(**values) -> int | None:
    """Insert a notification unless one with its ``key`` exists; the new row's id, or None.

    "Insert ... on conflict do nothing" on the unique key: on PostgreSQL a concurrent
    insert of the same key waits for the other transaction and then does nothing.
    """
    return db.session.scalar(_insert_once(db.session.get_bind().dialect.name), values)


@cache
def _insert_once(dialect_name: str):
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    return (dialect.insert(Notification).on_conflict_do_nothing(index_elements=["key"])
            .returning(Notification.id))


def notify(user, kind: str, key: str, notice: str, *, link: str | None = None, **params):
    """Make a notification unless one with ``key`` exists; mail it if the user wants it
    at once. ``notice`` names one of the texts the kind declared
    (``registry.notification_kind(kind, label, notices={notice: Notice(title, body)})``);
    ``params`` fill them in and are stored, so the notice is rendered when read, in the
    reader's language of that moment (``notifications.notices``). ``user`` needs ``id``,
    ``email`` and ``locale`` (a User or a plain row). Returns the notification (not in
    the session), or None when it existed or is off."""
    notices.check(kind, notice)
    mode = mode_for(user.id, kind)
    if mode == OFF:
        return None
    values = {"key": key[:200], "user_id": user.id, "kind": kind, "message": notice,
              "params": notices.encode(params), "link": link,
              "digest_mode": None if mode == IMMEDIATE else mode,
              "mailed_dt": utcnow() if mode == IMMEDIATE else None}
    made = add_once(**values)
    if made is None:
        return None  # made before (by this job's earlier run, or another process)
    notification = Notification(id=made, **values)
    if mode == IMMEDIATE:
        lang = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
        shown = notices.render(notification, lang)
        queue_mail(kind=kind, recipient=user.email, user_id=user.id, locale=lang,
                   subject=shown.title, template="notification", notification=shown,
                   unsubscribe=unsubscribe_url(user.id, kind), kind_label=kinds()[kind])
    return notification


@dataclass(frozen=True)
class Wanted:
    """One notice a job wants to make: the arguments of :func:`notify`."""

    user: object  # needs id, email, locale (a User or a plain row)
    kind: str
    key: str
    notice: str
    link: str | None = None
    params: dict = field(default_factory=dict)


def _modes(pairs: set[tuple[int, str]]) -> dict[tuple[int, str], str]:
    """{(user id, kind): mode} for many people at once: one query for those not known
    in this transaction yet."""
    cache = db.session.info.setdefault(_MODES, {})
    missing = pairs - cache.keys()
    if missing:
        chosen = dict.fromkeys(missing)
        for user_id, kind, mode in db.session.execute(
                sa.select(NotificationPreference.user_id, NotificationPreference.kind,
                          NotificationPreference.mode)
                .where(NotificationPreference.user_id.in_({u for u, _k in missing}),
                       NotificationPreference.kind.in_({k for _u, k in missing}))):
            if (user_id, kind) in chosen:
                chosen[(user_id, kind)] = mode
        cache.update({pair: mode or _default_mode(pair[1]) for pair, mode in chosen.items()})
    return {pair: cache[pair] for pair in pairs}


def notify_all(wanted: list[Wanted]) -> int:
    """Make many notifications as :func:`notify` makes one, in a few queries however many
    there are: the people's choices in one query, the notifications in one insert (those
    whose ``key`` exists are left out), their e-mails in one more. For the jobs, which
    call it once per batch. Returns how many notifications were made."""
    modes = _modes({(w.user.id, w.kind) for w in wanted})
    rows, by_key = [], {}
    for w in wanted:
        notices.check(w.kind, w.notice)
        mode = modes[(w.user.id, w.kind)]
        key = w.key[:200]
        if mode == OFF or key in by_key:
            continue
        values = {"key": key, "user_id": w.user.id, "kind": w.kind, "message": w.notice,
                  "params": notices.encode(w.params), "link": w.link,
                  "digest_mode": None if mode == IMMEDIATE else mode,
                  "mailed_dt": utcnow() if mode == IMMEDIATE else None,
                  "created_dt": utcnow()}
        rows.append(values)
        by_key[key] = (w, mode, values)
    if not rows:
        return 0
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    made = db.session.execute(
        dialect.insert(Notification).values(rows)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(Notification.id, Notification.key)).all()
    mails = []
    for made_id, key in made:
        w, mode, values = by_key[key]
        if mode != IMMEDIATE:
            continue
        lang = w.user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
        shown = notices.render(Notification(id=made_id, **values), lang)
        mails.append({"kind": w.kind, "recipient": w.user.email, "user_id": w.user.id,
                      "locale": lang, "subject": shown.title, "template": "notification",
                      "notification": shown, "unsubscribe": unsubscribe_url(w.user.id, w.kind),
                      "kind_label": kinds()[w.kind]})
    queue_mails(mails)
    return len(made)


def unsubscribe_url(user_id: int, kind: str) -> str:
    return links.link("notifications.unsubscribe", token=unsubscribe_token(user_id, kind))


def unread_count_sql(user_id: int) -> sa.ScalarSelect:
    """The number of the person's unread notices, as a subquery (the page cache reads it
    in the query that reads its generation)."""
    return sa.select(sa.func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.read_dt.is_(None)).scalar_subquery()


def unread_count(user_id: int) -> int:
    return db.session.scalar(sa.select(unread_count_sql(user_id)))


def mark_all_read(user_id: int) -> None:
    db.session.execute(sa.update(Notification).where(
        Notification.user_id == user_id, Notification.read_dt.is_(None)).values(
        read_dt=utcnow()))


def shown_to(user_id: int) -> pages.Page:
    """A page of the person's notices, newest first (the index on ``(user_id, id)``
    serves it), rendered in the language of the moment."""
    page = pages.paginate(sa.select(Notification).where(Notification.user_id == user_id)
                          .order_by(Notification.id.desc()))
    page.items = [notices.render(n) for n in page.items]
    return page
