"""What a campaign has raised, computed from its pledges (never stored twice)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.funding.models import (
    CARD,
    COUNTING_MONEY,
    HOURS,
    MATERIAL,
    OFFLINE,
    STANDING,
    Campaign,
    Pledge,
    PledgeStatus,
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
    accepted = sa.and_(Pledge.kind == MATERIAL, Pledge.status == PledgeStatus.ACCEPTED)
    rows = db.session.execute(
        sa.select(
            Pledge.campaign_id,
            sa.func.sum(sa.case((money, Pledge.amount - Pledge.refunded_amount), else_=0)),
            sa.func.sum(sa.case((money, Pledge.matched_amount), else_=0)),
            sa.func.sum(sa.case((accepted, Pledge.amount), else_=0)),
            sa.func.sum(sa.case((sa.and_(Pledge.kind == MATERIAL, Pledge.status.in_(STANDING)),
                                 Pledge.amount), else_=0)),
            sa.func.sum(sa.case((sa.and_(Pledge.kind == HOURS, Pledge.status.in_(STANDING)),
                                 Pledge.hours), else_=0)),
            # Everyone whose pledge stands, as the campaign page lists them.
            sa.func.count(sa.distinct(sa.case((Pledge.status.in_(STANDING),
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


@dataclass(frozen=True)
class MatchTerms:
    """What a campaign's match fund promises, and how much of it is still there."""

    name: str
    ratio_percent: int  # 100: each krone doubled; 50: 50 øre per krone
    cap_per_pledge: int  # øre
    cap_per_project: int  # øre
    left: int  # øre of the project's cap not yet given to standing pledges

    @property
    def is_doubled(self) -> bool:
        return self.ratio_percent == 100

    @property
    def is_used_up(self) -> bool:
        return self.left <= 0


def match_terms(campaign: Campaign, result: Totals) -> MatchTerms | None:
    """The match fund's terms for the campaign page (no query beyond the totals)."""
    fund = campaign.match_fund
    if fund is None:
        return None
    return MatchTerms(name=fund.name, ratio_percent=fund.ratio_percent,
                      cap_per_pledge=fund.cap_per_pledge_amount,
                      cap_per_project=fund.cap_per_project_amount,
                      left=max(fund.cap_per_project_amount - result.matched, 0))


def net_paid(pledge: Pledge) -> int:
    """What the backer has paid and kept paid: the amount, less refunds, once money moved."""
    if pledge.kind not in (CARD, OFFLINE) or pledge.status not in (
            PledgeStatus.PAID, PledgeStatus.REFUNDED, PledgeStatus.RECEIVED):
        return 0
    return max(pledge.amount - pledge.refunded_amount, 0)
