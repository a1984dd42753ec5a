"""The concept vote's sweep: closing votes at their closing time."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from stedskaping.db import db, rollback, unit_of_work, utcnow
from stedskaping.participation.taking_part import ParticipationError
from stedskaping.participation.vote.closing import close_vote
from stedskaping.participation.vote.models import ConceptVote, VoteStatus


def due_votes(now=None) -> list[int]:
    now = now or utcnow()
    return list(db.session.scalars(sa.select(ConceptVote.id).where(
        ConceptVote.status == VoteStatus.PUBLISHED, ConceptVote.closes_dt <= now)
        .order_by(ConceptVote.id)))


def close_due_votes(today: date) -> int:
    """The job: close every published vote whose closing time has passed, each in its
    own transaction (safe to run twice: a closed vote is skipped)."""
    ids = due_votes()
    rollback()
    closed = 0
    for vote_id in ids:
        try:
            with unit_of_work():
                close_vote(vote_id)
            closed += 1
        except ParticipationError:
            pass  # closed meanwhile by another process or a person
    return closed
