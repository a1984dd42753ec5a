"""The demo has one project started like a published demo project, shown both ways."""

from __future__ import annotations

import sqlalchemy as sa

from stedskaping import demo
from stedskaping.learning.catalogue.models import CatalogueEntry
from stedskaping.learning.lineage import operations
from stedskaping.learning.lineage.demo import COPY_TITLE, ORIGIN_TITLE
from stedskaping.projects.models import Project
from stedskaping.realisation.measures.models import Measure


def test_the_demo_copy(db, client):
    demo.seed()
    demo.seed()  # again: still one copy
    [copy] = db.session.scalars(sa.select(Project).where(Project.title == COPY_TITLE)).all()
    origin = operations.origin_of(copy)
    assert origin.title == ORIGIN_TITLE
    assert db.session.scalar(sa.select(sa.func.count(Measure.id)).where(
        Measure.project_id == copy.id)) == db.session.scalar(
        sa.select(sa.func.count(Measure.id)).where(Measure.project_id == origin.id))
    entry = db.session.scalar(sa.select(CatalogueEntry).where(
        CatalogueEntry.project_id == origin.id))
    page = " ".join(client.get(f"/catalogue/{entry.id}").get_data(as_text=True).split())
    assert COPY_TITLE in page
