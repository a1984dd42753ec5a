"""The lineage's demo data: one project started like a catalogued demo project."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.learning.lineage import operations
from stedskaping.projects.models import Project

ORIGIN_TITLE = "Sittetrapp ved Elvebredden"
COPY_TITLE = "Sittetrapp i Nordre park"


def seed(users, municipality, today: date) -> Project | None:
    """A team member of the demo starts "Sittetrapp i Nordre park" like the published
    "Sittetrapp ved Elvebredden" (its measures, budget lines, materials, day plan and
    shifts copied). Safe to run again: an existing copy is left as it is."""
    origin = db.session.scalar(sa.select(Project).where(
        Project.title == ORIGIN_TITLE, Project.municipality_id == municipality.id))
    if origin is None or not operations.is_proven(origin):
        return None
    existing = db.session.scalar(sa.select(Project).where(
        Project.title == COPY_TITLE, Project.municipality_id == municipality.id))
    if existing is not None:
        return existing
    starter = (users.get("team") or [users["initiator"]])[0]
    return operations.start_like(origin, starter, operations.Copy(
        title=COPY_TITLE, place_name="Nordre park", municipality_id=municipality.id,
        start_on=today + timedelta(days=14), today=today))
