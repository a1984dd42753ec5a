import socketserver
import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from stedskaping.db import unit_of_work
from stedskaping.notifications import mailer
from stedskaping.notifications.operations import deliver_pending, queue_mail
from tests.fixtures.factories import make_user
from tests.fixtures.forms import submit


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough of SMTP (RFC 5321) to receive one message."""

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 test SMTP ready")
        while line := self.rfile.readline():
            command = line.decode().strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 test")
            elif command.startswith(("MAIL", "RCPT")):
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 go ahead")
                data = b""
                while (chunk := self.rfile.readline()) != b".\r\n":
                    data += chunk
                self.server.received.append(data.decode())
                self.reply("250 queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_smtp_transport_sends_the_message(app, db, smtp_server, outbox):
    config = {**app.config, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp_server.server_address[1],
              "SMTP_STARTTLS": False, "SMTP_USERNAME": None}
    previous = app.extensions["stedskaping.mail_transport"]
    app.extensions["stedskaping.mail_transport"] = mailer.SMTPTransport(config)
    try:
        with unit_of_work():
            queue_mail(kind="test", recipient="ola@example.no", locale="nb",
                       subject="Hei", template="password_changed", user={"name": "Ola"})
    finally:
        app.extensions["stedskaping.mail_transport"] = previous
    [raw] = smtp_server.received
    assert "To: ola@example.no" in raw and "Subject: Hei" in raw
    assert outbox()[0].sent_dt is not None


def test_a_failed_delivery_stays_in_the_outbox_for_a_retry(app, db, outbox):
    config = {**app.config, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": 9, "SMTP_TIMEOUT": 2}
    previous = app.extensions["stedskaping.mail_transport"]
    app.extensions["stedskaping.mail_transport"] = mailer.SMTPTransport(config)
    try:
        with unit_of_work():
            queue_mail(kind="test", recipient="ola@example.no", locale="en",
                       subject="Hello", template="password_changed", user={"name": "Ola"})
    finally:
        app.extensions["stedskaping.mail_transport"] = previous
    [message] = outbox()
    assert message.sent_dt is None and message.attempts == 1 and message.last_error
    assert deliver_pending() == 0  # tried again after a pause, not at once
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=6), tick=False):
        assert deliver_pending() == 1
        assert deliver_pending() == 0
    assert outbox()[0].sent_dt is not None and outbox()[0].attempts == 2


def test_mail_is_written_in_the_recipients_language(client, db, outbox):
    make_user(email="ola@example.no", locale="en")
    submit(client, "/password/forgot?lang=nb", {"email": "ola@example.no"})
    [mail] = outbox(kind="password_reset")
    assert mail.locale == "en"
    assert mail.subject == "Reset your password"
    assert "Open this link" in mail.body_text


def test_a_subject_with_line_breaks_stays_one_header_line(app, db, outbox):
    from stedskaping.notifications.operations import queue_mail

    queue_mail(kind="test", recipient="a@example.no", locale="en",
               subject="Parken\r\nBcc: x@example.org", template="password_changed",
               user=make_user())
    [mail] = outbox(kind="test")
    assert mail.subject == "Parken Bcc: x@example.org"
