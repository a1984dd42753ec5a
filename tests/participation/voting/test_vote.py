"""The concept vote: the team sets it up, people vote once inside the window, the
results stay hidden until the close, and the winner's cost starts the budget."""

from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale

from stedskaping.db import commit
from stedskaping.participation.vote import closing, jobs, operations, results
from stedskaping.participation.vote.models import RANKING, SINGLE, Ballot, VoteStatus
from stedskaping.projects import process
from stedskaping.projects.models import ProjectEvent
from stedskaping.projects.operations import save_task, task_progress
from tests.conftest import NOW
from tests.fixtures.factories import make_user
from tests.participation.helpers import PNG, in_english, post

OPENS, CLOSES = NOW + timedelta(hours=1), NOW + timedelta(days=7)


def _vote(cast, mode=SINGLE, concepts=2, publish=True):
    project, member = cast["project"], cast["member"]
    vote = operations.save_vote(project, member, mode, OPENS, CLOSES)
    for i in range(concepts):
        operations.add_concept(project, vote, member, operations.NewConcept(
            f"Konsept {'ABCDE'[i]}", "Benker og bed.", (i + 1) * 100_000_00))
    if publish:
        operations.publish(project, vote, member)
    return vote


def _local(moment):
    return moment.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Oslo")).strftime(
        "%Y-%m-%dT%H:%M")


def test_the_team_sets_up_the_vote_from_the_plan_and_publishes_it(cast, client, login_as, db):
    project = cast["project"]
    setup = f"/projects/{project.id}/vote/setup"
    in_english(login_as(cast["member"]))
    page = client.get(setup).get_data(as_text=True)
    ends = project.window("participation").ends_on.isoformat()
    assert f'value="{ends}T20:00"' in page  # closes when the stage ends, by the plan
    saved = post(client, setup, {"vote-mode": "ranking", "vote-opens_dt": _local(OPENS),
                                 "vote-closes_dt": _local(CLOSES)}, page=setup, prefix="vote")
    assert saved.status_code == 302
    vote = operations.vote_of(project)
    assert (vote.mode, vote.opens_dt, vote.closes_dt) == (RANKING, OPENS.replace(second=0),
                                                           CLOSES.replace(second=0))
    concepts = f"/projects/{project.id}/vote/concepts"
    bad = post(client, concepts, {"concept-title": "Scene", "concept-description": "En scene.",
                                  "concept-cost": "120000"}, page=setup, prefix="concept",
               files={"concept-sketch": ("skisse.png", b"GIF89a not a png")})
    assert bad.status_code == 400
    assert "Choose a picture in PNG or JPEG format." in bad.get_data(as_text=True)
    assert post(client, concepts, {"concept-title": "Scene", "concept-description": "En scene.",
                                   "concept-cost": "120 000"}, page=setup, prefix="concept",
                files={"concept-sketch": ("skisse.png", PNG)}).status_code == 302
    early = post(client, f"/projects/{project.id}/vote/publish", {}, page=setup)
    assert early.status_code == 409
    assert "Publish two to five concepts." in early.get_data(as_text=True)
    assert post(client, concepts, {"concept-title": "Bed", "concept-description": "Blomster.",
                                   "concept-cost": "80000"}, page=setup,
                prefix="concept").status_code == 302
    assert post(client, f"/projects/{project.id}/vote/publish", {},
                page=setup).status_code == 302
    db.session.refresh(vote)
    assert vote.status == VoteStatus.PUBLISHED
    assert [c.cost_amount for c in vote.concepts] == [120_000_00, 80_000_00]
    sketch = client.get(f"/projects/{project.id}/vote/concepts/{vote.concepts[0].id}/sketch")
    assert sketch.status_code == 200 and sketch.data.startswith(b"\x89PNG")  # written anew
    sketch.close()
    changed = post(client, setup, {"vote-mode": "single", "vote-opens_dt": _local(OPENS),
                                   "vote-closes_dt": _local(CLOSES)}, page=setup, prefix="vote")
    assert changed.status_code == 409


@pytest.mark.parametrize(("opens", "closes", "message"), [
    ("2027-01-10T18:00", "2027-01-09T18:00", "The vote must close after it opens."),
    ("2020-01-01T18:00", "2020-02-01T18:00", "The closing time has passed"),
    ("20277-01-01T18:00", "2027-02-01T18:00", "Give a date and time"),
    ("1900-01-01T18:00", "2027-02-01T18:00", "Give a date between the years 2000 and 2100."),
    ("i morgen", "2027-02-01T18:00", "Give a date and time"),
])
def test_an_impossible_window_is_refused(cast, client, login_as, db, opens, closes, message):
    project = cast["project"]
    setup = f"/projects/{project.id}/vote/setup"
    in_english(login_as(cast["member"]))
    response = post(client, setup, {"vote-mode": "single", "vote-opens_dt": opens,
                                    "vote-closes_dt": closes}, page=setup, prefix="vote")
    assert response.status_code in (400, 422)
    assert message in response.get_data(as_text=True)
    assert operations.vote_of(project) is None


