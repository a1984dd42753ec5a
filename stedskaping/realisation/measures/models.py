"""A physical measure of a project's plan."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from stedskaping.db import created, db, intpk, project_fk


class Measure(db.Model):
    """One physical thing the camp builds or changes. ``will_build`` is false for a measure
    the team has set aside: it needs no permit and no keeper. ``is_permit_free`` marks one
    the team says needs no permit at all (a planter on the team's own ground); the permit
    guard counts it as cleared. ``position`` orders the list."""

    __tablename__ = "realisation_measure"

    id: Mapped[intpk]
    project_id: Mapped[project_fk]
    title: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    will_build: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    created_dt: Mapped[created]
    is_permit_free: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
