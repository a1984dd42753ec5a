"""What the handover page and the guard ``handover_confirmed`` read."""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from flask_babel import gettext

from stedskaping.db import db
from stedskaping.realisation.handover.models import Keeper
from stedskaping.realisation.measures.models import Measure
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
    return handover_gaps_many([project])[project.id]


def handover_gaps_many(projects) -> dict[int, list[str]]:
    """The fact ``handover_gaps`` for many projects, in one query."""
    rows = db.session.execute(
        sa.select(Measure.project_id, Measure.title, Keeper.confirmed_dt)
        .outerjoin(Keeper, Keeper.measure_id == Measure.id)
        .where(Measure.project_id.in_([p.id for p in projects]),
               Measure.will_build.is_(True))
        .order_by(Measure.project_id, Measure.position, Measure.id)).all()
    built, open_ = defaultdict(int), defaultdict(list)
    for project_id, title, confirmed in rows:
        built[project_id] += 1
        if confirmed is None:
            open_[project_id].append(title)
    return {p.id: open_[p.id] if built[p.id] else [gettext("no measure is built")]
            for p in projects}


def handover_confirmed_sql(project):
    """The guard ``handover_confirmed`` as SQL on the project row ``project`` (the review
    queue asks it of many projects at once); agrees with :func:`handover_gaps`."""
    from stedskaping.realisation.measures.queries import built_measures_sql

    confirmed = sa.select(Keeper.id).where(Keeper.measure_id == Measure.id,
                                           Keeper.confirmed_dt.is_not(None))
    return sa.and_(built_measures_sql(project).exists(),
                   ~built_measures_sql(project).where(~confirmed.exists()).exists())
