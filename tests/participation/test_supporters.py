"""Supporting a project: no account needed, the address confirmed by a link, once per
address; the team's list respects what each supporter agreed to."""

from datetime import date, timedelta

import sqlalchemy as sa

from stedskaping.db import utcnow
from stedskaping.extensions import db
from stedskaping.participation.supporters.models import Supporter
from tests.fixtures.factories import make_user
from tests.fixtures.forms import csrf_token, submit


def _support(client, project, **fields):
    data = {"name": "Astrid Berg", "email": "astrid@example.no",
            "area": "Elvegata", "wants_updates": "y", "consent": "y",
            **fields}
    return submit(client, f"/projects/{project.id}/support", data)


def _supporters(project):
    return db.session.scalars(sa.select(Supporter).where(Supporter.project_id == project.id)
                              .order_by(Supporter.id)).all()


def test_a_neighbour_supports_without_an_account_and_counts_once_confirmed(
        client, cast, mailbox):
    project = cast["project"]
    response = _support(client, project)
    assert response.status_code == 200
    assert "We sent a link to astrid@example.no" in response.get_data(as_text=True)
    assert "0 neighbours support the project" in client.get(f"/projects/{project.id}").text

    link = mailbox.link("supporter_confirm", "astrid@example.no")
    page = client.get(link)
    assert "Confirm my support" in page.text  # one click, so a mail scanner spends nothing
    assert _supporters(project)[0].confirmed_dt is None
    done = client.post(link, data={"csrf_token": csrf_token(client, link)},
                       follow_redirects=True)
    assert f"Thank you: you support {project.title}." in done.text
    assert "1 neighbour supports the project" in done.text
    supporter = _supporters(project)[0]
    assert (supporter.name, supporter.area, supporter.wants_updates) == (
        "Astrid Berg", "Elvegata", True)
    assert "withdraw at any time" in supporter.consent_text


def test_a_second_support_from_the_same_address_is_refused(client, cast, mailbox):
    project = cast["project"]
    _support(client, project)
    link = mailbox.link("supporter_confirm", "astrid@example.no")
    client.post(link, data={"csrf_token": csrf_token(client, link)})
    again = _support(client, project, **{"email": " ASTRID@example.no "})
    assert again.status_code == 400
    assert "This e-mail address already supports the project." in again.text
    assert len(_supporters(project)) == 1


def test_a_signed_in_person_with_a_confirmed_address_counts_at_once(login_as, cast, outbox):
    project, user = cast["project"], cast["other_user"]
    client = login_as(user)
    response = _support(client, project, **{"email": user.email})
    assert response.status_code == 302
    supporter = _supporters(project)[0]
    assert supporter.is_confirmed and supporter.user_id == user.id
    assert outbox(kind="supporter_confirm") == []


def test_a_supporter_who_later_logs_in_is_linked(client, cast, mailbox):
    from tests.fixtures.factories import PASSWORD

    project = cast["project"]
    _support(client, project, **{"email": "later@example.no"})
    link = mailbox.link("supporter_confirm", "later@example.no")
    client.post(link, data={"csrf_token": csrf_token(client, link)})
    user = make_user(email="later@example.no")
    submit(client, "/login", {"email": "later@example.no", "password": PASSWORD})
    db.session.expire_all()
    assert _supporters(project)[0].user_id == user.id


def test_bad_input_is_refused_and_nothing_is_kept(client, cast):
    project = cast["project"]
    for fields, message in [
        ({"name": "   "}, "Enter your name."),
        ({"email": "not-an-address"}, "Enter a valid e-mail address"),
        ({"consent": ""}, "Tick the box to agree"),
        ({"name": "x" * 500}, "Field cannot be longer than 120 characters."),
    ]:
        response = _support(client, project, **fields)
        assert response.status_code == 400, fields
        assert message in response.text, fields
    nul = _support(client, project, **{"name": "Astrid\x00"})
    assert nul.status_code == 400
    assert _supporters(project) == []


def test_a_forged_or_spent_link_changes_nothing(client, cast, mailbox):
    project = cast["project"]
    assert client.get("/support/confirm/forged-token").status_code == 404
    _support(client, project)
    link = mailbox.link("supporter_confirm", "astrid@example.no")
    supporter = _supporters(project)[0]
    db.session.delete(supporter)
    db.session.flush()
    gone = client.get(link)
    assert gone.status_code == 404 and "the support was withdrawn" in gone.text


