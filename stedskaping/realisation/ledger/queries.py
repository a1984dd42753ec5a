"""The dugnad ledger: the camp's own effort (verified hours at the configured rate,
accepted materials, backers' money) against the grants (match funds and the grants the
team entered), and the grant rules it must meet."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from stedskaping.db import db
from stedskaping.funding.models import Campaign, CampaignStatus
from stedskaping.funding.totals import totals_for
from stedskaping.realisation.camp.queries import worked_minutes
from stedskaping.realisation.ledger.models import LedgerGrant


@dataclass(frozen=True)
class Ledger:
    minutes: int  # verified volunteer time (checked in)
    hour_rate: int  # øre per hour
    materials: int  # øre: accepted material pledges at their value
    money: int  # øre from backers (card and offline)
    matched: int  # øre from match funds: grant money
    grants: tuple  # the team's LedgerGrant rows
    min_own_percent: int
    max_grant_percent: int

    @property
    def hours_value(self) -> int:
        """The hours at the rate, to the nearest øre."""
        return (self.minutes * self.hour_rate + 30) // 60

    @property
    def own_effort(self) -> int:
        return self.hours_value + self.materials + self.money

    @property
    def entered_grants(self) -> int:
        return sum(g.amount for g in self.grants)

    @property
    def grant_total(self) -> int:
        return self.matched + self.entered_grants

    @property
    def total(self) -> int:
        return self.own_effort + self.grant_total

    @property
    def own_share(self) -> float | None:
        return self.own_effort / self.total if self.total else None

    @property
    def grant_share(self) -> float | None:
        return self.grant_total / self.total if self.total else None

    @property
    def own_passes(self) -> bool:
        return self.total > 0 and self.own_effort * 100 >= self.min_own_percent * self.total

    @property
    def grant_passes(self) -> bool:
        return self.total > 0 and self.grant_total * 100 <= self.max_grant_percent * self.total


def grants_of(project_id: int) -> list[LedgerGrant]:
    return list(db.session.scalars(sa.select(LedgerGrant).where(
        LedgerGrant.project_id == project_id).order_by(LedgerGrant.id)))


def ledger(project) -> Ledger:
    """The project's ledger now. Money counts from every campaign round that did not
    fail (a failed round took nothing)."""
    campaigns = {c.id: c for c in db.session.scalars(sa.select(Campaign).where(
        Campaign.project_id == project.id, Campaign.status != CampaignStatus.FAILED))}
    sums = totals_for(list(campaigns), campaigns).values()
    config = current_app.config
    return Ledger(
        minutes=worked_minutes(project.id), hour_rate=config["DUGNAD_HOUR_RATE"],
        materials=sum(t.materials for t in sums), money=sum(t.money for t in sums),
        matched=sum(t.matched for t in sums), grants=tuple(grants_of(project.id)),
        min_own_percent=config["LEDGER_MIN_OWN_EFFORT_PERCENT"],
        max_grant_percent=config["LEDGER_MAX_GRANT_PERCENT"])
