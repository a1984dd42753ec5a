"""Demo data for part B of participation (proposals, the concept vote, moderation):
``seed_proposals_and_vote`` gives a project in participation proposals in several
states and a closed vote. The domain's demo (``flask seed demo``) calls it for its
project in participation; it does nothing for a project that already has proposals."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from stedskaping.db import db, utcnow
from stedskaping.participation.proposals import operations as proposals
from stedskaping.participation.proposals.models import Proposal, ProposalStatus
from stedskaping.participation.vote import closing
from stedskaping.participation.vote import operations as vote_ops

PROPOSALS = (
    ("Benker i sola ved elva", "Tre benker med rygg, vendt mot kveldssola.", "Ved svingen",
     ProposalStatus.ACCEPTED, "Tatt med i konsept A og B."),
    ("Blomstereng i stedet for plen", "Mindre klipping og mer liv for humler.", "",
     ProposalStatus.ACCEPTED, "Tatt med i konsept B."),
    ("Parkour-anlegg", "Stativer og murer for de eldste barna.", "Mot veien",
     ProposalStatus.NOT_POSSIBLE, "For dyrt for seks dager; vi tar det med til kommunen."),
    ("Lys langs stien", "Solcellelys så stien føles trygg om vinteren.", "Stien",
     ProposalStatus.EVALUATING, "Vi sjekker med kommunen om strøm og tillatelse."),
)
CONCEPTS = (("A: Møteplassen", "Benker, en liten scene og et langbord under eika.", 180_000_00),
            ("B: Den grønne lomma", "Blomstereng, benker og bed for skolen.", 140_000_00))


def seed_proposals_and_vote(project, team_member, neighbours: list) -> None:
    """Proposals by ``neighbours`` answered by ``team_member``, one withdrawn, and a vote
    of two concepts the neighbours took part in, closed with its results published
    (the winner's cost becomes the budget's starting value where the workflow says so)."""
    if db.session.scalar(sa.select(sa.func.count()).select_from(Proposal).where(
            Proposal.project_id == project.id)):
        return
    for i, (title, body, where, status, answer) in enumerate(PROPOSALS):
        made = proposals.propose(project, neighbours[i % len(neighbours)],
                                 proposals.NewProposal(title, body, where))
        for supporter in neighbours[: i + 2]:
            if supporter.id != made.author_id:
                proposals.support(project, made, supporter)
        proposals.answer(project, made, team_member, status, answer)
    withdrawn = proposals.propose(project, neighbours[0], proposals.NewProposal(
        "Ballbinge", "En liten ballbinge for fotball."))
    proposals.withdraw(project, withdrawn, neighbours[0], "Det er en ballbinge ved skolen.")
    _closed_vote(project, team_member, neighbours)


def _closed_vote(project, team_member, neighbours) -> None:
    now = utcnow()
    vote = vote_ops.save_vote(project, team_member, "single", now - timedelta(days=14),
                              now + timedelta(minutes=1))
    for title, text, cost in CONCEPTS:
        vote_ops.add_concept(project, vote, team_member, vote_ops.NewConcept(title, text, cost))
    vote_ops.publish(project, vote, team_member)
    for n, person in enumerate(neighbours):
        vote_ops.cast(project, vote, person, [vote.concepts[n % 3 == 2].id])
    # The demo shows a vote that closed a week ago: its window is moved into the past.
    vote.closes_dt = now - timedelta(days=7)
    db.session.flush()
    closing.close_vote(vote.id)