def test_only_the_team_sets_up_and_a_draft_is_not_shown(cast, client, login_as, db):
    project = cast["project"]
    _vote(cast, publish=False)
    in_english(login_as(cast["other_user"]))
    assert client.get(f"/projects/{project.id}/vote/setup").status_code == 403
    assert client.get(f"/projects/{project.id}/vote").status_code == 404
    in_english(login_as(cast["facilitator"]))
    assert client.get(f"/projects/{project.id}/vote/setup").status_code == 403


def test_one_vote_per_person_inside_the_window_results_hidden_until_the_close(
        cast, client, login_as, db, clock):
    project = cast["project"]
    vote = _vote(cast)
    url = f"/projects/{project.id}/vote"
    first, second = vote.concepts
    in_english(login_as(cast["other_user"]))
    early = post(client, url, {"choice": str(first.id)}, page=url)
    assert early.status_code == 409 and "The vote is not open" in early.get_data(as_text=True)
    clock.move_to(OPENS + timedelta(minutes=5))
    assert post(client, url, {"choice": "99999999999"}, page=url).status_code == 400
    assert post(client, url, {"choice": str(first.id)}, page=url).status_code == 302
    again = post(client, url, {"choice": str(second.id)}, page=url)
    assert again.status_code == 409
    assert "You have already voted." in again.get_data(as_text=True)
    page = client.get(url).get_data(as_text=True)
    assert "You have voted." in page and "The results are hidden until the vote closes." in page
    assert "Results" not in page
    in_english(login_as(cast["member"]))
    assert post(client, url, {"choice": str(second.id)}, page=url).status_code == 302
    assert db.session.query(Ballot).filter_by(vote_id=vote.id).count() == 2
    clock.move_to(CLOSES + timedelta(seconds=1))
    in_english(login_as(make_user()))
    late = post(client, url, {"choice": str(first.id)}, page=url)
    assert late.status_code == 409 and "The vote is not open" in late.get_data(as_text=True)
    unconfirmed = make_user(is_confirmed=False)
    with force_locale("en"), pytest.raises(operations.ParticipationError, match="Confirm"):
        operations.cast(project, vote, unconfirmed, [first.id])


def test_the_close_publishes_results_with_turnout_and_starts_the_budget(
        cast, client, login_as, db, clock):
    project = cast["project"]
    vote = _vote(cast, concepts=3)
    a, b, c = vote.concepts
    clock.move_to(OPENS)
    for choice in (b, b, a):
        operations.cast(project, vote, make_user(), [choice.id])
    commit()  # the job starts from what is committed
    assert jobs.close_due_votes(NOW.date()) == 0  # not yet
    clock.move_to(CLOSES)
    assert jobs.close_due_votes(NOW.date()) == 1
    assert jobs.close_due_votes(NOW.date()) == 0  # twice is harmless
    db.session.refresh(vote)
    assert (vote.status, vote.turnout, vote.winner_id) == (VoteStatus.CLOSED, 3, b.id)
    in_english(login_as(cast["other_user"]))
    page = client.get(f"/projects/{project.id}/vote").get_data(as_text=True)
    assert "3 people voted." in page and "The winner: Konsept B" in page
    budget = task_progress(project, "planning", "budget")
    assert budget.answers == {"minimum": 200_000_00}  # B's cost, as a starting value
    events = {e.kind for e in db.session.query(ProjectEvent).filter_by(project_id=project.id)}
    assert {"vote_published", "vote_closed", "starting_value"} <= events


def test_a_cost_the_budget_field_would_refuse_is_not_handed_on(cast, db, clock):
    project, member = cast["project"], cast["member"]
    vote = operations.save_vote(project, member, SINGLE, OPENS, CLOSES)
    for cost in (9_000_000_00, 1_00):  # the field takes 1 000 to 5 000 000 kr
        operations.add_concept(project, vote, member, operations.NewConcept("K", "T", cost))
    operations.publish(project, vote, member)
    clock.move_to(OPENS)
    operations.cast(project, vote, make_user(), [vote.concepts[0].id])
    clock.move_to(CLOSES)
    closing.close_vote(vote.id)
    assert task_progress(project, "planning", "budget").answers == {}


