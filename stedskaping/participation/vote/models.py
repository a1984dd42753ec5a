"""The concept vote: two to five concepts, one ballot per confirmed person."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stedskaping.db import created, db, intpk, money, user_fk, user_ref
from stedskaping.statuses import Moves, StatusType


class VoteStatus(StrEnum):
    """A draft is the team's; published, it is open between its opening and closing
    time; closed, its results are published."""

    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"


VOTE_MOVES = Moves("ConceptVote", {
    None: {VoteStatus.DRAFT},
    VoteStatus.DRAFT: {VoteStatus.PUBLISHED},
    VoteStatus.PUBLISHED: {VoteStatus.CLOSED},
})

SINGLE = "single"  # one concept per ballot
RANKING = "ranking"  # every concept in order of preference (Borda count)
MODES = (SINGLE, RANKING)
MIN_CONCEPTS, MAX_CONCEPTS = 2, 5


class ConceptVote(db.Model):
    __tablename__ = "concept_vote"

    id: Mapped[intpk]
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), unique=True)
    mode: Mapped[str] = mapped_column(sa.String(16), default=SINGLE)
    opens_dt: Mapped[datetime]
    closes_dt: Mapped[datetime] = mapped_column(index=True)
    status: Mapped[VoteStatus] = mapped_column(StatusType(VoteStatus, 16),
                                               default=VoteStatus.DRAFT)
    # Written when the vote closes: {concept id: points}, the number of ballots, the winner.
    results: Mapped[dict | None] = mapped_column(sa.JSON)
    turnout: Mapped[int | None]
    winner_id: Mapped[int | None]  # a concept of this vote (no foreign key: no cycle)
    closed_dt: Mapped[datetime | None]
    created_by_id: Mapped[user_ref | None]
    created_dt: Mapped[created]

    concepts: Mapped[list[Concept]] = relationship(
        back_populates="vote", cascade="all, delete-orphan", order_by="Concept.position")

    def is_open(self, now: datetime) -> bool:
        return self.status == VoteStatus.PUBLISHED and self.opens_dt <= now < self.closes_dt


class Concept(db.Model):
    __tablename__ = "concept"

    id: Mapped[intpk]
    vote_id: Mapped[int] = mapped_column(
        sa.ForeignKey("concept_vote.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text)
    sketch: Mapped[str | None] = mapped_column(sa.String(80))  # stored name (projects.files)
    cost_amount: Mapped[money]

    vote: Mapped[ConceptVote] = relationship(back_populates="concepts")


class Ballot(db.Model):
    """A person's vote: the unique key keeps it to one per person, however many
    requests arrive at once. ``choices`` lists concept ids, most preferred first."""

    __tablename__ = "ballot"
    __table_args__ = (sa.UniqueConstraint("vote_id", "voter_id"),)

    id: Mapped[intpk]
    vote_id: Mapped[int] = mapped_column(
        sa.ForeignKey("concept_vote.id", ondelete="CASCADE"), index=True)
    voter_id: Mapped[user_fk]
    choices: Mapped[list] = mapped_column(sa.JSON)
    created_dt: Mapped[created]


def move(vote: ConceptVote, new: VoteStatus) -> None:
    """The only place a vote's status is written."""
    VOTE_MOVES.check(vote, new)
    vote.status = new
