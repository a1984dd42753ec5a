"""The permit table and the guard ``permits_granted`` read here."""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from flask_babel import gettext

from stedskaping.db import db
from stedskaping.formats import date_text
from stedskaping.realisation.measures.models import Measure
from stedskaping.realisation.measures.queries import camp_last_days, camp_window
from stedskaping.realisation.permits.models import Permit, PermitStatus


def permits_by_measure(project_id: int) -> dict[int, list[Permit]]:
    rows = db.session.scalars(sa.select(Permit).where(Permit.project_id == project_id)
                              .order_by(Permit.id))
    found = defaultdict(list)
    for permit in rows:
        found[permit.measure_id].append(permit)
    return found


def _measures_with_permits(project_ids) -> dict[int, list[tuple]]:
    """{project id: [(measure, its permits)]} in the plan's order, in one query."""
    rows = db.session.execute(
        sa.select(Measure, Permit).outerjoin(Permit, Permit.measure_id == Measure.id)
        .where(Measure.project_id.in_(list(project_ids)))
        .order_by(Measure.project_id, Measure.position, Measure.id, Permit.id)).all()
    measures, permits = {}, defaultdict(list)
    for measure, permit in rows:
        measures.setdefault(measure.id, measure)
        if permit is not None:
            permits[measure.id].append(permit)
    found = defaultdict(list)
    for measure in measures.values():
        found[measure.project_id].append((measure, permits[measure.id]))
    return found


def permit_table(project) -> list[tuple]:
    """[(measure, its permits, what it lacks or None)] in the plan's order (one query)."""
    window = camp_window(project)
    return _table(_measures_with_permits([project.id])[project.id],
                  window[1] if window else None)


def _table(rows, last_day) -> list[tuple]:
    return [(m, permits, _lack(m, permits, last_day)) for m, permits in rows]


def _lack(measure, permits: list[Permit], last_day) -> str | None:
    """Why the measure is not cleared to be built, in the reader's language; None if it is."""
    if not measure.will_build or measure.is_permit_free:
        return None
    if not permits:
        return gettext("no permit recorded")
    for permit in permits:
        if permit.status == PermitStatus.REFUSED:
            return gettext("refused by %(grantor)s", grantor=permit.grantor_name)
        if not permit.is_granted:
            return gettext("not granted yet by %(grantor)s", grantor=permit.grantor_name)
        if last_day and permit.expires_on and permit.expires_on < last_day:
            return gettext("the permit from %(grantor)s expires %(date)s, before the camp ends",
                           grantor=permit.grantor_name,
                           date=date_text(permit.expires_on))
    return None


def permit_gaps(project) -> list[str]:
    """Fact: "Measure: what it lacks" for each measure that will be built and is not
    cleared; a plan with no measure to build lacks its measures."""
    return _gaps(permit_table(project))


def permit_gaps_many(projects) -> dict[int, list[str]]:
    """The fact ``permit_gaps`` for many projects, in two queries (the review queue)."""
    rows = _measures_with_permits([p.id for p in projects])
    last_days = camp_last_days(projects)
    return {p.id: _gaps(_table(rows[p.id], last_days.get(p.id))) for p in projects}


def _gaps(table) -> list[str]:
    if not any(m.will_build for m, _p, _x in table):
        return [gettext("the plan has no measure to build yet")]
    return [f"{m.title}: {lack}" for m, _p, lack in table if lack]


def permits_granted_sql(project):
    """The guard ``permits_granted`` as SQL on the project row ``project`` (the review
    queue asks it of many projects at once); agrees with :func:`permit_gaps`."""
    from stedskaping.realisation.measures.queries import built_measures_sql, camp_last_day_sql
    from stedskaping.realisation.permits.models import GRANTED

    lacking = sa.or_(
        ~sa.select(Permit.id).where(Permit.measure_id == Measure.id).exists(),
        sa.select(Permit.id).where(
            Permit.measure_id == Measure.id,
            sa.or_(Permit.status.not_in(GRANTED),
                   Permit.expires_on < camp_last_day_sql(project))).exists())
    uncleared = built_measures_sql(project).where(Measure.is_permit_free.is_(False), lacking)
    return sa.and_(built_measures_sql(project).exists(), ~uncleared.exists())
