"""Municipalities' sweep: facilitator invitations that are spent."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from stedskaping.db import commit, db, utcnow
from stedskaping.municipalities.models import FacilitatorInvitation


def old_facilitator_invitations(today: date) -> int:
    """Drop facilitator invitations never accepted that expired or were closed a month ago
    (and with them the hashes of their links)."""
    before = utcnow() - timedelta(days=30)
    dropped = db.session.execute(sa.delete(FacilitatorInvitation).where(
        FacilitatorInvitation.accepted_by_id.is_(None), sa.or_(
            FacilitatorInvitation.expires_dt < before,
            FacilitatorInvitation.closed_dt < before))).rowcount
    commit()
    return dropped


def register(registry) -> None:
    registry.job("old_facilitator_invitations", old_facilitator_invitations,
                 {"trigger": "cron", "hour": 3},
                 "facilitator invitations never accepted, a month after they ended")
