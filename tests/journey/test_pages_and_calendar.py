"""Project home query count, the iCalendar feed, the public side and the team."""

from datetime import date, timedelta

import icalendar
import pytest
import sqlalchemy as sa
import time_machine

from stedskaping.accounts.operations import start_session
from stedskaping.db import commit, utcnow
from stedskaping.projects.models import Project, ProjectInvitation, TaskProgress
from tests.fixtures.factories import (
    add_member,
    make_municipality,
    make_project,
    make_user,
)
from tests.fixtures.forms import submit


def _home_queries(custom_app, custom_client, count_queries, workflow_key):
    with custom_app.app_context():
        user = make_user()
        project = make_project(initiator=user, workflow_key=workflow_key)
        token, pid, uid = start_session(user), project.id, user.id
        commit()
    with custom_client.session_transaction() as session:
        session.update({"_user_id": str(uid), "_fresh": True, "sid": token})
    url = f"/projects/{pid}/home"
    assert custom_client.get(url).status_code == 200  # warm up (workflow digest check)
    with count_queries() as queries:
        response = custom_client.get(url)
    assert response.status_code == 200
    return len(queries), response.get_data(as_text=True)


def test_project_home_queries_do_not_grow_with_tasks(custom_app, custom_client, count_queries,
                                                     db):
    few, html_few = _home_queries(custom_app, custom_client, count_queries, "bulk10")
    many, html_many = _home_queries(custom_app, custom_client, count_queries, "bulk200")
    assert "Oppgave 0" in html_few and "Oppgave 4" in html_many  # "what to do next"
    assert few == many, (few, many)
    # 11 for the page, one for each participation panel (supporters, meetings,
    # proposals, the vote), one for the realisation's permit table, one for the learning's
    # lineage (where the project was started from), the learning domain's place (with
    # its area) and linked organisations, and the page cache's generation (a page served
    # from the cache makes a handful).
    assert many <= 20


def test_calendar_feed_holds_every_deadline_and_camp_day(client, db):
    project = make_project(start_on=date(2027, 1, 4))
    response = client.get(f"/calendar/{project.calendar_token}.ics?lang=en")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.data)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    tasks = db.session.scalars(sa.select(TaskProgress).where(
        TaskProgress.project_id == project.id)).all()
    for task in tasks:
        event = events[f"project-{project.id}-task-{task.stage_key}-{task.task_key}@stedskaping"]
        assert event.decoded("dtstart") == task.due_on
        assert str(event["summary"]).startswith("Deadline: ")
    camp_days = [e for uid, e in events.items() if "-camp-day-" in uid]
    assert sorted(e.decoded("dtstart") for e in camp_days) == [
        date(2027, 7, 5) + timedelta(days=n) for n in range(6)]
    stage = events[f"project-{project.id}-stage-planning@stedskaping"]
    assert stage.decoded("dtend") - stage.decoded("dtstart") == timedelta(weeks=6)
    assert len(events) == len(tasks) + len(project.windows) + 6


def test_public_page_shows_only_names_members_choose_to_show(client, db, login_as):
    initiator = make_user(name="Ivar Synlig")
    project = make_project(initiator=initiator)
    hidden = add_member(project, make_user(name="Hanne Skjult"))
    project.member(hidden.id).is_name_public = False
    db.session.flush()
    html = client.get(f"/projects/{project.id}?lang=en").get_data(as_text=True)
    assert "Ivar Synlig" in html and "Hanne Skjult" not in html
    assert "and 1 more person" in html
    assert "<svg" in html and 'aria-current="step"' in html
    assert "Planned camp: 5 July 2027 to 10 July 2027." in html


def test_member_hides_own_name(client, db, login_as):
    user = make_user(name="Hanne")
    project = make_project(initiator=user)
    login_as(user)
    url = f"/projects/{project.id}/team/visibility"
    assert submit(client, url, {}, page=f"/projects/{project.id}/team").status_code == 302
    assert "Hanne" not in client.get(f"/projects/{project.id}").get_data(as_text=True).split(
        "The team")[-1]


def test_list_and_search_by_municipality_and_stage(client, db):
    bergen, tromso = make_municipality(name="Bergen", slug="bergen"), make_municipality(
        name="Tromsø", slug="tromso")
    make_project(municipality=bergen, title="Lekeplass på Nordnes")
    make_project(municipality=tromso, title="Badstue ved sjøen")
    html = client.get("/projects/?lang=en").get_data(as_text=True)
    assert "Lekeplass på Nordnes" in html and "Badstue ved sjøen" in html
    html = client.get("/projects/?municipality=tromso").get_data(as_text=True)
    assert "Badstue" in html and "Lekeplass" not in html
    html = client.get("/projects/?q=NORDNES&stage=idea").get_data(as_text=True)
    assert "Lekeplass" in html and "Badstue" not in html
    html = client.get("/projects/?stage=review").get_data(as_text=True)
    assert "Lekeplass" not in html
    assert client.get("/projects/?stage=<script>&municipality=x").status_code == 200


