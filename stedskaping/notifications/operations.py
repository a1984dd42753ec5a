"""Queueing and delivering e-mail.

A message is written to the outbox in the transaction of the change it reports.
Who delivers it is ``MAIL_DELIVERY``: "after_commit" (the embedded default)
delivers it right after the commit; "worker" leaves it to the scheduler's
``mail`` job (or `flask mail send`), so that no request waits for a mail server.
Every deliverer first claims what it delivers, so two of them never send the
same message twice.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale

from stedskaping.db import after_commit, db, unit_of_work, utcnow
from stedskaping.links import public_site
from stedskaping.notifications import mailer
from stedskaping.notifications.models import OutboxMessage
from stedskaping.notifications.redact import redact

log = logging.getLogger(__name__)

# Messages that also have an HTML part (templates/mail/<name>.html).
HTML_TEMPLATES = {"notification", "digest"}
CLAIM = timedelta(minutes=10)  # a deliverer that died lets go of its messages after this
RETRY_PAUSE, RETRY_PAUSE_MAX = timedelta(minutes=5), timedelta(hours=6)
BATCH = 100


def _message(*, kind: str, recipient: str, locale: str | None, subject, template: str,
             user_id: int | None = None, **context) -> dict:
    """The outbox row of a mail: its texts rendered in the recipient's language."""
    locale = locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with public_site(), force_locale(locale):
        # A title typed with line breaks must not break the mail's header.
        subject_text = " ".join(str(subject).split())
        body = render_template(f"mail/{template}.txt", locale=locale, **context)
        html = None
        if template in HTML_TEMPLATES:
            html = render_template(f"mail/{template}.html", locale=locale, **context)
    return {"kind": kind, "recipient": recipient, "user_id": user_id, "locale": locale,
            "subject": subject_text, "body_text": body, "body_html": html}


def queue_mail(*, kind: str, recipient: str, locale: str | None, subject, template: str,
               user_id: int | None = None, **context) -> OutboxMessage:
    """Write an e-mail to the outbox in the recipient's language.

    ``subject`` is a lazy string, translated here in ``locale``; the body is
    ``templates/mail/<template>.txt``, its links at the public address
    (``stedskaping.links``). The message is delivered after the current
    transaction commits (``MAIL_DELIVERY``), and not at all if it rolls back.
    """
    message = OutboxMessage(**_message(kind=kind, recipient=recipient, locale=locale,
                                       subject=subject, template=template, user_id=user_id,
                                       **context))
    db.session.add(message)
    if current_app.config["MAIL_DELIVERY"] == mailer.AFTER_COMMIT:
        db.session.flush()
        _queue_delivery(message.id)
    return message


def queue_mails(mails: list[dict]) -> int:
    """Write several e-mails (each the arguments of :func:`queue_mail`) to the outbox by
    one insert, for the jobs that send many. Returns how many."""
    if not mails:
        return 0
    rows = [_message(**mail) for mail in mails]
    ids = db.session.scalars(sa.insert(OutboxMessage).values(rows)
                             .returning(OutboxMessage.id)).all()
    if current_app.config["MAIL_DELIVERY"] == mailer.AFTER_COMMIT:
        for message_id in ids:
            _queue_delivery(message_id)
    return len(ids)


_PENDING = "stedskaping.mail_pending"


def _queue_delivery(message_id: int) -> None:
    """Collect the transaction's messages and deliver them together after the commit."""
    pending = db.session.info.get(_PENDING)
    if pending is None:
        pending = db.session.info[_PENDING] = []

        after_commit(lambda: deliver(pending))
    pending.append(message_id)


def _due(now: datetime):
    return sa.and_(OutboxMessage.sent_dt.is_(None), sa.or_(
        OutboxMessage.next_attempt_dt.is_(None), OutboxMessage.next_attempt_dt <= now))


def _claim(message_ids: list[int]) -> list[int]:
    """Take the messages no one else holds (committed, so that others see it)."""
    now = utcnow()
    with unit_of_work():
        claimed = db.session.scalars(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id.in_(message_ids), _due(now))
            .values(next_attempt_dt=now + CLAIM)
            .returning(OutboxMessage.id)).all()
    return list(claimed)


def deliver(message_ids: list[int]) -> int:
    """Deliver the given unsent messages; returns how many went out.

    Runs after a commit, never inside the transaction of a change. A failure is
    recorded on the message, which is tried again after a pause (5 minutes,
    doubling with each attempt, at most 6 hours); a delivered message keeps its
    text without the tokens of its links.
    """
    claimed = _claim(message_ids) if message_ids else []
    if not claimed:
        return 0
    transport, sent = mailer.transport(), 0
    with unit_of_work():  # the deliverer's own unit of work, after the change's commit
        messages = db.session.scalars(sa.select(OutboxMessage).where(
            OutboxMessage.id.in_(claimed)).order_by(OutboxMessage.id)).all()
        for message in messages:
            try:
                transport.deliver(message)
            except Exception as exc:
                _failed(message, exc)
                if isinstance(exc, mailer.UNREACHABLE):
                    break  # the rest wait for their claim to lapse, then try again
            else:
                _sent(message)
                sent += 1
    return sent


def _sent(message: OutboxMessage) -> None:
    message.attempts += 1
    message.sent_dt, message.next_attempt_dt = utcnow(), None
    # Delivered: the stored copy no longer needs the links' secrets.
    message.body_text, message.body_html = redact(message.body_text), redact(message.body_html)


def _failed(message: OutboxMessage, exc: Exception) -> None:
    log.warning("mail %s to %s failed: %s", message.id, message.recipient, exc)
    message.attempts += 1
    message.last_error = str(exc)[:2000]
    message.next_attempt_dt = utcnow() + min(RETRY_PAUSE * 2 ** (message.attempts - 1),
                                             RETRY_PAUSE_MAX)


def deliver_pending() -> int:
    """Deliver every message that is due: not sent, not held, its pause over (for the
    scheduler's ``mail`` job and `flask mail send`). Returns how many went out."""
    sent, after = 0, 0
    while ids := db.session.scalars(
            sa.select(OutboxMessage.id)
            .where(_due(utcnow()), OutboxMessage.id > after)
            .order_by(OutboxMessage.id).limit(BATCH)).all():
        sent += deliver(list(ids))
        after = ids[-1]
    return sent
