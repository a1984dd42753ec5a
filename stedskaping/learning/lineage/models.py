"""Where a project came from: the proven project it was started like."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stedskaping.db import created, db, intpk, user_ref


class ProjectOrigin(db.Model):
    """The link from a copy to the project it was started from (one origin per copy).
    The copy keeps its link when the origin is deleted: the row goes with it."""

    __tablename__ = "project_origin"

    id: Mapped[intpk]
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), unique=True)
    origin_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True)
    started_by_id: Mapped[user_ref | None]
    created_dt: Mapped[created]

    project = relationship("Project", foreign_keys=[project_id])
    origin = relationship("Project", foreign_keys=[origin_id])
