"""Crowdfunding's sweeps: closing campaigns, reminders before the close, reconciling
payments with Stripe, card pledges never confirmed; and, registered here from
their modules, the Stripe work of the card pages, refunds and releasing cards."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app

from stedskaping.db import commit, db, rollback, utcnow
from stedskaping.funding.models import (
    CARD,
    PLEDGE_MOVES,
    Campaign,
    CampaignStatus,
    Pledge,
    PledgeStatus,
)
from stedskaping.jobs import link
from stedskaping.notifications.jobs import notify_in_batches
from stedskaping.notifications.notify import Wanted, recipients
from stedskaping.projects.jobs import team_of
from stedskaping.projects.models import Project


def campaign_close(today: date) -> int:
    """Close campaigns at their closing date, or when a close was asked for; finish
    interrupted closes (docs/funding.md)."""
    from stedskaping.funding.close import close_campaign, due_campaigns

    ids = due_campaigns(today)
    rollback()
    for campaign_id in ids:
        close_campaign(campaign_id)
    return len(ids)


def campaign_reminders(today: date) -> int:
    """CAMPAIGN_REMINDER_DAYS days before a live campaign closes, to the team and the backers."""
    days = {today + timedelta(days=d): d for d in current_app.config["CAMPAIGN_REMINDER_DAYS"]}
    campaigns = db.session.execute(
        sa.select(Campaign.id, Campaign.project_id, Campaign.closes_on,
                  Project.title.label("project_title"))
        .join(Project, Project.id == Campaign.project_id)
        .where(Campaign.status == CampaignStatus.LIVE, Campaign.closes_on.in_(list(days)))
        .order_by(Campaign.id)).all()
    if not campaigns:
        return 0
    team, backers = team_of({c.project_id for c in campaigns}), _backers([c.id for c in campaigns])

    def remind(campaign) -> int:
        people = {p.id: p for p in [*team[campaign.project_id], *backers[campaign.id]]}
        return _remind(campaign, days[campaign.closes_on], people.values())

    return notify_in_batches(campaigns, remind)


def _backers(campaign_ids: list[int]) -> dict[int, list]:
    """{campaign id: the people with a standing pledge, as plain rows}."""
    rows = db.session.execute(sa.select(Pledge.campaign_id, Pledge.backer_id).where(
        Pledge.campaign_id.in_(campaign_ids),
        Pledge.status.notin_((PledgeStatus.CANCELLED, PledgeStatus.DECLINED)),
        Pledge.backer_id.is_not(None))
        .distinct().order_by(Pledge.campaign_id, Pledge.backer_id)).all()
    people = recipients({backer_id for _c, backer_id in rows})
    found = defaultdict(list)
    for campaign_id, backer_id in rows:
        found[campaign_id].append(people[backer_id])
    return found


def _remind(campaign, left: int, people) -> list[Wanted]:
    page = link("funding.show_campaign", project_id=campaign.project_id)
    return [Wanted(person, "campaign_reminder",
                   f"campaign-reminder:{campaign.id}:{left}:{person.id}", "closing", link=page,
                   params={"num": left, "project": campaign.project_title,
                           "date": campaign.closes_on})
            for person in people]


def reconcile(today: date) -> int:
    """Payments: expire unfinished ones, and (with Stripe) repair what a lost webhook left."""
    from stedskaping.funding.webhooks import expire_actions
    from stedskaping.funding.webhooks import reconcile as reconcile_payments
    from stedskaping.payments.gateway import gateway

    changed = expire_actions()
    if gateway().enabled:
        changed += reconcile_payments()["changed"]
    commit()
    return changed


def abandoned_pledges(today: date) -> int:
    """Card pledges whose card was never saved, ABANDONED_PLEDGE_HOURS after they began."""
    hours = current_app.config["ABANDONED_PLEDGE_HOURS"]
    # A bulk move: cards never saved are cancelled (the table allows it from pending_setup).
    never_saved = PLEDGE_MOVES[CARD].sources(PledgeStatus.CANCELLED,
                                             among=(PledgeStatus.PENDING_SETUP,))
    abandoned = db.session.execute(sa.update(Pledge).where(
        Pledge.kind == CARD, Pledge.status.in_(never_saved),
        Pledge.created_dt < utcnow() - timedelta(hours=hours))
        .values(status=PledgeStatus.CANCELLED, matched_amount=0)).rowcount
    commit()
    return abandoned


def card_pages(today: date) -> int:
    """What the card pages wait for: SetupIntents to make, confirmations to check
    (``funding.cards``)."""
    from stedskaping.funding import cards

    return cards.card_pages(today)


def refunds(today: date) -> int:
    """Send the refunds admins recorded to Stripe (``funding.refunds``)."""
    from stedskaping.funding.refunds import send_refunds

    return send_refunds(today)


def release_cards(today: date) -> int:
    """Release at Stripe what pledges that ended without a charge hold (``funding.cards``)."""
    from stedskaping.funding import cards

    return cards.release_cards(today)


def register(registry) -> None:
    # Every minute: an early close asked for by a facilitator waits for this job.
    registry.job("campaign_close", campaign_close, {"trigger": "interval", "minutes": 1},
                 "close campaigns at their closing date, or when a close was asked for")
    registry.job("campaign_reminders", campaign_reminders, {"trigger": "interval", "hours": 1},
                 "campaign reminders 5, 3, 2 and 1 days before the close")
    registry.job("reconcile", reconcile, {"trigger": "interval", "minutes": 30},
                 "payments: reconcile with Stripe, expire unfinished payments")
    # Every two seconds, on its own thread of the scheduler: a backer's card form waits
    # for it, also while a long campaign close runs. Safe in two processes at once (its
    # Stripe calls carry idempotency keys, its writes check the row under a lock), so it
    # takes no lease and an idle run writes nothing.
    registry.job("card_pages", card_pages,
                 {"trigger": "interval", "seconds": 2, "executor": "payments"},
                 "card pages: SetupIntents to create, confirmations to check with Stripe",
                 leased=False)
    registry.job("refunds", refunds, {"trigger": "interval", "minutes": 1},
                 "send the refunds admins recorded to Stripe")
    registry.job("release_cards", release_cards, {"trigger": "interval", "minutes": 1},
                 "release at Stripe the cards of pledges that ended without a charge")
    registry.job("abandoned_pledges", abandoned_pledges, {"trigger": "cron", "hour": 3},
                 "card pledges never confirmed")