def test_the_teams_own_budget_is_not_overwritten(cast, db, clock):
    project = cast["project"]
    save_task(project, "planning", "budget", cast["initiator"], {"minimum": 5_000_00},
              complete=False)
    vote = _vote(cast)
    clock.move_to(OPENS)
    operations.cast(project, vote, make_user(), [vote.concepts[0].id])
    clock.move_to(CLOSES)
    closing.close_vote(vote.id)
    assert task_progress(project, "planning", "budget").answers == {"minimum": 5_000_00}


def test_ranking_counts_points_and_the_page_takes_a_full_ranking(cast, client, login_as, db,
                                                                 clock):
    project = cast["project"]
    vote = _vote(cast, mode=RANKING, concepts=3)
    a, b, c = (x.id for x in vote.concepts)
    url = f"/projects/{project.id}/vote"
    clock.move_to(OPENS)
    in_english(login_as(cast["other_user"]))
    half = post(client, url, {f"rank-{a}": "1", f"rank-{b}": "1", f"rank-{c}": "2"}, page=url)
    assert half.status_code == 400
    assert "Rank every concept" in half.get_data(as_text=True)
    assert post(client, url, {f"rank-{a}": "2", f"rank-{b}": "3", f"rank-{c}": "1"},
                page=url).status_code == 302
    ballot = db.session.query(Ballot).filter_by(vote_id=vote.id).one()
    assert ballot.choices == [c, a, b]
    counted = results.count([a, b, c], [[c, a, b], [a, c, b], [a, b, c]], RANKING)
    assert counted["points"] == {str(a): 8, str(b): 4, str(c): 6}
    assert counted["winner"] == a
    tie = results.count([a, b], [[a, b], [b, a]], SINGLE)
    assert tie["winner"] == a  # a tie goes to the concept listed first


def test_the_gate_to_planning_reads_the_proposals_and_the_vote(cast, db, clock):
    from stedskaping.participation.proposals import operations as proposals
    from stedskaping.participation.proposals.models import ProposalStatus

    project, initiator = cast["project"], cast["initiator"]
    proposal = proposals.propose(project, cast["other_user"],
                                 proposals.NewProposal("Benk", "En benk."))
    vote = _vote(cast)

    def reasons():
        with force_locale("en"):
            [option] = [o for o in process.allowed_triggers(project, initiator, "en")
                        if o.trigger == "start_planning"]
            return option.allowed, [str(r) for r in option.reasons]

    assert reasons() == (False, [
        "Answer every proposal: 1 still wait for the team's answer.",
        "The concept vote has not closed yet."])
    proposals.answer(project, proposal, cast["member"], ProposalStatus.ACCEPTED, "")
    assert reasons() == (False, ["The concept vote has not closed yet."])
    clock.move_to(CLOSES)
    closing.close_vote(vote.id)
    assert reasons() == (True, [])
    process.advance(project, "start_planning", initiator)
    assert project.state == "planning"


def test_the_dashboard_shows_turnout(cast, client, login_as, db, clock):
    project = cast["project"]
    vote = _vote(cast)
    clock.move_to(OPENS)
    operations.cast(project, vote, make_user(), [vote.concepts[0].id])
    in_english(login_as(cast["facilitator"]))
    page = client.get("/supervision/").get_data(as_text=True)
    assert "Vote turnout" in page and "1 vote (open)" in page
    clock.move_to(CLOSES)
    closing.close_vote(vote.id)
    assert "1 vote<" in client.get("/supervision/").get_data(as_text=True)


def test_nothing_half_written_when_a_vote_is_closed_early(cast, db):
    vote = _vote(cast)
    with force_locale("en"), pytest.raises(operations.ParticipationError,
                                           match="closes at its closing time"):
        closing.close_vote(vote.id)
    db.session.refresh(vote)
    assert vote.status == VoteStatus.PUBLISHED and vote.results is None


def test_times_are_utc(cast):
    vote = _vote(cast, publish=False)
    assert vote.opens_dt.tzinfo is not None and vote.opens_dt == OPENS
    assert datetime(2026, 12, 1, 10, tzinfo=UTC) == OPENS


def test_a_published_vote_is_in_the_projects_calendar(cast, client, db):
    project = cast["project"]
    feed = f"/calendar/{project.calendar_token}.ics?lang=en"
    _vote(cast, publish=False)
    assert b"Concept vote" not in client.get(feed).data
    operations.publish(project, operations.vote_of(project), cast["member"])
    body = client.get(feed).data.decode()
    assert "Concept vote: Parken ved elva" in body.replace("\r\n ", "")
