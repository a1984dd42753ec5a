"""Under real concurrency (PostgreSQL, threads): one vote per person however many
requests arrive at once, and reports counted exactly, the item hidden once."""

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from stedskaping.accounts.models import User
from stedskaping.db import unit_of_work
from stedskaping.extensions import db
from stedskaping.participation.moderation import operations as moderation
from stedskaping.participation.moderation.models import Moderation, ModerationStatus
from stedskaping.participation.proposals import operations as proposals
from stedskaping.participation.proposals.models import Proposal
from stedskaping.participation.taking_part import ParticipationError
from stedskaping.participation.vote import operations
from stedskaping.participation.vote.models import Ballot, ConceptVote
from stedskaping.projects.models import Project, ProjectEvent
from tests.conftest import NOW
from tests.fixtures.factories import make_cast, make_user

pytestmark = pytest.mark.commits
ATTEMPTS = 20


def _postgresql_only():
    if db.engine.dialect.name != "postgresql":
        pytest.skip("concurrent writers are a PostgreSQL matter; SQLite serialises them")


def _at_once(n, work):
    """Run ``work(i)`` in ``n`` threads released together; (successes, refusals, errors)."""
    barrier, outcomes = threading.Barrier(n), []

    def attempt(i):
        barrier.wait()
        try:
            work(i)
            outcomes.append("ok")
        except ParticipationError as exc:
            outcomes.append(str(exc.message))
        except Exception as exc:  # noqa: BLE001  (reported by the assertion)
            outcomes.append(f"error: {exc!r}")

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_20_concurrent_votes_by_one_person_count_once(app, clock):
    with app.app_context():
        _postgresql_only()
        with unit_of_work():
            cast = make_cast(workflow_key="deltakelse")
            vote = operations.save_vote(cast["project"], cast["member"], "single",
                                        NOW + timedelta(minutes=1), NOW + timedelta(days=3))
            for title in ("A", "B"):
                operations.add_concept(cast["project"], vote, cast["member"],
                                       operations.NewConcept(title, "Tekst", 100_00))
            operations.publish(cast["project"], vote, cast["member"])
            ids = vote.id, cast["project"].id, make_user().id, [c.id for c in vote.concepts]
    clock.move_to(NOW + timedelta(minutes=2))
    vote_id, project_id, voter_id, concepts = ids

    def vote_once(i):
        with app.app_context(), unit_of_work():
            operations.cast(db.session.get(Project, project_id),
                            db.session.get(ConceptVote, vote_id),
                            db.session.get(User, voter_id), [concepts[i % 2]])

    outcomes = _at_once(ATTEMPTS, vote_once)
    assert outcomes.count("ok") == 1
    assert [o for o in outcomes if o != "ok"] == [
        "You have already voted. Each person votes once."] * (ATTEMPTS - 1)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot).where(
            Ballot.vote_id == vote_id, Ballot.voter_id == voter_id)) == 1


def test_concurrent_reports_are_all_counted_and_hide_the_item_once(app):
    with app.app_context():
        _postgresql_only()
        with unit_of_work():
            cast = make_cast(workflow_key="deltakelse")
            proposal = proposals.propose(cast["project"], cast["other_user"],
                                         proposals.NewProposal("Reklame", "Kjøp billig!"))
            ids = proposal.id, cast["project"].id, [make_user().id for _ in range(8)]
    proposal_id, project_id, reporters = ids

    def report(i):
        with app.app_context(), unit_of_work():
            found = moderation.find("proposal", proposal_id, db.session.get(User, reporters[i]))
            moderation.report(found, proposal_id, db.session.get(User, reporters[i]),
                              "spam", "")

    assert _at_once(len(reporters), report) == ["ok"] * len(reporters)
    with app.app_context():
        row = db.session.scalar(sa.select(Moderation).where(Moderation.item_id == proposal_id))
        assert (row.report_count, row.status) == (8, ModerationStatus.HIDDEN)
        assert db.session.get(Proposal, proposal_id).is_hidden
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ProjectEvent).where(
            ProjectEvent.project_id == project_id,
            ProjectEvent.kind == "moderation_hidden")) == 1
