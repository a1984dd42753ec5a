"""What crowdfunding tells the engine and the dashboard (registered in ``register``)."""

from __future__ import annotations

import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.fields import format_kroner
from stedskaping.funding.models import Campaign
from stedskaping.funding.operations import campaign_of
from stedskaping.funding.totals import totals, totals_for
from stedskaping.text import _l


def register(registry) -> None:
    registry.fact("campaign_minimum_reached")(campaign_minimum_reached)
    registry.guard(
        "minimum_reached",
        why_not=lambda f: _l("The campaign has not reached its minimum budget."),
        why_blocked=lambda f: _l("The campaign has reached its minimum budget."),
    )(lambda facts: bool(facts.get("campaign_minimum_reached")))
    registry.dashboard_column("funding", _l("Funding"), funding_progress, funding_text)


def funding_text(value) -> str:
    """The dashboard cell: counted of minimum."""
    if not value:
        return "–"
    raised, minimum = value
    return f"{format_kroner(raised)} / {format_kroner(minimum)} kr"


def campaign_minimum_reached(project) -> bool:
    """Fact: whether the current campaign round has reached its minimum."""
    campaign = campaign_of(project)
    if campaign is None:
        return False
    if campaign.is_minimum_reached is not None:  # decided when the close began
        return campaign.is_minimum_reached
    return totals(campaign).minimum_reached


def funding_progress(project_ids: list[int]) -> dict[int, tuple[int, int]]:
    """For the dashboard: project id -> (counted, minimum) in øre, in two queries."""
    # The current round of each project: the one with the highest number.
    current = sa.select(Campaign.project_id, sa.func.max(Campaign.round).label("round")).where(
        Campaign.project_id.in_(project_ids)).group_by(Campaign.project_id).subquery()
    campaigns = {c.id: c for c in db.session.scalars(
        sa.select(Campaign).join(current, sa.and_(Campaign.project_id == current.c.project_id,
                                                  Campaign.round == current.c.round)))}
    if not campaigns:
        return {}
    sums = totals_for(list(campaigns), campaigns)
    return {c.project_id: (sums[c.id].counted, c.minimum_amount) for c in campaigns.values()}