def test_the_team_sees_the_list_and_the_export_respects_consent(login_as, cast):
    from tests.fixtures.participation import add_supporters

    project = cast["project"]
    quiet, wants = add_supporters(project, 2)
    wants.wants_updates = True
    db.session.flush()
    client = login_as(cast["member"])
    page = client.get(f"/projects/{project.id}/supporters").text
    assert "2 confirmed supporters." in page
    assert wants.email in page and quiet.email not in page
    export = client.get(f"/projects/{project.id}/supporters.csv").text
    assert wants.email in export and quiet.email not in export and quiet.name in export
    for who in ("facilitator", "other_user"):
        client = login_as(cast[who])
        assert client.get(f"/projects/{project.id}/supporters").status_code == 403
        assert client.get(f"/projects/{project.id}/supporters.csv").status_code == 403


def test_updates_go_to_those_who_asked_and_carry_a_link_to_leave(login_as, cast, mailbox):
    from tests.fixtures.participation import add_supporters

    project = cast["project"]
    quiet, wants = add_supporters(project, 2)
    wants.wants_updates = True
    db.session.flush()
    client = login_as(cast["member"])
    response = submit(client, f"/projects/{project.id}/supporters/update",
                      {"subject": "Dugnad", "body": "Vi møtes på lørdag."},
                      page=f"/projects/{project.id}/supporters", follow_redirects=True)
    assert "The update is sent to 1 supporters." in response.text
    mail = mailbox.last("supporter_update")
    assert mail.recipient == wants.email and "Vi møtes på lørdag." in mail.body_text
    assert [m.recipient for m in mailbox.messages if m.kind == "supporter_update"] == [
        wants.email]
    leave = mailbox.link("supporter_update")
    leave = [line for line in mail.body_text.split() if "/support/leave/" in line][0]
    leave = leave[leave.index("/support/"):]
    anonymous = client.application.test_client()
    anonymous.post(leave, data={"csrf_token": csrf_token(anonymous, leave)})
    db.session.expire_all()
    assert [s.email for s in _supporters(project)] == [quiet.email]  # the details are gone
    empty = submit(client, f"/projects/{project.id}/supporters/update",
                   {"subject": " ", "body": ""}, page=f"/projects/{project.id}/supporters")
    assert empty.status_code == 400 and "Give a subject." in empty.text


def test_sign_ups_never_confirmed_are_deleted_after_a_month(cast, clock):
    from stedskaping import jobs
    from tests.fixtures.participation import add_supporters

    project = cast["project"]
    [kept] = add_supporters(project, 1)
    [waiting] = add_supporters(project, 1, confirmed=False)
    clock.move_to(utcnow() + timedelta(days=29))
    jobs.run("unconfirmed_supporters", date.today())
    assert {s.id for s in _supporters(project)} == {kept.id, waiting.id}
    clock.move_to(utcnow() + timedelta(days=2))
    jobs.run("unconfirmed_supporters", date.today())
    db.session.expire_all()
    assert [s.id for s in _supporters(project)] == [kept.id]


def _rows(page) -> int:
    return page.count("<tr><td>")


def test_the_team_s_list_comes_in_pages_of_fifty(login_as, cast):
    from tests.fixtures.participation import add_supporters

    project = cast["project"]
    made = add_supporters(project, 57)
    client = login_as(cast["member"])
    url = f"/projects/{project.id}/supporters"
    first = client.get(url).text
    assert "57 confirmed supporters." in first  # the true count, not the page's
    assert _rows(first) == 50 and "Page 1 of 2" in first and 'rel="next"' in first
    assert f"<td>{made[0].name}</td>" in first and f"<td>{made[-1].name}</td>" not in first
    second = client.get(f"{url}?page=2").text
    assert _rows(second) == 7 and "Page 2 of 2" in second and 'rel="prev"' in second
    assert f"<td>{made[-1].name}</td>" in second and f"<td>{made[0].name}</td>" not in second
    assert client.get(f"{url}?page=3").status_code == 404
    garbage = client.get(f"{url}?page=abc")
    assert garbage.status_code == 200 and "Page 1 of 2" in garbage.text
    assert _rows(garbage.text) == 50


def test_the_team_s_list_costs_the_same_queries_with_5_and_60_supporters(
        login_as, cast, page_queries):
    from tests.fixtures.participation import add_supporters

    project = cast["project"]
    client = login_as(cast["member"])
    url = f"/projects/{project.id}/supporters"
    add_supporters(project, 5)
    add_supporters(project, 3, confirmed=False)
    few = page_queries(client, url)
    add_supporters(project, 55)
    add_supporters(project, 30, confirmed=False)
    assert page_queries(client, url) == few
