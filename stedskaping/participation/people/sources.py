"""The proposals and the concept vote on the participant page: who proposed, supported
a proposal or voted (whether, never how)."""

from __future__ import annotations

import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.participation.people.queries import Activity
from stedskaping.participation.proposals.models import Proposal, ProposalSupport
from stedskaping.participation.vote.models import Ballot, ConceptVote
from stedskaping.text import _l


def proposals(project) -> list[Activity]:
    from stedskaping.accounts.models import User

    made = db.session.execute(
        sa.select(Proposal.title, Proposal.created_dt, User.email, User.name)
        .join(User, User.id == Proposal.author_id).where(Proposal.project_id == project.id))
    supported = db.session.execute(
        sa.select(Proposal.title, ProposalSupport.created_dt, User.email, User.name)
        .join(Proposal, Proposal.id == ProposalSupport.proposal_id)
        .join(User, User.id == ProposalSupport.user_id)
        .where(Proposal.project_id == project.id))
    return ([Activity(email, name, _l("Proposed: %(title)s", title=title), when)
             for title, when, email, name in made]
            + [Activity(email, name, _l("Supported the proposal: %(title)s", title=title),
                        when) for title, when, email, name in supported])


def votes(project) -> list[Activity]:
    from stedskaping.accounts.models import User

    rows = db.session.execute(
        sa.select(Ballot.created_dt, User.email, User.name)
        .join(ConceptVote, ConceptVote.id == Ballot.vote_id)
        .join(User, User.id == Ballot.voter_id).where(ConceptVote.project_id == project.id))
    return [Activity(email, name, _l("Voted in the concept vote"), when)
            for when, email, name in rows]
