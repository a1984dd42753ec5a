"""Adding, changing, ordering and removing the plan's measures."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.domain import DomainError
from stedskaping.realisation.measures.models import Measure
from stedskaping.text import _l

MAX_MEASURES = 100


class MeasureError(DomainError):
    """A change to a measure that cannot be made, with the reason."""


@dataclass(frozen=True)
class MeasurePlan:
    title: str
    description: str = ""
    will_build: bool = True
    is_permit_free: bool = False


def _check(plan: MeasurePlan) -> None:
    if not plan.title.strip():
        raise MeasureError(_l("Give the measure a name, like “Bench by the river”."), "title")


def add_measure(project, plan: MeasurePlan) -> Measure:
    """A new measure at the end of the project's list."""
    _check(plan)
    count, last = db.session.execute(
        sa.select(sa.func.count(Measure.id), sa.func.max(Measure.position))
        .where(Measure.project_id == project.id)).one()
    if count >= MAX_MEASURES:
        raise MeasureError(_l("A plan has room for 100 measures."), "title")
    measure = Measure(project_id=project.id, position=(last or 0) + 1, **_columns(plan))
    db.session.add(measure)
    db.session.flush()
    return measure


def _columns(plan: MeasurePlan) -> dict:
    return {"title": plan.title.strip(), "description": (plan.description or "").strip(),
            "will_build": plan.will_build, "is_permit_free": plan.is_permit_free}


def change_measure(measure: Measure, plan: MeasurePlan) -> Measure:
    """Rename or describe a measure, set it aside (not built) or say it needs no permit."""
    _check(plan)
    for name, value in _columns(plan).items():
        setattr(measure, name, value)
    db.session.flush()
    return measure


def move_measure(measure: Measure, up: bool) -> None:
    """Swap the measure with the one before (``up``) or after it in the list."""
    from stedskaping.realisation.measures.queries import measures_of

    measures = measures_of(measure.project_id)
    i = measures.index(measure)
    j = i - 1 if up else i + 1
    if not 0 <= j < len(measures):
        return
    for n, m in enumerate(measures, start=1):
        m.position = n
    measures[i].position, measures[j].position = measures[j].position, measures[i].position
    db.session.flush()


def remove_measure(measure: Measure) -> None:
    """Delete the measure with its permits, keeper and their documents."""
    from stedskaping.projects import files
    from stedskaping.realisation.permits.models import Permit

    for permit in db.session.scalars(sa.select(Permit).where(Permit.measure_id == measure.id)):
        if permit.document_stored:
            files.discard(measure.project_id, permit.document_stored)
    db.session.delete(measure)
    db.session.flush()
