"""What a campaign has raised, computed from its pledges (never stored twice)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.funding.models import (
    ACCEPTED,
    CANCELLED,
    CARD,
    COUNTING_MONEY,
    DECLINED,
    HOURS,
    MATERIAL,
    OFFLINE,
    Campaign,
    Pledge,
)


@dataclass(frozen=True)
class Totals:
    money: int  # øre pledged by card and offline, still standing
    matched: int  # øre added by the match fund for those pledges
    materials: int  # øre of materials and tools accepted into the budget
    materials_offered: int
    hours: int
    backers: int
    minimum: int
    optimum: int

    @property
    def counted(self) -> int:
        """What counts toward the minimum: money, its match, accepted materials."""
        return self.money + self.matched + self.materials

    @property
    def minimum_reached(self) -> bool:
        return self.counted >= self.minimum

    def share(self, part: int) -> float:
        return min(part / self.optimum, 1.0) if self.optimum else 0.0


def totals(campaign: Campaign) -> Totals:
    return totals_for([campaign.id], {campaign.id: campaign})[campaign.id]


def totals_for(ids, campaigns: dict[int, Campaign]) -> dict[int, Totals]:
    """Totals of several campaigns in one query."""
    money = sa.and_(Pledge.kind.in_((CARD, OFFLINE)), Pledge.status.in_(COUNTING_MONEY))
    rows = db.session.execute(
        sa.select(
            Pledge.campaign_id,
            sa.func.sum(sa.case((money, Pledge.amount - Pledge.refunded_amount), else_=0)),
            sa.func.sum(sa.case((money, Pledge.matched_amount), else_=0)),
            sa.func.sum(sa.case((sa.and_(Pledge.kind == MATERIAL, Pledge.status == ACCEPTED),
                                 Pledge.amount), else_=0)),
            sa.func.sum(sa.case((sa.and_(Pledge.kind == MATERIAL,
                                         Pledge.status.notin_((CANCELLED, DECLINED))),
                                 Pledge.amount), else_=0)),
            sa.func.sum(sa.case((sa.and_(Pledge.kind == HOURS, Pledge.status != CANCELLED),
                                 Pledge.hours), else_=0)),
            sa.func.count(sa.distinct(sa.case((sa.or_(money, Pledge.status == ACCEPTED),
                                               Pledge.backer_id)))),
        ).where(Pledge.campaign_id.in_(list(ids))).group_by(Pledge.campaign_id)
    ).all()
    found = {row[0]: row[1:] for row in rows}
    result = {}
    for campaign_id in ids:
        values = [int(v or 0) for v in found.get(campaign_id, (0,) * 6)]
        campaign = campaigns[campaign_id]
        result[campaign_id] = Totals(*values, minimum=campaign.minimum_amount,
                                     optimum=campaign.optimum_amount)
    return result
