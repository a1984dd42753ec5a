"""Reading the measures, and the camp's window they are built in."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.projects import process
from stedskaping.realisation.measures.models import Measure


def measures_of(project_id: int) -> list[Measure]:
    return list(db.session.scalars(sa.select(Measure).where(Measure.project_id == project_id)
                                   .order_by(Measure.position, Measure.id)))


def camp_window(project) -> tuple[date, date] | None:
    """The first and last day of the camp (the workflow's camp stage, as planned now)."""
    stage = process.workflow_for(project).workflow.camp_stage
    window = project.window(stage) if stage else None
    if window is None or window.starts_on is None or window.ends_on is None:
        return None
    return window.starts_on, window.ends_on


def camp_last_day_sql(project):
    """The camp's last day of the project row ``project`` as an SQL scalar (for guards asked
    of many projects at once): the window of its workflow's camp stage, or NULL."""
    from stedskaping.projects.models import StageWindow

    camp_stages = [(c.workflow.key, c.workflow.camp_stage) for c in process.workflows().all()
                   if c.workflow.camp_stage]
    if not camp_stages:
        return sa.null()
    return (sa.select(StageWindow.ends_on)
            .where(StageWindow.project_id == project.id,
                   sa.or_(*(sa.and_(project.workflow_key == key, StageWindow.stage_key == stage)
                            for key, stage in camp_stages)))
            # Tied to the project row however deep it is nested (in a permit's test).
            .correlate_except(StageWindow).limit(1).scalar_subquery())


def built_measures_sql(project):
    """The project row's measures that will be built (a correlated select)."""
    return sa.select(Measure.id).where(Measure.project_id == project.id,
                                       Measure.will_build.is_(True))


def camp_last_days(projects) -> dict[int, date]:
    """{project id: the camp's last day} for many projects, in one query."""
    from stedskaping.projects.models import StageWindow

    stages = {p.id: process.workflow_for(p).workflow.camp_stage for p in projects}
    if not stages:
        return {}
    rows = db.session.execute(sa.select(StageWindow.project_id, StageWindow.stage_key,
                                        StageWindow.ends_on)
                              .where(StageWindow.project_id.in_(list(stages))))
    return {pid: ends for pid, stage, ends in rows if stages[pid] == stage and ends}
