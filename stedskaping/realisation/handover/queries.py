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


def handover_confirmed_sql(project):
    """The guard ``handover_confirmed`` as SQL on the project row ``project`` (the review
    queue asks it of many projects at once); agrees with :func:`handover_gaps`."""
    from stedskaping.realisation.measures.models import Measure
    from stedskaping.realisation.measures.queries import built_measures_sql

    confirmed = sa.select(Keeper.id).where(Keeper.measure_id == Measure.id,
                                           Keeper.confirmed_dt.is_not(None))
    return sa.and_(built_measures_sql(project).exists(),
                   ~built_measures_sql(project).where(~confirmed.exists()).exists())
