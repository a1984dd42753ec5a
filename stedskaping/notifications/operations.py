"""Queueing and delivering e-mail."""

from __future__ import annotations

import logging
from contextlib import nullcontext

import sqlalchemy as sa
from flask import current_app, has_request_context, render_template
from flask_babel import force_locale

from stedskaping.db import after_commit, commit, db, utcnow
from stedskaping.notifications import mailer
from stedskaping.notifications.models import OutboxMessage

log = logging.getLogger(__name__)


def queue_mail(*, kind: str, recipient: str, locale: str | None, subject, template: str,
               user_id: int | None = None, **context) -> OutboxMessage:
    """Write an e-mail to the outbox in the recipient's language.

    ``subject`` is a lazy string, translated here in ``locale``; the body is
    ``templates/mail/<template>.txt``. The message is delivered after the
    current transaction commits, and not at all if it rolls back.
    """
    locale = locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    # Jobs and commands have no request: links in the mail use BASE_URL.
    request_ctx = nullcontext() if has_request_context() else current_app.test_request_context(
        base_url=current_app.config["BASE_URL"])
    with request_ctx, force_locale(locale):
        subject_text = str(subject)
        body = render_template(f"mail/{template}.txt", locale=locale, **context)
    message = OutboxMessage(
        kind=kind, recipient=recipient, user_id=user_id, locale=locale,
        subject=subject_text, body_text=body,
    )
    db.session.add(message)
    db.session.flush()
    message_id = message.id
    after_commit(lambda: deliver([message_id]))
    return message


def deliver(message_ids: list[int]) -> int:
    """Deliver the given unsent messages; returns how many went out.

    Runs after a commit, in its own small transaction per message. A failure
    is recorded on the message and leaves it unsent for a later retry.
    """
    sent = 0
    for message_id in message_ids:
        message = db.session.get(OutboxMessage, message_id)
        if message is None or message.sent_dt is not None:
            continue
        message.attempts += 1
        try:
            mailer.transport().deliver(message)
        except Exception as exc:
            log.warning("mail %s to %s failed: %s", message.id, message.recipient, exc)
            message.last_error = str(exc)[:2000]
        else:
            message.sent_dt = utcnow()
            sent += 1
        commit()
    return sent


def deliver_pending(limit: int = 100) -> int:
    """Retry messages that are still unsent (for the scheduler and `flask mail send`)."""
    ids = db.session.scalars(
        sa.select(OutboxMessage.id)
        .where(OutboxMessage.sent_dt.is_(None))
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    return deliver(list(ids))
