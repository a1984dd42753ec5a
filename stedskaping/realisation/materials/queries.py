"""Reading the materials list, and what the camp's day plan asks of it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from stedskaping.db import db, utcnow
from stedskaping.funding.models import MATERIAL, Campaign, Pledge, PledgeStatus
from stedskaping.realisation.materials.models import Delivery, DeliveryStatus


@dataclass(frozen=True)
class Item:
    """One line of the list: a delivery row, a pledge, or both (a pledge not yet given a
    day has no row: it shows as promised)."""

    delivery: Delivery | None
    pledge: Pledge | None

    @property
    def title(self) -> str:
        if self.delivery is not None:
            return self.delivery.title
        return self.pledge.description or ""

    @property
    def status(self) -> DeliveryStatus:
        return self.delivery.status if self.delivery else DeliveryStatus.PROMISED

    @property
    def source(self) -> str:
        return self.delivery.source if self.delivery else "pledge"

    @property
    def measure(self):
        return self.delivery.measure if self.delivery else None

    @property
    def delivery_on(self) -> date | None:
        return self.delivery.delivery_on if self.delivery else None

    @property
    def quantity(self) -> str:
        return self.delivery.quantity if self.delivery else ""


def materials_of(project_id: int) -> list[Item]:
    """The whole list: accepted material pledges (with their row, if any) and the items
    bought or borrowed, by delivery day (those without a day last). Three queries."""
    pledges = db.session.scalars(
        sa.select(Pledge).join(Campaign, Campaign.id == Pledge.campaign_id)
        .where(Campaign.project_id == project_id, Pledge.kind == MATERIAL,
               Pledge.status == PledgeStatus.ACCEPTED)
        .options(sa.orm.joinedload(Pledge.backer)).order_by(Pledge.id)).all()
    rows = db.session.scalars(sa.select(Delivery).where(Delivery.project_id == project_id)
                              .options(sa.orm.joinedload(Delivery.measure))).all()
    by_pledge = {d.pledge_id: d for d in rows if d.pledge_id is not None}
    accepted = {p.id for p in pledges}
    items = [Item(by_pledge.get(p.id), p) for p in pledges]
    items += [Item(d, None) for d in rows if d.pledge_id is None]
    items = [i for i in items if i.pledge is None or i.pledge.id in accepted]
    return sorted(items, key=lambda i: (i.delivery_on is None, i.delivery_on or date.min,
                                        i.title))


def missing_for_measures(project_id: int, day: date | None = None) -> dict[int, list]:
    """{measure id: the items for it not delivered by their day}: marked missing, or still
    promised or confirmed with a delivery day on or before ``day`` (today by default).
    The camp's day plan shows these beside each activity's measure. One query."""
    day = day or utcnow().date()
    rows = db.session.scalars(sa.select(Delivery).where(
        Delivery.project_id == project_id, Delivery.measure_id.is_not(None),
        sa.or_(Delivery.status == DeliveryStatus.MISSING,
               sa.and_(Delivery.status != DeliveryStatus.DELIVERED,
                       Delivery.delivery_on <= day)))
        .order_by(Delivery.delivery_on, Delivery.id)).all()
    found = defaultdict(list)
    for row in rows:
        found[row.measure_id].append(row)
    return dict(found)
