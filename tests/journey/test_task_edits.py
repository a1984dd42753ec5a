"""Two people on one task: no silent last-writer-wins, and comment threads notify."""

import re

import pytest
import sqlalchemy as sa

from stedskaping.notifications.models import Notification, NotificationPreference
from stedskaping.notifications.notices import render
from stedskaping.projects import operations
from stedskaping.projects.models import TaskProgress
from tests.fixtures.factories import (
    add_member,
    make_facilitator,
    make_municipality,
    make_project,
    make_user,
)
from tests.fixtures.forms import submit


@pytest.fixture
def team(db):
    municipality = make_municipality()
    initiator = make_user(name="Ivar", locale="en")
    project = make_project(municipality=municipality, initiator=initiator)
    member = add_member(project, make_user(name="Mona", locale="nb"))
    facilitator = make_facilitator(municipality, name="Frida", locale="nb")
    return {"project": project, "initiator": initiator, "member": member,
            "facilitator": facilitator, "municipality": municipality}


def _version(html) -> str:
    match = re.search(r'<input[^>]*name="started_from_version"[^>]*>', html)
    assert match, "the form carries no version"
    return re.search(r'value="(\d+)"', match.group(0)).group(1)


def _saved(db, project):
    db.session.expire_all()
    return db.session.scalar(sa.select(TaskProgress).where(
        TaskProgress.project_id == project.id, TaskProgress.task_key == "describe_idea"))


def test_a_save_over_a_newer_version_is_refused_and_shows_both_texts(client, db, login_as,
                                                                     team):
    project = team["project"]
    url = f"/projects/{project.id}/tasks/idea/describe_idea"
    login_as(team["initiator"])
    page = client.get(url + "?lang=en").get_data(as_text=True)
    started_from = _version(page)
    assert started_from == "1"

    # Meanwhile Mona saves her text.
    operations.save_task(project, "idea", "describe_idea", team["member"],
                         {"summary": "Monas tekst om benkene."}, complete=False, version=1)

    response = submit(client, url + "?lang=en", {
        "action": "save", "summary": "Ivars tekst om scenen.",
        "started_from_version": started_from}, page=url)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved this task while you were editing it." in html
    assert "The saved answers, by Mona" in html and "Monas tekst om benkene." in html
    assert "Ivars tekst om scenen." in html  # his text is still in the form, not lost
    assert _saved(db, project).answers == {"summary": "Monas tekst om benkene."}
    assert _version(html) == "2"  # the next save is a deliberate one over Mona's

    response = submit(client, url, {"action": "save", "summary": "Ivar og Monas tekst.",
                                    "started_from_version": _version(html)}, page=url)
    assert response.status_code == 302
    saved = _saved(db, project)
    assert (saved.answers, saved.version) == ({"summary": "Ivar og Monas tekst."}, 3)


def test_two_saves_from_the_same_version_cannot_both_pass(db, team):
    project = team["project"]
    operations.save_task(project, "idea", "describe_idea", team["initiator"],
                         {"summary": "Først"}, complete=False, version=1)
    with pytest.raises(operations.EditConflict) as exc:
        operations.save_task(project, "idea", "describe_idea", team["member"],
                             {"summary": "Også først"}, complete=False, version=1)
    assert exc.value.status == 409 and exc.value.theirs == {"summary": "Først"}
    assert _saved(db, project).answers == {"summary": "Først"}


def test_the_row_is_compared_and_set_even_if_the_object_is_stale(db, team):
    project = team["project"]
    progress = operations.task_progress(project, "idea", "describe_idea")
    # Another transaction counted a save the loaded object does not know of.
    db.session.execute(sa.update(TaskProgress).where(TaskProgress.id == progress.id)
                       .values(version=2).execution_options(synchronize_session=False))
    with pytest.raises(operations.EditConflict):
        operations.save_task(project, "idea", "describe_idea", team["member"],
                             {"summary": "Gammel"}, complete=False, version=1)


def _notified(db, kind="task_comment"):
    return {n.user_id: n for n in db.session.scalars(
        sa.select(Notification).where(Notification.kind == kind))}


def test_a_comment_notifies_the_team_and_the_facilitators_but_not_its_author(
        client, db, login_as, team, outbox):
    project = team["project"]
    quiet = make_facilitator(team["municipality"], name="Stille")
    db.session.add(NotificationPreference(user_id=quiet.id, kind="task_comment", mode="off"))
    url = f"/projects/{project.id}/tasks/idea/describe_idea"
    login_as(team["initiator"])
    response = submit(client, url + "/comments", {"body": "Kan noen se på teksten?"}, page=url)
    assert response.status_code == 302
    notified = _notified(db)
    assert set(notified) == {team["member"].id, team["facilitator"].id}
    notice = notified[team["member"].id]
    shown = render(notice, "nb")
    assert shown.title == "Ivar kommenterte «Beskriv idéen» i Parken ved elva"
    assert shown.body == "Kan noen se på teksten?"
    assert notice.link.endswith(f"{url}#comments")
    mails = outbox(kind="task_comment")
    assert sorted(m.user_id for m in mails) == sorted(notified)

    # The facilitator answers: now the initiator hears of it, and she does not.
    login_as(team["facilitator"])
    submit(client, url + "/comments", {"body": "Ser bra ut."}, page=url)
    answered = [n.user_id for n in db.session.scalars(sa.select(Notification).where(
        Notification.kind == "task_comment")) if render(n, "nb").body == "Ser bra ut."]
    assert sorted(answered) == sorted([team["initiator"].id, team["member"].id])


def test_the_settings_page_lists_comment_and_camp_date_notices(client, db, login_as, team):
    login_as(team["initiator"])
    page = client.get("/notifications/settings?lang=en").get_data(as_text=True)
    assert "Comments on the tasks of your projects" in page
    assert "Requests for a new camp date (for facilitators)" in page
    response = submit(client, "/notifications/settings", {"task_comment": "weekly"})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(NotificationPreference.mode).where(
        NotificationPreference.user_id == team["initiator"].id,
        NotificationPreference.kind == "task_comment")) == "weekly"
