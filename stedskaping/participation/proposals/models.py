"""Proposals from neighbours, and who supports them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stedskaping.db import created, db, intpk, project_fk, user_fk, user_ref
from stedskaping.statuses import Moves, StatusType

if TYPE_CHECKING:
    from stedskaping.accounts.models import User


class ProposalStatus(StrEnum):
    """Where a proposal stands: the team answers it, its author may withdraw it."""

    SUBMITTED = "submitted"
    EVALUATING = "evaluating"
    ACCEPTED = "accepted"  # taken into the concept
    NOT_POSSIBLE = "not_possible"  # with the team's reason
    WITHDRAWN = "withdrawn"  # by its author, with a reason


PROPOSAL_MOVES = Moves("Proposal", {
    None: {ProposalStatus.SUBMITTED},
    ProposalStatus.SUBMITTED: {ProposalStatus.EVALUATING, ProposalStatus.ACCEPTED,
                               ProposalStatus.NOT_POSSIBLE, ProposalStatus.WITHDRAWN},
    ProposalStatus.EVALUATING: {ProposalStatus.ACCEPTED, ProposalStatus.NOT_POSSIBLE,
                                ProposalStatus.WITHDRAWN},
    # The team may change its mind about an answer, but nobody brings back a withdrawn one.
    ProposalStatus.ACCEPTED: {ProposalStatus.EVALUATING, ProposalStatus.NOT_POSSIBLE},
    ProposalStatus.NOT_POSSIBLE: {ProposalStatus.EVALUATING, ProposalStatus.ACCEPTED},
})
UNANSWERED = (ProposalStatus.SUBMITTED, ProposalStatus.EVALUATING)
ANSWERED = (ProposalStatus.ACCEPTED, ProposalStatus.NOT_POSSIBLE)
# What the team may answer with (the author alone withdraws).
ANSWERS = (ProposalStatus.EVALUATING, ProposalStatus.ACCEPTED, ProposalStatus.NOT_POSSIBLE)


class Proposal(db.Model):
    __tablename__ = "proposal"
    __table_args__ = (sa.Index("ix_proposal_project_status", "project_id", "status"),)

    id: Mapped[intpk]
    project_id: Mapped[project_fk]
    author_id: Mapped[user_ref | None]
    title: Mapped[str] = mapped_column(sa.String(160))
    body: Mapped[str] = mapped_column(sa.Text)
    location: Mapped[str] = mapped_column(sa.String(200), default="")
    # The photo's stored name (projects.files), or None.
    photo: Mapped[str | None] = mapped_column(sa.String(80))
    status: Mapped[ProposalStatus] = mapped_column(StatusType(ProposalStatus, 16),
                                                   default=ProposalStatus.SUBMITTED)
    # The team's answer (required for "not possible"), or the author's reason to withdraw.
    answer: Mapped[str | None] = mapped_column(sa.Text)
    answered_by_id: Mapped[user_ref | None]
    answered_dt: Mapped[datetime | None]
    withdrawn_reason: Mapped[str | None] = mapped_column(sa.Text)
    # Set by moderation: a hidden proposal is left out of every list and count.
    is_hidden: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    support_count: Mapped[int] = mapped_column(default=0, server_default="0")
    created_dt: Mapped[created]

    author: Mapped[User | None] = relationship(foreign_keys="Proposal.author_id")


# The list, in pages, most supported first.
sa.Index("ix_proposal_project_support", Proposal.project_id, Proposal.support_count.desc(),
         Proposal.id)


class ProposalSupport(db.Model):
    """One person's support of a proposal: the unique key makes it one per person."""

    __tablename__ = "proposal_support"
    __table_args__ = (sa.UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[intpk]
    proposal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[user_fk]
    created_dt: Mapped[created]


def move(proposal: Proposal, new: ProposalStatus) -> None:
    """The only place a proposal's status is written (IllegalMove if the table forbids it)."""
    PROPOSAL_MOVES.check(proposal, new)
    proposal.status = new
