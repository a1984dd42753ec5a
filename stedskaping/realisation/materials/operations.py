"""The materials list: what comes when, for which measure, and whether it came.

Accepted material pledges join the list as they are: the team gives them a delivery
day and a measure, which makes their row here. The pledge itself (its status, its
value) belongs to funding and is only read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from stedskaping.dates import DATE_RANGE_MESSAGE, date_in_range
from stedskaping.db import db
from stedskaping.domain import DomainError
from stedskaping.formats import date_text
from stedskaping.funding.models import MATERIAL, Campaign, Pledge, PledgeStatus
from stedskaping.realisation.materials.models import (
    DELIVERY_MOVES,
    Delivery,
    DeliveryStatus,
)
from stedskaping.realisation.measures.models import Measure
from stedskaping.realisation.measures.queries import camp_window
from stedskaping.text import _l

MAX_ITEMS = 500


class MaterialError(DomainError):
    """An item of the materials list that cannot be saved as given."""


@dataclass(frozen=True)
class ItemPlan:
    title: str
    status: DeliveryStatus
    source: str = "bought"  # bought or borrowed; "pledge" is set for pledges
    quantity: str = ""
    measure_id: int | None = None
    delivery_on: date | None = None


def _check(project, plan: ItemPlan) -> None:
    errors = {}
    if not plan.title.strip():
        errors["title"] = _l("Say what the item is.")
    if plan.source not in ("bought", "borrowed", "pledge"):
        errors["source"] = _l("Choose whether the team buys or borrows it.")
    if plan.measure_id is not None and db.session.scalar(sa.select(Measure.project_id).where(
            Measure.id == plan.measure_id)) != project.id:
        errors["measure_id"] = _l("Choose one of the project's measures.")
    window = camp_window(project)
    if plan.delivery_on is not None:
        if not date_in_range(plan.delivery_on):
            errors["delivery_on"] = DATE_RANGE_MESSAGE
        elif window and plan.delivery_on > window[1]:
            errors["delivery_on"] = _l("The delivery day must be before the camp ends "
                                       "(%(last)s).", last=date_text(window[1], "long"))
    if errors:
        field, message = next(iter(errors.items()))
        raise MaterialError(message, field, errors=errors)


def _apply(delivery: Delivery, plan: ItemPlan) -> None:
    DELIVERY_MOVES.check(delivery, plan.status)
    delivery.status = plan.status
    delivery.title, delivery.quantity = plan.title.strip(), (plan.quantity or "").strip()
    delivery.measure_id, delivery.delivery_on = plan.measure_id, plan.delivery_on


def add_item(project, plan: ItemPlan) -> Delivery:
    """Something the team buys or borrows, on the project's materials list."""
    _check(project, plan)
    count = db.session.scalar(sa.select(sa.func.count(Delivery.id)).where(
        Delivery.project_id == project.id))
    if count >= MAX_ITEMS:
        raise MaterialError(_l("The materials list has room for 500 items."), "title")
    delivery = Delivery(project_id=project.id, source=plan.source)
    _apply(delivery, plan)
    db.session.add(delivery)
    db.session.flush()
    return delivery


def change_item(delivery: Delivery, project, plan: ItemPlan) -> Delivery:
    """A new day, measure or state for an item of the list (the states through their
    table: promised, confirmed, delivered, missing)."""
    _check(project, plan)
    _apply(delivery, plan)
    db.session.flush()
    return delivery


def plan_pledge(project, pledge: Pledge, plan: ItemPlan) -> Delivery:
    """Give an accepted material pledge its delivery day, measure and state: its row on
    the list is made the first time. The pledge is not changed."""
    if not is_accepted_material(project, pledge):
        raise MaterialError(_l("Only accepted material pledges are on the materials list."),
                            status=404)
    delivery = db.session.scalar(sa.select(Delivery).where(Delivery.pledge_id == pledge.id))
    plan = ItemPlan(title=plan.title or pledge.description or "", status=plan.status,
                    source="pledge", quantity=plan.quantity, measure_id=plan.measure_id,
                    delivery_on=plan.delivery_on)
    _check(project, plan)
    if delivery is None:
        delivery = Delivery(project_id=project.id, pledge_id=pledge.id, source="pledge")
        db.session.add(delivery)
    _apply(delivery, plan)
    db.session.flush()
    return delivery


def is_accepted_material(project, pledge: Pledge) -> bool:
    return (pledge.kind == MATERIAL and pledge.status == PledgeStatus.ACCEPTED
            and db.session.scalar(sa.select(Campaign.project_id).where(
                Campaign.id == pledge.campaign_id)) == project.id)


def remove_item(delivery: Delivery) -> None:
    if delivery.pledge_id is not None:
        raise MaterialError(_l("A pledge stays on the list while it is accepted."), status=409)
    db.session.delete(delivery)
    db.session.flush()
