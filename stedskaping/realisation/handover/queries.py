"""What the handover page and the guard ``handover_confirmed`` read."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext

from stedskaping.db import db
from stedskaping.realisation.handover.models import Keeper
from stedskaping.realisation.measures.queries import measures_of


def keepers_by_measure(project_id: int) -> dict[int, Keeper]:
    return {k.measure_id: k for k in db.session.scalars(
        sa.select(Keeper).where(Keeper.project_id == project_id)
        .options(sa.orm.selectinload(Keeper.tasks)))}


def handover_rows(project) -> list[tuple]:
    """[(built measure, its keeper or None)] in the plan's order."""
    keepers = keepers_by_measure(project.id)
    return [(m, keepers.get(m.id)) for m in measures_of(project.id) if m.will_build]


def handover_gaps(project) -> list[str]:
    """Fact: the built measures without a keeper who has confirmed."""
    rows = handover_rows(project)
    if not rows:
        return [gettext("no measure is built")]
    return [m.title for m, keeper in rows if keeper is None or keeper.confirmed_dt is None]
