"""Proposals from neighbours: propose, support once, the team's answer, withdrawing."""

import gc
import re
import warnings

import pytest
from flask_babel import force_locale

from stedskaping.participation.proposals import operations
from stedskaping.participation.proposals.models import Proposal, ProposalStatus
from stedskaping.projects.models import ProjectEvent
from tests.fixtures.factories import make_user
from tests.participation.helpers import PNG, in_english, post


def _propose(client, project, files=None, **data):
    base = f"/projects/{project.id}/proposals"
    values = {"title": "Benker ved elva", "body": "Tre benker i sola.", "location": "Ved eika",
              **data}
    return post(client, base, values, page=base, files=files)


def _only(db, project):
    return db.session.query(Proposal).filter_by(project_id=project.id).one()


def test_a_confirmed_neighbour_proposes_with_a_photo_and_the_team_sees_it(
        cast, client, login_as, db):
    project, neighbour = cast["project"], cast["other_user"]
    in_english(login_as(neighbour))
    response = _propose(client, project, files={"photo": ("benk.png", PNG)})
    assert response.status_code == 302
    proposal = _only(db, project)
    assert (proposal.title, proposal.status, proposal.author_id) == (
        "Benker ved elva", ProposalStatus.SUBMITTED, neighbour.id)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tre benker i sola." in page and "Where: Ved eika" in page
    photo = client.get(f"/projects/{project.id}/proposals/{proposal.id}/photo")
    # Written anew on upload (no EXIF), so a PNG, not the same bytes.
    assert photo.status_code == 200 and photo.mimetype == "image/png"
    assert photo.data.startswith(b"\x89PNG")
    photo.close()
    listing = client.get(f"/projects/{project.id}/proposals").get_data(as_text=True)
    assert "Benker ved elva" in listing and "Waiting for an answer" in listing
    assert db.session.query(ProjectEvent).filter_by(
        project_id=project.id, kind="proposal_made").count() == 1


