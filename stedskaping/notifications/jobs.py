"""The notifications' sweeps: digests of the notices people chose to get daily or
weekly, and the delivery of the mail outbox."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date

import sqlalchemy as sa
from flask import current_app

from stedskaping import jobs as runner
from stedskaping.db import commit, db, utcnow
from stedskaping.jobs import in_batches, link
from stedskaping.notifications import notices
from stedskaping.notifications.models import DAILY, WEEKLY, Notification
from stedskaping.notifications.notify import Wanted, due_today, notify_all, recipients
from stedskaping.notifications.operations import deliver_pending, queue_mail
from stedskaping.text import _l


def notify_in_batches(items, wanted_of: Callable[[object], list[Wanted]],
                      after: Callable[[list], None] | None = None) -> int:
    """For the sweeps: the notices ``wanted_of(item)`` for each item, made BATCH items at a
    time by :func:`notify_all` (a few queries per batch, not per notice), then
    ``after(batch)`` (what the sweep marks on those items), then a commit. Returns how
    many notifications were made. What ``wanted_of`` reads should be plain rows."""
    items, made, size = list(items), 0, runner.BATCH
    for start in range(0, len(items), size):
        batch = items[start:start + size]
        made += notify_all([w for item in batch for w in wanted_of(item)])
        if after is not None:
            after(batch)
        commit()
    return made


def notification_digests(today: date) -> int:
    """One mail per person with the notices waiting for their daily or weekly digest."""
    modes = [m for m in (DAILY, WEEKLY) if due_today(m, today)]
    # Plain rows (a batch commit does not reload them), rendered when mailed.
    pending = db.session.execute(
        sa.select(Notification.id, Notification.user_id, Notification.kind,
                  Notification.message, Notification.params, Notification.title,
                  Notification.body, Notification.link)
        .where(Notification.digest_mode.in_(modes), Notification.mailed_dt.is_(None))
        .order_by(Notification.user_id, Notification.id)).all()
    by_user = defaultdict(list)
    for notification in pending:
        by_user[notification.user_id].append(notification)
    users = recipients(by_user)

    def send(user_id) -> int:
        user, items = users[user_id], by_user[user_id]
        claimed = db.session.execute(sa.update(Notification).where(
            Notification.id.in_([n.id for n in items]), Notification.mailed_dt.is_(None))
            .values(mailed_dt=utcnow())).rowcount
        if not claimed:
            return 0
        # In the language the person reads now, not the one of the day of the notice.
        lang = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
        queue_mail(kind="digest", recipient=user.email, user_id=user.id, locale=lang,
                   subject=_l("Your stedskaping summary"), template="digest", user=user,
                   intro=_l("What happened in your projects:"),
                   items=[notices.render(n, lang) for n in items],
                   settings_url=link("notifications.settings"))
        return 1

    return in_batches(list(by_user), send)


def mail(today: date) -> int:
    """Deliver the outbox: every message with MAIL_DELIVERY = "worker", and the ones a
    delivery right after the commit could not send (tried again after a pause)."""
    return deliver_pending()


def register(registry) -> None:
    registry.job("notification_digests", notification_digests,
                 {"trigger": "cron", "hour": 7, "minute": 30},
                 "the digests of notices people chose to get daily or weekly")
    registry.job("mail", mail, {"trigger": "interval", "minutes": 1},
                 "e-mail: deliver the outbox, retry failed messages")