def _invite(client, project, email, role="team_member"):
    return submit(client, f"/projects/{project.id}/team/invite", {"email": email, "role": role},
                  page=f"/projects/{project.id}/team")


def test_invite_accept_and_roles(app, client, db, login_as, outbox, mailbox):
    initiator = make_user(name="Ivar")
    project = make_project(initiator=initiator)
    login_as(initiator)
    assert _invite(client, project, "Nora@Example.no").status_code == 302
    [mail] = outbox(kind="project_invitation")
    assert mail.recipient == "nora@example.no"
    link = mailbox.link("project_invitation")

    nora = make_user(name="Nora", email="nora@example.no")
    other = app.test_client()
    login_as_other = other.session_transaction
    with login_as_other() as session:
        session.update({"_user_id": str(nora.id), "_fresh": True, "sid": start_session(nora)})
    assert "Ivar invites you to join" in other.get(link + "?lang=en").get_data(as_text=True)
    response = submit(other, link, {"answer": "accept"})
    assert response.headers["Location"] == f"/projects/{project.id}/home"
    db.session.expire_all()
    assert project.member(nora.id).role == "team_member"
    assert submit(other, link, {"answer": "accept"}, page="/projects/").status_code == 400

    # The initiator makes Nora an initiator too; then leaves, which is allowed now.
    team = f"/projects/{project.id}/team"
    assert submit(client, f"{team}/{nora.id}/role", {"role": "initiator"}).status_code == 302
    assert submit(client, f"{team}/leave", {}, page=team).status_code == 302
    db.session.expire_all()
    assert project.member(initiator.id) is None
    # Nora, the last initiator, cannot leave.
    response = submit(other, f"{team}/leave?lang=en", {}, page=team)
    assert response.status_code == 409
    assert "at least one initiator" in response.get_data(as_text=True)


def test_invitation_for_another_address_or_expired(app, client, db, login_as, mailbox):
    initiator = make_user()
    project = make_project(initiator=initiator)
    login_as(initiator)
    _invite(client, project, "nora@example.no")
    link = mailbox.link("project_invitation")
    stranger = make_user(email="someone.else@example.no")
    other = app.test_client()
    with other.session_transaction() as session:
        session.update({"_user_id": str(stranger.id), "_fresh": True,
                        "sid": start_session(stranger)})
    response = submit(other, link + "?lang=en", {"answer": "accept"}, page=link)
    assert response.status_code == 403
    assert "This invitation was sent to nora@example.no" in response.get_data(as_text=True)
    assert project.member(stranger.id) is None
    with time_machine.travel(utcnow() + timedelta(days=15)):
        later = app.test_client()  # signed in again: sessions also expire after 14 days
        with later.session_transaction() as session:
            session.update({"_user_id": str(stranger.id), "_fresh": True,
                            "sid": start_session(stranger)})
        response = later.get(link + "?lang=en")
    assert response.status_code == 400
    assert "This invitation has expired." in response.get_data(as_text=True)
    invitation = db.session.scalar(sa.select(ProjectInvitation))
    assert invitation.answered_dt is None


def test_decline_and_remove(app, client, db, login_as, mailbox):
    initiator = make_user()
    project = make_project(initiator=initiator)
    member = add_member(project, make_user(name="Mona"))
    login_as(initiator)
    team = f"/projects/{project.id}/team"
    assert submit(client, f"{team}/{member.id}/remove", {}, page=team).status_code == 302
    db.session.expire_all()
    assert project.member(member.id) is None
    _invite(client, project, "mona@example.no")
    assert _invite(client, project, "not-an-email").status_code == 400
    link = mailbox.link("project_invitation")
    other = app.test_client()
    mona = db.session.get(type(initiator), member.id)
    mona.email = "mona@example.no"
    db.session.flush()
    with other.session_transaction() as session:
        session.update({"_user_id": str(mona.id), "_fresh": True, "sid": start_session(mona)})
    assert submit(other, link, {"answer": "decline"}).headers["Location"] == "/"
    db.session.expire_all()
    assert project.member(mona.id) is None
    assert db.session.scalar(sa.select(ProjectInvitation.is_accepted)) is False


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_new_project_form_offers_the_workflows(client, db, login_as, lang):
    make_municipality(name="Bergen")
    login_as(make_user())
    html = client.get(f"/projects/new?lang={lang}").get_data(as_text=True)
    title = {"nb": "Stedskaping 6 + 6", "en": "Place-making 6 + 6"}[lang]
    assert title in html and "Bergen" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 0
