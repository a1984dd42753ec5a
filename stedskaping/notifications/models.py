from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from stedskaping.db import created, db, intpk, user_fk, user_ref


class OutboxMessage(db.Model):
    """An e-mail, written in the same transaction as the change it reports.

    It is delivered after the commit (right after it, or by the scheduler's mail
    job: ``MAIL_DELIVERY``); a rolled-back change leaves no message. ``sent_dt``
    stays empty until a transport has taken the message. ``next_attempt_dt`` is
    set while a deliverer holds the message, and after a failure to the time of
    the next try; until then no one else tries it.
    """

    __tablename__ = "outbox_message"
    __table_args__ = (sa.Index("ix_outbox_message_unsent", "id",
                               sqlite_where=sa.text("sent_dt IS NULL"),
                               postgresql_where=sa.text("sent_dt IS NULL")),)

    id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(sa.String(64))
    recipient: Mapped[str] = mapped_column(sa.String(254))
    user_id: Mapped[user_ref | None] = mapped_column(index=True)
    locale: Mapped[str] = mapped_column(sa.String(8))
    subject: Mapped[str] = mapped_column(sa.String(255))
    body_text: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str | None] = mapped_column(sa.Text)
    created_dt: Mapped[created] = mapped_column(index=True)
    sent_dt: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_dt: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(sa.Text)


# How a user wants each kind of notification: mailed at once, gathered in a daily or
# weekly digest, or not at all. The in-app list shows every notification not "off".
IMMEDIATE, DAILY, WEEKLY, OFF = "immediate", "daily", "weekly", "off"
MODES = (IMMEDIATE, DAILY, WEEKLY, OFF)


class Notification(db.Model):
    """One notice to one person. ``key`` is unique: the same notice is never made twice,
    however often or in however many processes a job runs.

    ``message`` names one of the kind's declared notices and ``params`` holds its
    parameters: the texts are rendered when read, in the reader's language
    (``notifications.notices``). ``title`` and ``body`` hold the text of notices made
    before that (rendered at creation), which are shown as they were written."""

    __tablename__ = "notification"
    __table_args__ = (sa.Index("ix_notification_user_unread", "user_id", "read_dt"),
                      sa.Index("ix_notification_user", "user_id", "id"),  # the inbox's pages
                      sa.Index("ix_notification_digest", "digest_mode", "mailed_dt"))

    id: Mapped[intpk]
    key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    message: Mapped[str | None] = mapped_column(sa.String(60))
    params: Mapped[dict | None] = mapped_column(sa.JSON)
    title: Mapped[str | None] = mapped_column(sa.String(300))
    body: Mapped[str | None] = mapped_column(sa.Text)
    link: Mapped[str | None] = mapped_column(sa.String(500))
    created_dt: Mapped[created]
    read_dt: Mapped[datetime | None]
    # daily / weekly: waiting for the digest until mailed_dt is set
    digest_mode: Mapped[str | None] = mapped_column(sa.String(10))
    mailed_dt: Mapped[datetime | None]


class NotificationPreference(db.Model):
    __tablename__ = "notification_preference"
    __table_args__ = (sa.UniqueConstraint("user_id", "kind"),)

    id: Mapped[intpk]
    user_id: Mapped[user_fk]
    kind: Mapped[str] = mapped_column(sa.String(40))
    mode: Mapped[str] = mapped_column(sa.String(10))
