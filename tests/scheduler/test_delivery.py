"""Mail after the commit, from the outbox: MAIL_DELIVERY = "after_commit" or "worker"."""

import pytest
from flask import has_request_context, request

from stedskaping import create_app, jobs
from stedskaping.db import unit_of_work
from stedskaping.notifications.operations import deliver_pending, queue_mail
from tests.fixtures.factories import make_user
from tests.fixtures.forms import submit


class Recorder:
    """A fake transport: what it was handed, and whether a request was being answered."""

    def __init__(self):
        self.delivered = []

    def deliver(self, message) -> None:
        # A job runs in a request context of its own, at the public address (links.py).
        in_request = has_request_context() and not request.environ.get("stedskaping.public_site")
        self.delivered.append((message.recipient, message.subject, message.body_text,
                               in_request))


def _use(app, monkeypatch, transport):
    monkeypatch.setitem(app.extensions, "stedskaping.mail_transport", transport)
    return transport


def test_after_commit_delivers_right_after_the_requests_commit(app, client, db, monkeypatch,
                                                               outbox):
    sent = _use(app, monkeypatch, Recorder())
    make_user(email="ola@example.no")
    assert app.config["MAIL_DELIVERY"] == "after_commit"  # the embedded default
    submit(client, "/password/forgot", {"email": "ola@example.no"})
    assert [(to, in_request) for to, _s, _b, in_request in sent.delivered] == [
        ("ola@example.no", True)]
    assert outbox()[0].sent_dt is not None


def test_worker_leaves_delivery_to_the_mail_job_which_sends_it_once(app, client, db,
                                                                   monkeypatch, outbox):
    sent = _use(app, monkeypatch, Recorder())
    monkeypatch.setitem(app.config, "MAIL_DELIVERY", "worker")
    make_user(email="ola@example.no")
    response = submit(client, "/password/forgot", {"email": "ola@example.no"})
    assert response.status_code == 302
    assert sent.delivered == []  # nothing talked to a mail server inside the request
    [waiting] = outbox()
    assert waiting.kind == "password_reset" and waiting.sent_dt is None
    assert jobs.run("mail") == 1
    assert jobs.run("mail") == 0
    assert [(to, in_request) for to, _s, _b, in_request in sent.delivered] == [
        ("ola@example.no", False)]
    assert outbox()[0].sent_dt is not None
    # `flask mail send` delivers the outbox the same way.
    submit(client, "/password/forgot", {"email": "ola@example.no"})
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 0 and "1 message(s) delivered" in result.output
    assert len(sent.delivered) == 2


def test_two_deliverers_at_once_send_a_message_once(app, db, monkeypatch, outbox):
    """While one deliverer hands a message on, a second one (the mail job, `flask mail
    send`) finds it held and leaves it alone."""
    monkeypatch.setitem(app.config, "MAIL_DELIVERY", "worker")
    seen = []

    class Slow:
        def deliver(self, message):
            seen.append(message.id)
            assert deliver_pending() == 0  # the other deliverer, meanwhile

    _use(app, monkeypatch, Slow())
    with unit_of_work():
        queue_mail(kind="test", recipient="a@example.no", locale="en", subject="Hello",
                   template="password_changed", user={"name": "A"})
    assert deliver_pending() == 1
    assert len(seen) == 1 and outbox()[0].sent_dt is not None


def test_an_unknown_delivery_mode_is_refused_at_start(tmp_path, monkeypatch):
    monkeypatch.setenv("STEDSKAPING_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="MAIL_DELIVERY must be one of after_commit, worker"):
        create_app({"SECRET_KEY": "k" * 32, "MAIL_DELIVERY": "later"})
