"""Moderation: reports (one per person), hiding at the third, the facilitator's queue,
restoring and confirming, blocking a person; every step in the project's log."""

import re

import pytest

from stedskaping.participation.moderation.models import Moderation, ModerationStatus
from stedskaping.participation.proposals import operations as proposals
from stedskaping.projects.models import ProjectEvent
from stedskaping.projects.operations import comment_on_task, task_comments
from tests.fixtures.factories import add_member, make_user
from tests.participation.helpers import in_english, post


@pytest.fixture
def proposal(cast):
    return proposals.propose(cast["project"], cast["other_user"],
                             proposals.NewProposal("Billige klokker", "Kjøp på nett!"))


def _report(client, kind, item_id, **data):
    url = f"/participation/report/{kind}/{item_id}"
    return post(client, url, data, page=url)


def _log(db, project):
    return [e.kind for e in db.session.query(ProjectEvent).filter_by(project_id=project.id)
            .order_by(ProjectEvent.id)]


def test_a_report_needs_a_reason_and_counts_once_per_person(cast, proposal, client, login_as,
                                                            db):
    in_english(login_as(make_user()))
    assert _report(client, "proposal", proposal.id).status_code == 400
    other = _report(client, "proposal", proposal.id, reason="other", text="  ")
    assert other.status_code == 400 and "Say what is wrong." in other.get_data(as_text=True)
    assert _report(client, "proposal", proposal.id, reason="boring").status_code == 400
    assert _report(client, "proposal", proposal.id, reason="spam").status_code == 302
    again = _report(client, "proposal", proposal.id, reason="offensive")
    assert again.status_code == 409
    assert "You have already reported this." in again.get_data(as_text=True)
    in_english(login_as(cast["other_user"]))
    own = _report(client, "proposal", proposal.id, reason="spam")
    assert own.status_code == 409
    assert _report(client, "proposal", 99999, reason="spam").status_code == 404
    assert _report(client, "nothing", proposal.id, reason="spam").status_code == 404
    row = db.session.query(Moderation).one()
    assert (row.report_count, row.status) == (1, ModerationStatus.WAITING)
    assert _log(db, cast["project"]).count("moderation_reported") == 1


def test_the_third_report_hides_until_a_facilitator_decides(cast, proposal, client, login_as,
                                                             db):
    project = cast["project"]
    listing, page = (f"/projects/{project.id}/proposals",
                     f"/projects/{project.id}/proposals/{proposal.id}")
    for n in range(3):
        in_english(login_as(make_user()))
        assert _report(client, "proposal", proposal.id, reason="spam").status_code == 302
        db.session.refresh(proposal)
        assert proposal.is_hidden == (n == 2)
    assert "Billige klokker" not in client.get(listing).get_data(as_text=True)
    assert client.get(page).status_code == 404
    assert proposals.counts(project)["unanswered"] == 0
    in_english(login_as(cast["facilitator"]))
    queue = client.get("/participation/moderation").get_data(as_text=True)
    assert "Billige klokker" in queue and "3 reports" in queue
    assert "Hidden until you decide" in queue
    dashboard = client.get("/supervision/").get_data(as_text=True)
    assert "1 reported item to moderate" in dashboard
    assert re.search(r'data-column="reports"[^>]*>1 waiting<', dashboard)
    row = db.session.query(Moderation).one()
    assert post(client, f"/participation/moderation/{row.id}/restore", {},
                page="/participation/moderation").status_code == 302
    db.session.refresh(proposal)
    assert not proposal.is_hidden
    assert "Billige klokker" in client.get(listing).get_data(as_text=True)
    assert "Billige klokker" not in client.get("/participation/moderation").get_data(
        as_text=True)
    in_english(login_as(make_user()))
    _report(client, "proposal", proposal.id, reason="spam")  # reported again: back in the queue
    db.session.refresh(proposal)
    db.session.refresh(row)
    assert not proposal.is_hidden and row.status == ModerationStatus.WAITING
    in_english(login_as(cast["facilitator"]))
    post(client, f"/participation/moderation/{row.id}/confirm", {},
         page="/participation/moderation")
    db.session.refresh(proposal)
    assert proposal.is_hidden
    assert {"moderation_hidden", "moderation_restored", "moderation_confirmed"} <= set(
        _log(db, project))


def test_the_number_of_reports_that_hides_is_configurable(cast, proposal, app, db):
    from stedskaping.participation.moderation import operations

    app.config["MODERATION_HIDE_AT"] = 1
    try:
        operations.report(operations.find("proposal", proposal.id, cast["member"]),
                          proposal.id, cast["member"], "offensive", "")
    finally:
        app.config["MODERATION_HIDE_AT"] = 3
    db.session.refresh(proposal)
    assert proposal.is_hidden


