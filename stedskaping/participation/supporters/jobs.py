"""The supporters' sweep: sign-ups never confirmed are deleted after a month."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from stedskaping.db import commit, db, utcnow
from stedskaping.participation.supporters.models import Supporter

KEEP_UNCONFIRMED = timedelta(days=30)  # the link works for 7 days; then some slack


def unconfirmed_supporters(today: date) -> int:
    """Delete the details of people who signed up but never opened the link: they did
    not confirm, so the team may not keep them."""
    gone = db.session.execute(sa.delete(Supporter).where(
        Supporter.confirmed_dt.is_(None),
        Supporter.created_dt < utcnow() - KEEP_UNCONFIRMED)).rowcount
    commit()
    return gone
