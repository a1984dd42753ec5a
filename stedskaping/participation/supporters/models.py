"""A supporter of a project: a neighbour who put their name behind it (no account needed)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from stedskaping.db import created, db, intpk, project_fk, user_ref


class Supporter(db.Model):
    """One address per project. It counts once its owner has opened the confirmation
    link (``confirmed_dt``); ``user_id`` links the account with that address, when
    there is one. Withdrawing deletes the row: nothing is kept of people who left."""

    __tablename__ = "supporter"
    __table_args__ = (sa.UniqueConstraint("project_id", "email"),
                      # the team's list, in pages in the order they confirmed
                      sa.Index("ix_supporter_project_confirmed", "project_id", "confirmed_dt",
                               "id"))

    id: Mapped[intpk]
    project_id: Mapped[project_fk]
    name: Mapped[str] = mapped_column(sa.String(120))
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    area: Mapped[str | None] = mapped_column(sa.String(200))
    wants_updates: Mapped[bool] = mapped_column(default=False)
    consent_text: Mapped[str] = mapped_column(sa.Text)  # what they agreed to, as shown
    locale: Mapped[str | None] = mapped_column(sa.String(8))  # for the mails they get
    user_id: Mapped[user_ref | None] = mapped_column(index=True)
    created_dt: Mapped[created]
    confirmed_dt: Mapped[datetime | None]

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_dt is not None
