"""What crowdfunding tells the engine and the dashboard (registered in ``register``)."""

from __future__ import annotations

import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.formats import money
from stedskaping.funding.models import Campaign, CampaignStatus
from stedskaping.funding.operations import campaign_of, crowdfunding_stage
from stedskaping.funding.totals import totals, totals_for
from stedskaping.plugins import TimelineEvent
from stedskaping.text import _l


def register(registry) -> None:
    registry.fact("campaign_minimum_reached")(campaign_minimum_reached)
    registry.guard(
        "minimum_reached",
        why_not=lambda f: _l("The campaign has not reached its minimum budget."),
        why_blocked=lambda f: _l("The campaign has reached its minimum budget."),
    )(lambda facts: bool(facts.get("campaign_minimum_reached")))
    registry.dashboard_column("funding", _l("Funding"), funding_progress, funding_text)
    registry.panel("home", "funding/_home_panel.html", home_panel)
    registry.panel("public", "funding/_public_panel.html", public_panel)
    registry.panel("review", "funding/_review_panel.html", review_panel)
    registry.timeline(campaign_events)


def campaign_events(project) -> list[TimelineEvent]:
    """The live campaign's last day, in the project's calendar feed."""
    campaign = campaign_of(project)
    if campaign is None or campaign.status != CampaignStatus.LIVE or not campaign.closes_on:
        return []
    return [TimelineEvent(f"campaign-{campaign.id}-closes",
                          str(_l("The campaign closes: %(project)s", project=project.title)),
                          campaign.closes_on)]


def home_panel(project, given) -> dict | None:
    """The crowdfunding section of the project home, for processes that have the stage."""
    stage = crowdfunding_stage(project)
    if stage is None or project.window(stage) is None:
        return None
    return {"campaign": campaign_of(project)}


def review_panel(project, given) -> dict | None:
    """On the facilitator's review: the campaign, and while it is live the way to its
    close page (the only place a live campaign is closed, as the blocked steps say)."""
    campaign = campaign_of(project)
    if campaign is None or campaign.status == CampaignStatus.DRAFT:
        return None
    return {"campaign": campaign}


def public_panel(project, given) -> dict | None:
    """"Support the project", once a campaign is open (or was); not for a project past
    its camp (its finished page shows what the money built instead)."""
    from stedskaping.projects.process import is_finished

    campaign = campaign_of(project)
    if campaign is None or campaign.status == CampaignStatus.DRAFT or is_finished(project):
        return None
    return {"campaign": campaign}


def funding_text(value) -> str:
    """The dashboard cell: counted of minimum."""
    if not value:
        return "–"
    raised, minimum = value
    return f"{money(raised)} / {money(minimum)}"


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

