"""Accounts' sweep: the hashes of e-mailed links that are spent."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from stedskaping.accounts.models import AccountToken
from stedskaping.db import commit, db, utcnow


def spent_links(today: date) -> int:
    """Drop the hashes of e-mailed links (password resets, address confirmations) that
    were used or expired a month ago."""
    before = utcnow() - timedelta(days=30)
    dropped = db.session.execute(sa.delete(AccountToken).where(sa.or_(
        AccountToken.expires_dt < before, AccountToken.used_dt < before))).rowcount
    commit()
    return dropped


def register(registry) -> None:
    registry.job("spent_links", spent_links, {"trigger": "cron", "hour": 3},
                 "e-mailed account links used or expired a month ago")
