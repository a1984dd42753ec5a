"""Starting a project like a proven one: the new project gets the origin's measures,
budget lines, materials list, day plan and shift templates (never its people, money,
answers or files) and keeps a link to its origin."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from stedskaping.db import db
from stedskaping.domain import DomainError
from stedskaping.funding.models import Campaign, CampaignStatus
from stedskaping.learning.evaluation.models import EvaluationRound
from stedskaping.learning.lineage import notices
from stedskaping.learning.lineage.models import ProjectOrigin
from stedskaping.projects import events, from_domains
from stedskaping.projects.models import Project
from stedskaping.projects.operations import NewProject, create_project
from stedskaping.projects.process import is_finished
from stedskaping.realisation.camp.models import CampActivity
from stedskaping.realisation.materials.models import DELIVERY_MOVES, Delivery, DeliveryStatus
from stedskaping.realisation.materials.queries import materials_of
from stedskaping.realisation.measures.models import Measure
from stedskaping.realisation.shifts.models import CampShift, ShiftStatus
from stedskaping.text import _l


class LineageError(DomainError):
    """A project that cannot be started from this one, with the reason."""


@dataclass(frozen=True)
class Copy:
    """What the person starting the copy gives: the new project's own name, place,
    municipality and start date."""

    title: str
    place_name: str
    municipality_id: int
    start_on: date
    today: date | None = None


def is_proven(project) -> bool:
    """A project others may start from: past its camp (in evaluation or completed)."""
    return is_finished(project)


def start_like(origin, actor, data: Copy) -> Project:
    """Start a new project like ``origin`` with ``create_project`` (the same workflow)
    and copy into it the measures (without permits' decisions or documents), the budget
    lines (the cost plan of the origin's campaign, as the new project's draft campaign,
    and its sum as the starting value of the budget task), the materials list (as items to
    find: promised, without pledges or days), the day plan (activities by day number) and
    the shift templates (without sign-ups or leads). The origin's team gets a notice."""
    if not is_proven(origin):
        raise LineageError(_l("Only a project that has held its camp can be copied."),
                           status=409)
    project = create_project(NewProject(
        title=data.title, municipality_id=data.municipality_id,
        workflow_key=origin.workflow_key, description=origin.description,
        place_name=data.place_name, start_on=data.start_on, today=data.today), actor)
    measures = _copy_measures(origin, project)
    _copy_materials(origin, project, measures)
    _copy_programme(origin, project, measures)
    _copy_budget(origin, project, actor)
    db.session.add(ProjectOrigin(project_id=project.id, origin_id=origin.id,
                                 started_by_id=actor.id))
    events.record(project, actor, "started_from", origin=origin.id)
    db.session.flush()
    notices.copied(origin, project, actor)
    return project


def _copy_measures(origin, project) -> dict[int, int]:
    """The measures in their order; returns the old ids to the new."""
    old = list(db.session.scalars(sa.select(Measure).where(Measure.project_id == origin.id)
                                  .order_by(Measure.position, Measure.id)))
    new = [Measure(project_id=project.id, title=m.title, description=m.description,
                   will_build=m.will_build, position=m.position,
                   is_permit_free=m.is_permit_free) for m in old]
    db.session.add_all(new)
    db.session.flush()
    return {o.id: n.id for o, n in zip(old, new, strict=True)}


def _copy_materials(origin, project, measures: dict[int, int]) -> None:
    for item in materials_of(origin.id):
        delivery = Delivery(project_id=project.id, pledge_id=None,
                            source="borrowed" if item.source == "borrowed" else "bought",
                            title=item.title[:200] or "–", quantity=item.quantity or "",
                            measure_id=measures.get(getattr(item.measure, "id", None)),
                            delivery_on=None, status=None)
        DELIVERY_MOVES.check(delivery, DeliveryStatus.PROMISED)
        delivery.status = DeliveryStatus.PROMISED
        db.session.add(delivery)


def _copy_programme(origin, project, measures: dict[int, int]) -> None:
    activities = list(db.session.scalars(
        sa.select(CampActivity).where(CampActivity.project_id == origin.id)
        .order_by(CampActivity.day_number, CampActivity.starts_at, CampActivity.id)))
    shifts = list(db.session.scalars(sa.select(CampShift).where(
        CampShift.project_id == origin.id, CampShift.status == ShiftStatus.SCHEDULED)
        .order_by(CampShift.starts_at, CampShift.id)))
    copies = {}
    for a in activities:
        copies[a.id] = CampActivity(
            project_id=project.id, day_number=a.day_number, starts_at=a.starts_at,
            ends_at=a.ends_at, title=a.title, description=a.description, place=a.place,
            measure_id=measures.get(a.measure_id))
    db.session.add_all(copies.values())
    db.session.flush()
    db.session.add_all(CampShift(
        project_id=project.id, activity_id=copies[s.activity_id].id, title=s.title,
        starts_at=s.starts_at, ends_at=s.ends_at, capacity=s.capacity, skills=s.skills,
        minimum_age=s.minimum_age, is_safety=s.is_safety, status=ShiftStatus.SCHEDULED)
        for s in shifts if s.activity_id in copies)


def _copy_budget(origin, project, actor) -> None:
    campaign = db.session.scalar(sa.select(Campaign).where(
        Campaign.project_id == origin.id, Campaign.status != CampaignStatus.FAILED,
        Campaign.status != CampaignStatus.DRAFT).order_by(Campaign.round.desc()).limit(1))
    lines = [{"item": str(c["item"]), "amount": int(c["amount"])}
             for c in (campaign.cost_plan if campaign is not None else []) or []]
    if not lines:
        return
    db.session.add(Campaign(project_id=project.id, round=1, status=CampaignStatus.DRAFT,
                            minimum_amount=0, optimum_amount=0, cost_plan=lines))
    total = sum(line["amount"] for line in lines)
    for field in ("minimum", "optimum"):
        from_domains.set_starting_value(project, "budget", field, total, actor,
                                        origin=origin.id)


def origin_of(project) -> Project | None:
    """The project this one was started from, or None."""
    return db.session.scalar(sa.select(Project).join(
        ProjectOrigin, ProjectOrigin.origin_id == Project.id).where(
        ProjectOrigin.project_id == project.id))


@dataclass(frozen=True)
class CopyResult:
    """A copy of a project, with its first round's headline figures (None: not yet)."""

    project: Project
    answers: int | None = None
    in_use: int = 0
    good: int = 0


def copies_of(project) -> list[CopyResult]:
    """The projects started from this one, newest first, each with how its first
    evaluation round turned out; in three queries whatever the number of copies."""
    copies = list(db.session.scalars(
        sa.select(Project).join(ProjectOrigin, ProjectOrigin.project_id == Project.id)
        .where(ProjectOrigin.origin_id == project.id)
        .options(selectinload(Project.municipality))
        .order_by(ProjectOrigin.created_dt.desc(), ProjectOrigin.id.desc())))
    if not copies:
        return []
    rounds = {r.project_id: r for r in db.session.scalars(
        sa.select(EvaluationRound).where(
            EvaluationRound.project_id.in_([c.id for c in copies]),
            EvaluationRound.position == 0).options(selectinload(EvaluationRound.answers)))}
    found = []
    for copy in copies:
        round_ = rounds.get(copy.id)
        if round_ is None:
            found.append(CopyResult(copy))
            continue
        in_use = Counter(a.in_use for a in round_.answers)
        condition = Counter(a.condition for a in round_.answers)
        found.append(CopyResult(copy, len(round_.answers), in_use["yes"], condition["good"]))
    return found
