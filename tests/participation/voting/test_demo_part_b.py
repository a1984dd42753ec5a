"""The demo data of part B: proposals in several states and a closed vote."""

from stedskaping.participation.demo_part_b import seed_proposals_and_vote
from stedskaping.participation.proposals.operations import counts
from stedskaping.participation.vote.models import VoteStatus
from stedskaping.participation.vote.operations import vote_of
from stedskaping.projects.operations import task_progress
from tests.fixtures.factories import make_user


def test_the_demo_has_proposals_in_several_states_and_a_closed_vote(cast, db):
    project = cast["project"]
    neighbours = [make_user() for _ in range(5)]
    seed_proposals_and_vote(project, cast["member"], neighbours)
    seed_proposals_and_vote(project, cast["member"], neighbours)  # again: nothing new
    found = counts(project)
    assert (found["accepted"], found["not_possible"], found["evaluating"],
            found["withdrawn"]) == (2, 1, 1, 1)
    vote = vote_of(project)
    assert vote.status == VoteStatus.CLOSED and vote.turnout == 5
    assert vote.winner_id == vote.concepts[0].id
    assert task_progress(project, "planning", "budget").answers == {"minimum": 180_000_00}