@pytest.mark.parametrize(("data", "files", "message"), [
    ({"body": "x" * 2001}, None, "Describe the proposal in at most 2000 characters."),
    ({"title": "   "}, None, "Give the proposal a title."),
    ({"title": "t" * 161}, None, "Field cannot be longer than 160 characters."),
    ({}, {"photo": ("virus.png", b"MZ\x90\x00 not a picture")},
     "Choose a picture in PNG or JPEG format."),
    ({}, {"photo": ("notes.pdf", b"%PDF-1.4")}, "Choose a picture in PNG or JPEG format."),
    ({}, {"photo": ("huge.png", PNG + b"\x00" * (5 * 1024 * 1024))},
     "The picture is too large: at most 5 MB."),
])
def test_bad_input_is_refused_with_a_message_and_nothing_is_kept(
        cast, client, login_as, db, data, files, message):
    project = cast["project"]
    in_english(login_as(cast["other_user"]))
    response = _propose(client, project, files=files, **data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.query(Proposal).filter_by(project_id=project.id).count() == 0
    # Werkzeug's test client spools a large body to a temporary file it never closes.
    del response
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def test_visitors_are_sent_to_log_in_and_the_body_limit_is_configurable(cast, client, app, db):
    project = cast["project"]
    response = client.post(f"/projects/{project.id}/proposals", data={"title": "x"})
    assert response.status_code in (302, 400)
    assert db.session.query(Proposal).count() == 0
    app.config["PROPOSAL_BODY_MAX"] = 10
    try:
        with force_locale("en"):
            with pytest.raises(operations.ParticipationError) as refused:
                operations.propose(project, cast["other_user"],
                                   operations.NewProposal("Lys", "Lys langs stien."))
            assert "at most 10 characters" in str(refused.value.errors["body"])
    finally:
        app.config["PROPOSAL_BODY_MAX"] = 2000


def test_each_person_supports_once_not_their_own_and_not_a_withdrawn_one(
        cast, client, login_as, db):
    project, author = cast["project"], cast["other_user"]
    proposal = operations.propose(project, author, operations.NewProposal("Lys", "Lys i parken."))
    url = f"/projects/{project.id}/proposals/{proposal.id}"
    in_english(login_as(cast["member"]))
    assert post(client, f"{url}/support", {}, page=url).status_code == 302
    second = post(client, f"{url}/support", {}, page=url)
    assert second.status_code == 409
    assert "You already support this proposal." in second.get_data(as_text=True)
    db.session.refresh(proposal)
    assert proposal.support_count == 1
    in_english(login_as(author))
    own = post(client, f"{url}/support", {}, page=url)
    assert own.status_code == 409 and "your own proposal" in own.get_data(as_text=True)
    refused = post(client, f"{url}/withdraw", {"withdraw-reason": "  "}, page=url,
                   prefix="withdraw")
    assert refused.status_code == 400 and "Give a reason." in refused.get_data(as_text=True)
    done = post(client, f"{url}/withdraw", {"withdraw-reason": "Kommunen gjør det selv."},
                page=url, prefix="withdraw")
    assert done.status_code == 302
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.WITHDRAWN
    in_english(login_as(make_user()))
    late = post(client, f"{url}/support", {}, page=url)
    assert late.status_code == 409
    assert "withdrawn and cannot be supported" in late.get_data(as_text=True)
    page = client.get(url).get_data(as_text=True)
    assert "Withdrawn by the author: Kommunen gjør det selv." in page
    assert "Support the proposal" not in page


def test_the_team_answers_and_only_the_team(cast, client, login_as, db, outbox):
    project, author = cast["project"], cast["other_user"]
    proposal = operations.propose(project, author, operations.NewProposal("Scene", "En scene."))
    url = f"/projects/{project.id}/proposals/{proposal.id}"
    in_english(login_as(make_user()))
    assert post(client, f"{url}/answer", {"answer-status": "accepted"}, page=url,
                prefix="answer").status_code == 403
    in_english(login_as(cast["member"]))
    no_reason = post(client, f"{url}/answer", {"answer-status": "not_possible"}, page=url,
                     prefix="answer")
    assert no_reason.status_code == 400
    assert "Say why the proposal is not possible." in no_reason.get_data(as_text=True)
    garbage = post(client, f"{url}/answer", {"answer-status": "withdrawn"}, page=url,
                   prefix="answer")
    assert garbage.status_code == 400
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.SUBMITTED
    answered = post(client, f"{url}/answer", {"answer-status": "not_possible",
                                              "answer-text": "Grunneier sier nei."},
                    page=url, prefix="answer")
    assert answered.status_code == 302
    db.session.refresh(proposal)
    assert (proposal.status, proposal.answer) == (ProposalStatus.NOT_POSSIBLE,
                                                  "Grunneier sier nei.")
    assert "Grunneier sier nei." in client.get(url).get_data(as_text=True)
    assert any(m.recipient == author.email for m in outbox(kind="proposal"))
    in_english(login_as(author))
    late = post(client, f"{url}/withdraw", {"withdraw-reason": "Likevel."}, page=url,
                prefix="withdraw")
    assert late.status_code == 409


def test_counts_by_state_are_a_fact_and_on_the_home_page(cast, client, login_as, db):
    project, author, member = cast["project"], cast["other_user"], cast["member"]
    made = [operations.propose(project, author, operations.NewProposal(f"Forslag {i}", "Tekst"))
            for i in range(4)]
    operations.answer(project, made[0], member, ProposalStatus.ACCEPTED, "")
    operations.answer(project, made[1], member, ProposalStatus.EVALUATING, "Vi ser på det.")
    operations.withdraw(project, made[2], author, "Dobbelt.")
    counts = operations.counts(project)
    assert (counts["accepted"], counts["evaluating"], counts["submitted"],
            counts["withdrawn"], counts["unanswered"], counts["answered"]) == (1, 1, 1, 1, 2, 1)
    in_english(login_as(member))
    home = client.get(f"/projects/{project.id}/home").get_data(as_text=True)
    assert "Waiting for an answer: 2 · accepted: 1 · not possible: 0 · withdrawn: 1" in home



def _add_proposals(db, project, author, n, **values):
    made = [Proposal(project_id=project.id, author_id=author.id, title=f"Forslag {i}",
                     body="Et forslag.", status=ProposalStatus.SUBMITTED, **values)
            for i in range(n)]
    db.session.add_all(made)
    db.session.flush()
    return made


def _listed(page) -> list[int]:
    return [int(i) for i in re.findall(r'<h2><a href="/projects/\d+/proposals/(\d+)">', page)]


def test_the_list_comes_in_pages_of_fifty_most_supported_first(cast, client, db):
    project, author = cast["project"], cast["other_user"]
    plain = _add_proposals(db, project, author, 55)
    _add_proposals(db, project, author, 2, is_hidden=True)  # left out of pages and count
    liked = _add_proposals(db, project, author, 1, support_count=3)
    order = [liked[0].id, *(p.id for p in plain)]
    url = f"/projects/{project.id}/proposals"
    first = client.get(url).get_data(as_text=True)
    assert _listed(first) == order[:50] and "Page 1 of 2" in first and 'rel="next"' in first
    second = client.get(f"{url}?page=2").get_data(as_text=True)
    assert _listed(second) == order[50:] and len(order[50:]) == 6 and "Page 2 of 2" in second
    assert client.get(f"{url}?page=3").status_code == 404
    garbage = client.get(f"{url}?page=abc")
    assert garbage.status_code == 200 and _listed(garbage.get_data(as_text=True)) == order[:50]


def test_the_list_costs_the_same_queries_with_5_and_60_proposals(
        cast, client, login_as, db, page_queries):
    project, author = cast["project"], cast["other_user"]
    in_english(login_as(cast["member"]))  # signed in: what they support is read too
    url = f"/projects/{project.id}/proposals"
    _add_proposals(db, project, author, 5)
    few = page_queries(client, url)
    _add_proposals(db, project, author, 55)
    assert page_queries(client, url) == few