def test_only_the_municipalitys_facilitators_moderate(cast, proposal, client, login_as, db):
    in_english(login_as(make_user()))
    _report(client, "proposal", proposal.id, reason="spam")
    row = db.session.query(Moderation).one()
    for person, status in ((cast["member"], 403), (cast["other_user"], 403)):
        in_english(login_as(person))
        assert client.get("/participation/moderation").status_code == status
    in_english(login_as(cast["other_facilitator"]))
    assert "Billige klokker" not in client.get("/participation/moderation").get_data(
        as_text=True)
    assert post(client, f"/participation/moderation/{row.id}/confirm", {},
                page="/participation/moderation").status_code == 403
    db.session.refresh(row)
    assert row.status == ModerationStatus.WAITING


def test_a_hidden_task_comment_leaves_the_thread(cast, client, login_as, db):
    project = cast["project"]
    comment = comment_on_task(project, "planning", "budget", cast["initiator"], "Tullprat")
    second = add_member(project)
    for person in (cast["member"], second, cast["facilitator"]):
        in_english(login_as(person))
        assert _report(client, "task_comment", comment.id, reason="does_not_belong") \
            .status_code == 302
    assert task_comments(project, "planning", "budget") == []
    page = client.get(f"/projects/{project.id}/tasks/planning/budget").get_data(as_text=True)
    assert "Tullprat" not in page
    in_english(login_as(cast["other_user"]))  # not in the thread: cannot see it to report it
    assert _report(client, "task_comment", comment.id, reason="spam").status_code == 404


def test_a_facilitator_blocks_with_a_justification_and_the_person_cannot_take_part(
        cast, proposal, client, login_as, db):
    project = cast["project"]
    in_english(login_as(make_user()))
    _report(client, "proposal", proposal.id, reason="spam")
    row = db.session.query(Moderation).one()
    in_english(login_as(cast["facilitator"]))
    url = f"/participation/moderation/{row.id}/block"
    blank = post(client, url, {f"block-{row.id}-justification": " "},
                 page="/participation/moderation", prefix=f"block-{row.id}")
    assert blank.status_code == 400
    assert "Write why the person is blocked." in blank.get_data(as_text=True)
    assert post(client, url, {f"block-{row.id}-justification": "Reklame tre ganger."},
                page="/participation/moderation", prefix=f"block-{row.id}").status_code == 302
    assert "Reklame tre ganger." in client.get("/participation/moderation").get_data(
        as_text=True)
    assert "moderation_blocked" in _log(db, project)
    in_english(login_as(cast["other_user"]))
    base = f"/projects/{project.id}/proposals"
    refused = post(client, base, {"title": "Mer", "body": "Mer reklame."}, page=base)
    assert refused.status_code == 403
    assert "blocked you from taking part" in refused.get_data(as_text=True)
    from stedskaping.participation.moderation.models import ParticipationBlock

    blocked = db.session.query(ParticipationBlock).one()
    in_english(login_as(cast["facilitator"]))
    assert post(client, f"/participation/moderation/blocks/{blocked.id}/lift", {},
                page="/participation/moderation").status_code == 302
    in_english(login_as(cast["other_user"]))
    assert post(client, base, {"title": "Benk", "body": "En benk."}, page=base).status_code == 302


def test_meeting_minutes_are_hidden_at_the_third_report_and_restored(cast, client, login_as,
                                                                      db):
    from tests.fixtures.participation import add_held_meeting

    project = cast["project"]
    meeting = add_held_meeting(project, minutes="Vi kjøper **billige klokker** på nett.")
    page = f"/projects/{project.id}/meetings/{meeting.id}"
    in_english(login_as(make_user()))
    assert "Report the minutes" in client.get(page).get_data(as_text=True)
    for _ in range(3):
        in_english(login_as(make_user()))
        assert _report(client, "minutes", meeting.id, reason="spam").status_code == 302
    db.session.refresh(meeting)
    assert meeting.minutes_hidden
    shown = client.get(page + "?lang=en").get_data(as_text=True)
    assert "billige klokker" not in shown and "The minutes are hidden" in shown
    row = db.session.query(Moderation).one()
    in_english(login_as(cast["facilitator"]))
    assert "billige klokker" in client.get("/participation/moderation").get_data(as_text=True)
    assert post(client, f"/participation/moderation/{row.id}/restore", {},
                page="/participation/moderation").status_code == 302
    db.session.refresh(meeting)
    assert not meeting.minutes_hidden
    assert "moderation_hidden" in _log(db, project) and "moderation_restored" in _log(db, project)
