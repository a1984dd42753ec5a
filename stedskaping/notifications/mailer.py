"""Mail transports behind one interface, chosen by MAIL_TRANSPORT; MAIL_DELIVERY says when.

``outbox`` (the embedded default) keeps the message in the outbox table and
logs it, which is all a development machine needs; ``smtp`` sends it too.
"""

from __future__ import annotations

import logging
import smtplib
import socket
from email.message import EmailMessage
from typing import Protocol

from flask import current_app

from stedskaping.notifications.models import OutboxMessage

log = logging.getLogger("stedskaping.mail")


# Who delivers the outbox (MAIL_DELIVERY): right after each commit, or the scheduler's
# mail job / `flask mail send` (see notifications/operations.py).
AFTER_COMMIT, WORKER = "after_commit", "worker"
DELIVERY_MODES = (AFTER_COMMIT, WORKER)

# Failures that say the server cannot be reached (as opposed to a refused message).
UNREACHABLE = (ConnectionError, TimeoutError, socket.gaierror, smtplib.SMTPConnectError,
               smtplib.SMTPServerDisconnected)


class Transport(Protocol):
    def deliver(self, message: OutboxMessage) -> None:
        """Hand the message on, or raise."""


class LogTransport:
    def deliver(self, message: OutboxMessage) -> None:
        log.info(
            "mail to %s [%s] %s\n%s", message.recipient, message.locale, message.subject,
            message.body_text,
        )


class SMTPTransport:
    def __init__(self, config):
        self.config = config

    def deliver(self, message: OutboxMessage) -> None:
        cfg = self.config
        email = EmailMessage()
        email["From"] = cfg["MAIL_FROM"]
        email["To"] = message.recipient
        email["Subject"] = message.subject
        email["Content-Language"] = message.locale
        email.set_content(message.body_text)
        if message.body_html:
            email.add_alternative(message.body_html, subtype="html")
        with smtplib.SMTP(cfg["SMTP_HOST"], cfg["SMTP_PORT"], timeout=cfg["SMTP_TIMEOUT"]) as smtp:
            if cfg["SMTP_STARTTLS"]:
                smtp.starttls()
            if cfg["SMTP_USERNAME"]:
                smtp.login(cfg["SMTP_USERNAME"], cfg["SMTP_PASSWORD"] or "")
            smtp.send_message(email)
        log.info("mail to %s sent by SMTP: %s", message.recipient, message.subject)


TRANSPORTS = {"outbox": lambda config: LogTransport(), "smtp": SMTPTransport}


def transport() -> Transport:
    return current_app.extensions["stedskaping.mail_transport"]


def init_app(app) -> None:
    if app.config["MAIL_DELIVERY"] not in DELIVERY_MODES:
        raise RuntimeError(f"MAIL_DELIVERY must be one of {', '.join(DELIVERY_MODES)}, "
                           f"not {app.config['MAIL_DELIVERY']!r}")
    name = app.config["MAIL_TRANSPORT"]
    if name not in TRANSPORTS:
        raise RuntimeError(
            f"MAIL_TRANSPORT must be one of {', '.join(TRANSPORTS)}, not {name!r}"
        )
    app.extensions["stedskaping.mail_transport"] = TRANSPORTS[name](app.config)
