from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stedskaping.db import created, db, intpk, project_fk, user_ref

if TYPE_CHECKING:
    from stedskaping.accounts.models import User


class FacilitatorNote(db.Model):
    """A facilitator's private note on a project: the team never sees it."""

    __tablename__ = "facilitator_note"

    id: Mapped[intpk]
    project_id: Mapped[project_fk]
    author_id: Mapped[user_ref | None]
    body: Mapped[str] = mapped_column(sa.Text)
    created_dt: Mapped[created]

    author: Mapped[User | None] = relationship()
