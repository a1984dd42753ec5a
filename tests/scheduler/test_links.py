"""Links in e-mails at the public address, and `flask serve` pointing them at itself."""

import re
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
import time_machine

from stedskaping import jobs, links
from stedskaping.notifications.models import Notification
from tests.fixtures.factories import make_project, make_user
from tests.fixtures.forms import submit

START = date(2027, 1, 4)


def test_links_in_mails_use_the_public_address_not_the_requests_host(app, client, db,
                                                                     mailbox, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://stedskaping.example.no")
    make_user(email="ola@example.no")
    host = {"Host": "attacker.example"}  # a forged Host header
    page = client.get("/password/forgot", headers=host).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/password/forgot", headers=host,
                           data={"csrf_token": token, "email": "ola@example.no"})
    assert response.status_code == 302
    body = mailbox.last("password_reset").body_text
    assert "https://stedskaping.example.no/password/reset/" in body
    assert "attacker.example" not in body


def test_links_in_notices_made_by_jobs_use_the_public_address(app, db, monkeypatch, outbox):
    monkeypatch.setitem(app.config, "BASE_URL", "https://stedskaping.example.no/")
    project = make_project(start_on=START)
    day = START + timedelta(days=4)  # "Describe the idea" is due in 3 days
    with time_machine.travel(datetime.combine(day, time(6), tzinfo=UTC), tick=False):
        assert jobs.run("reminders", day) == 1
    notice = db.session.scalar(sa.select(Notification).where(
        Notification.kind == "task_reminder"))
    assert notice.link.startswith(f"https://stedskaping.example.no/projects/{project.id}/")
    [mail] = outbox(kind="task_reminder")
    assert "https://stedskaping.example.no/notifications/unsubscribe/" in mail.body_text


def test_the_public_address_falls_back_to_server_name(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", None)
    assert links.base_url() == links.FALLBACK
    monkeypatch.setitem(app.config, "SERVER_NAME", "sted.example.no")
    monkeypatch.setitem(app.config, "PREFERRED_URL_SCHEME", "https")
    assert links.base_url() == "https://sted.example.no"


def test_flask_serve_points_links_in_mails_at_its_own_port(app, db, mailbox, monkeypatch):
    """`make run PORT=5101` runs `flask serve --port 5101`: mails link to 5101."""
    import werkzeug.serving

    monkeypatch.setitem(app.config, "BASE_URL", None)
    make_user(email="ola@example.no")
    served = []

    def run_simple(host, port, application, **options):  # instead of serving: one visit
        served.append((host, port))
        submit(application.test_client(), "/password/forgot", {"email": "ola@example.no"})

    monkeypatch.setattr(werkzeug.serving, "run_simple", run_simple)
    result = app.test_cli_runner().invoke(args=["serve", "--port", "5101", "--no-scheduler"])
    assert result.exit_code == 0, result.output
    assert served == [("127.0.0.1", 5101)]
    assert "http://127.0.0.1:5101/password/reset/" in mailbox.last("password_reset").body_text
    # A configured address wins over the server's own.
    monkeypatch.setitem(app.config, "BASE_URL", "https://stedskaping.example.no")
    app.test_cli_runner().invoke(args=["serve", "--port", "5101", "--no-scheduler"])
    assert app.config["BASE_URL"] == "https://stedskaping.example.no"
    assert "https://stedskaping.example.no/password/reset/" in mailbox.last().body_text


def test_serving_on_every_interface_links_to_this_machine():
    from stedskaping.cli import serving_address

    assert serving_address("0.0.0.0", 5101) == "http://127.0.0.1:5101"  # noqa: S104
    assert serving_address("::1", 8000) == "http://[::1]:8000"
    assert serving_address("192.168.1.20", 5000) == "http://192.168.1.20:5000"
