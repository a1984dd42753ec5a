"""The dugnad ledger's own rows: the grants the team enters."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from stedskaping.db import created, db, intpk, money, project_fk


class LedgerGrant(db.Model):
    """A grant the project got (a municipal grant, a foundation): name and amount in øre."""

    __tablename__ = "ledger_grant"

    id: Mapped[intpk]
    project_id: Mapped[project_fk]
    name: Mapped[str] = mapped_column(sa.String(160))
    amount: Mapped[money]
    created_dt: Mapped[created]
