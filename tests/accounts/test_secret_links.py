"""Links that open something: the calendar feed's address, team invitations, and how the
outbox shows them."""

import pytest
import sqlalchemy as sa

from stedskaping.accounts import tokens
from stedskaping.notifications.redact import redact
from stedskaping.projects import team
from stedskaping.projects.models import ProjectEvent, ProjectInvitation
from stedskaping.projects.operations import ProjectError
from tests.fixtures.factories import add_member, make_facilitator, make_project, make_user
from tests.fixtures.forms import submit


def _rotate(client, project):
    home = f"/projects/{project.id}/home"
    return submit(client, f"/projects/{project.id}/calendar/rotate", {}, page=home)


def test_initiator_makes_a_new_calendar_address_and_the_old_one_stops(client, db, login_as):
    initiator = make_user()
    project = make_project(initiator=initiator)
    old = f"/calendar/{project.calendar_token}.ics"
    assert client.get(old).status_code == 200
    login_as(initiator)
    home = client.get(f"/projects/{project.id}/home?lang=en").get_data(as_text=True)
    assert "Make a new calendar address" in home
    assert "the old address stops working at once" in home
    response = _rotate(client, project)
    assert response.status_code == 302
    db.session.expire_all()
    assert client.get(old).status_code == 404
    assert client.get(f"/calendar/{project.calendar_token}.ics").status_code == 200
    home = client.get(f"/projects/{project.id}/home?lang=en").get_data(as_text=True)
    assert f"/calendar/{project.calendar_token}.ics" in home
    assert "made a new calendar address" in home
    assert db.session.scalar(sa.select(ProjectEvent.kind).where(
        ProjectEvent.kind == "calendar_rotated")) == "calendar_rotated"


def test_only_the_initiator_may_rotate_the_calendar_address(client, db, login_as):
    project = make_project()
    token = project.calendar_token
    member = add_member(project)
    facilitator = make_facilitator(project.municipality)
    for who in (member, facilitator, make_user()):
        login_as(who)
        html = client.get(f"/projects/{project.id}/home?lang=en").get_data(as_text=True)
        assert "Make a new calendar address" not in html
        assert _rotate(client, project).status_code == 403
    db.session.expire_all()
    assert project.calendar_token == token


def test_rotating_needs_a_post_with_csrf(client, db, login_as):
    initiator = make_user()
    project = make_project(initiator=initiator)
    login_as(initiator)
    url = f"/projects/{project.id}/calendar/rotate"
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 400
    assert submit(client, "/projects/999999/calendar/rotate", {},
                  page=f"/projects/{project.id}/home").status_code == 404


def test_team_invitation_token_is_stored_as_a_hash_and_hidden_in_the_outbox(
        client, db, login_as, outbox, mailbox):
    initiator = make_user()
    project = make_project(initiator=initiator)
    login_as(initiator)
    submit(client, f"/projects/{project.id}/team/invite",
           {"email": "nora@example.no", "role": "team_member"},
           page=f"/projects/{project.id}/team")
    token = mailbox.link("project_invitation").rsplit("/", 1)[1]
    invitation = db.session.scalar(sa.select(ProjectInvitation))
    assert invitation.token_hash == tokens.hash_token(token)
    [mail] = outbox(kind="project_invitation")
    assert token not in mail.body_text and "/invitations/•••" in mail.body_text
    login_as(make_user(is_admin=True))
    assert token not in client.get("/admin/outbox").get_data(as_text=True)


def test_an_unconfirmed_account_cannot_answer_a_team_invitation(db):
    initiator = make_user()
    project = make_project(initiator=initiator)
    token = team.invite(project, initiator, "nora@example.no", "team_member", "en")
    squatter = make_user(email="nora@example.no", is_confirmed=False)
    with pytest.raises(ProjectError):
        team.answer(token, squatter, True)
    assert project.member(squatter.id) is None


def test_redaction_covers_every_route_with_a_token(app):
    with app.test_request_context():
        text = ("http://x/password/reset/abc-DEF_1 http://x/account/confirm/Zz9. "
                "http://x/invitations/tok http://x/account/facilitator-invitations/t0k "
                "http://x/calendar/c4l.ics http://x/notifications/unsubscribe/a.b-c "
                "http://x/projects/12/home")
        hidden = redact(text)
    for secret in ("abc-DEF_1", "Zz9", "/tok", "t0k", "c4l", "a.b-c"):
        assert secret not in hidden
    assert "http://x/projects/12/home" in hidden
    assert hidden.count("•••") == 6
