"""Queueing and delivering e-mail."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale

from stedskaping.db import after_commit, commit, db, utcnow
from stedskaping.links import public_site
from stedskaping.notifications import mailer
from stedskaping.notifications.models import OutboxMessage
from stedskaping.notifications.redact import redact

log = logging.getLogger(__name__)

# Messages that also have an HTML part (templates/mail/<name>.html).
HTML_TEMPLATES = {"notification", "digest"}


def queue_mail(*, kind: str, recipient: str, locale: str | None, subject, template: str,
               user_id: int | None = None, **context) -> OutboxMessage:
    """Write an e-mail to the outbox in the recipient's language.

    ``subject`` is a lazy string, translated here in ``locale``; the body is
    ``templates/mail/<template>.txt``, its links at the public address
    (``stedskaping.links``), wherever the mail is written. The message is
    delivered after the current transaction commits, and not at all if it rolls back.
    """
    locale = locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with public_site(), force_locale(locale):
        subject_text = str(subject)
        body = render_template(f"mail/{template}.txt", locale=locale, **context)
        html = None
        if template in HTML_TEMPLATES:
            html = render_template(f"mail/{template}.html", locale=locale, **context)
    message = OutboxMessage(
        kind=kind, recipient=recipient, user_id=user_id, locale=locale,
        subject=subject_text, body_text=body, body_html=html,
    )
    db.session.add(message)
    db.session.flush()
    _queue_delivery(message.id)
    return message


_PENDING = "stedskaping.mail_pending"


def _queue_delivery(message_id: int) -> None:
    """Collect the transaction's messages and deliver them together after the commit."""
    pending = db.session.info.get(_PENDING)
    if pending is None:
        pending = db.session.info[_PENDING] = []

        after_commit(lambda: deliver(pending))
    pending.append(message_id)


def deliver(message_ids: list[int]) -> int:
    """Deliver the given unsent messages; returns how many went out.

    Runs after a commit, in one small transaction of its own. A failure is
    recorded on the message and leaves it unsent for a later retry; a delivered
    message keeps its text without the tokens of its links.
    """
    if not message_ids:
        return 0
    messages = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.id.in_(message_ids), OutboxMessage.sent_dt.is_(None))).all()
    transport, now, sent = mailer.transport(), utcnow(), []
    for message in messages:
        message.attempts += 1
        try:
            transport.deliver(message)
        except Exception as exc:
            log.warning("mail %s to %s failed: %s", message.id, message.recipient, exc)
            message.last_error = str(exc)[:2000]
        else:
            message.sent_dt = now
            # Delivered: the stored copy no longer needs the links' secrets.
            message.body_text, message.body_html = (redact(message.body_text),
                                                    redact(message.body_html))
            sent.append(message.id)
    commit()
    return len(sent)


def deliver_pending(limit: int = 100) -> int:
    """Retry messages that are still unsent (for the scheduler and `flask mail send`)."""
    ids = db.session.scalars(
        sa.select(OutboxMessage.id)
        .where(OutboxMessage.sent_dt.is_(None))
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    return deliver(list(ids))
