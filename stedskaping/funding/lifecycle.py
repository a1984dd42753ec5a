"""What happens to a campaign when its project moves, and the early close by hand.

The project core announces every state change with ``signals.project_advanced``;
the handler here (connected in ``funding.register``) makes the campaign follow its
project, in the same transaction:

- paused: a live campaign stops taking pledges and its close waits; on resume
  it gets back the days it had left (or more, if the plan moved meanwhile);
- cancelled (or any final state): the round ends as failed: nobody is charged,
  saved cards are released, offline promises are void, payments that waited for
  the backer are cancelled, and the backers are told;
- leaving the crowdfunding stage by hand while the campaign is live (a
  facilitator fires "campaign succeeded/failed"): the campaign starts closing,
  and the scheduler's close job charges or releases.

An early close by hand (``request_close``) only marks the campaign "closing"
with its reason; the charging itself runs in the close job, never in a request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from stedskaping.accounts.models import User
from stedskaping.db import db, utcnow
from stedskaping.funding.models import (
    CARD,
    MATERIAL,
    OFFLINE,
    Campaign,
    CampaignStatus,
    Pledge,
    PledgeStatus,
    move,
)
from stedskaping.funding.operations import (
    FundingError,
    campaign_of,
    crowdfunding_stage,
    open_campaign,
)
from stedskaping.funding.totals import totals
from stedskaping.notifications.operations import queue_mail
from stedskaping.projects import events, process

# Pledges that hold nothing yet and are voided when a round ends without a charge.
UNPAID = (PledgeStatus.SAVED, PledgeStatus.PENDING_SETUP, PledgeStatus.PROMISED,
          PledgeStatus.DUE, PledgeStatus.ACTION_REQUIRED)
OFFERS = (PledgeStatus.OFFERED, PledgeStatus.ACCEPTED)  # materials and hours
PREVIEW_LIMIT = 50  # backers listed by name on the confirmation page


def _locked(campaign_id: int) -> Campaign:
    return db.session.scalar(sa.select(Campaign).where(Campaign.id == campaign_id)
                             .with_for_update().execution_options(populate_existing=True))


# --- following the project ---------------------------------------------------------

def follow_project(project, record=None, **_ignored) -> None:
    """Make the current campaign round follow a change of its project's state."""
    campaign = campaign_of(project)
    if campaign is None or campaign.status == CampaignStatus.FAILED:
        return
    campaign = _locked(campaign.id)
    workflow = process.workflow_for(project).workflow
    paused = workflow.side_state(record.to_state) and not workflow.is_final(record.to_state)
    if workflow.is_final(record.to_state) and campaign.status == CampaignStatus.SUCCEEDED:
        # Cancelled after a successful close: whatever is still unpaid is never taken.
        if not workflow.side_state(record.to_state):
            return  # completed: nothing to undo
        _void_unpaid(campaign, reason=record.comment or "")
    elif campaign.status == CampaignStatus.SUCCEEDED:
        return
    elif workflow.is_final(record.to_state):
        end_round(campaign, record.actor_id, record.comment or "")
    elif record.to_state == crowdfunding_stage(project) and campaign.status == CampaignStatus.DRAFT:
        _open_on_approval(project, campaign, record.actor_id)
    elif paused and campaign.status == CampaignStatus.LIVE:
        _pause(campaign)
    elif workflow.side_state(record.from_state) and campaign.status == CampaignStatus.PAUSED:
        _resume(campaign)
    elif record.from_state == crowdfunding_stage(project) and \
            campaign.status == CampaignStatus.LIVE:
        # Decided by hand in the engine: the close job charges or releases.
        _mark_closing(campaign, record.actor_id, record.comment)
    db.session.flush()


def _open_on_approval(project, campaign: Campaign, actor_id) -> None:
    """The facilitator's approval of the plan opens a campaign the team has drafted
    ("approve the plan and open the campaign"); one that cannot open yet (no story,
    too little time left) stays a draft for the team to finish."""
    if not campaign.story.strip():
        return
    actor = db.session.get(User, actor_id) if actor_id else None
    try:
        open_campaign(project, actor)
    except FundingError:
        return


def _pause(campaign: Campaign) -> None:
    move(campaign, CampaignStatus.PAUSED)
    campaign.paused_days_left = max((campaign.closes_on - date.today()).days, 1)
    events.record(campaign.project, None, "campaign_paused")


def _resume(campaign: Campaign) -> None:
    today = date.today()
    move(campaign, CampaignStatus.LIVE)
    given_back = today + timedelta(days=campaign.paused_days_left or 1)
    campaign.closes_on = max(campaign.closes_on or given_back, given_back)
    campaign.paused_days_left = None
    events.record(campaign.project, None, "campaign_resumed",
                  closes_on=campaign.closes_on.isoformat())


def _mark_closing(campaign: Campaign, actor_id, reason) -> None:
    sums = totals(campaign)
    move(campaign, CampaignStatus.CLOSING)
    campaign.closed_dt = utcnow()
    campaign.is_minimum_reached, campaign.counted_amount = sums.minimum_reached, sums.counted
    campaign.close_requested_by_id = actor_id
    campaign.close_reason = (reason or "").strip() or None


def end_round(campaign: Campaign, actor_id, reason: str) -> int:
    """End an open round without charging anybody (the project was cancelled).

    Every pledge that holds nothing yet is released: saved cards are detached
    and payments waiting for the backer cancelled by the release_cards job; offline
    promises are void. Pledges a running close is charging right now are left
    to the close job, which stops and releases what it has not charged.
    Returns the number of pledges released.
    """
    was_open = campaign.status != CampaignStatus.DRAFT
    if campaign.status in (CampaignStatus.LIVE, CampaignStatus.PAUSED):
        campaign.counted_amount = totals(campaign).counted
    move(campaign, CampaignStatus.FAILED)
    campaign.closed_dt = utcnow()
    campaign.is_minimum_reached = False
    campaign.close_requested_by_id = actor_id
    campaign.close_reason = reason.strip() or None
    released = _void_unpaid(campaign, campaign.close_reason or "")
    if was_open:
        events.record(campaign.project, None, "campaign_ended")
    return released


def _void_unpaid(campaign: Campaign, reason: str) -> int:
    """Release every pledge that holds nothing yet (offers of materials and hours too),
    tell each backer what that means for their pledge, and see that money already
    paid goes back."""
    pledges = db.session.scalars(sa.select(Pledge).where(
        Pledge.campaign_id == campaign.id, Pledge.status.in_((*UNPAID, *OFFERS)))
        .options(joinedload(Pledge.backer))).all()
    for pledge in pledges:
        was = pledge.status
        _void(pledge)
        if pledge.backer is not None:
            _mail_backer(pledge, "project_cancelled",
                         _l("%(title)s is cancelled: you will not be charged",
                            title=campaign.project.title), reason=reason.strip() or None,
                         was=was)
    _money_to_return(campaign, reason)
    return len(pledges)


def _money_to_return(campaign: Campaign, reason: str) -> None:
    """Backers who already paid hear that their money comes back; the platform's
    admins (cards: the refund page) and the team (bank transfers) are asked to do it."""
    paid = db.session.scalars(sa.select(Pledge).where(
        Pledge.campaign_id == campaign.id,
        Pledge.status.in_((PledgeStatus.PAID, PledgeStatus.RECEIVED)),
        Pledge.amount > Pledge.refunded_amount).options(joinedload(Pledge.backer))).all()
    if not paid:
        return
    for pledge in paid:
        if pledge.backer is not None:
            _mail_backer(pledge, "project_cancelled_paid",
                         _l("%(title)s is cancelled: your money comes back",
                            title=campaign.project.title), reason=reason.strip() or None)
    project = campaign.project
    admins = db.session.scalars(sa.select(User).where(User.is_admin.is_(True))).all()
    people = {u.id: u for u in [*admins, *(m.user for m in project.members)]}
    for user in people.values():
        queue_mail(kind="refunds_needed", recipient=user.email, user_id=user.id,
                   locale=user.locale, template="refunds_needed", project=project,
                   campaign=campaign, pledges=paid, is_admin=user.is_admin,
                   subject=_l("Money to pay back: %(title)s is cancelled", title=project.title))


def _void(pledge: Pledge) -> None:
    """Release the pledge; at Stripe, the ``release_cards`` job detaches its card and
    cancels a payment that waited for the backer (``funding.cards``)."""
    move(pledge, PledgeStatus.RELEASED)
    pledge.matched_amount, pledge.stripe_client_secret = 0, None


def _mail_backer(pledge: Pledge, template: str, subject, **context) -> None:
    backer = pledge.backer
    queue_mail(kind=template, recipient=backer.email, user_id=backer.id, locale=backer.locale,
               subject=subject, template=template, pledge=pledge, campaign=pledge.campaign,
               project=pledge.campaign.project, **context)


# --- the early close by hand -------------------------------------------------------

@dataclass(frozen=True)
class Line:
    name: str
    kind: str
    amount: int
    hours: int
    outcome: str  # "charge", "due", "release", "void", "keep"


@dataclass
class ClosePreview:
    """What closing now would do: shown on the confirmation page."""

    minimum_reached: bool
    counted: int
    minimum: int
    cards: int = 0
    cards_amount: int = 0
    offline: int = 0
    offline_amount: int = 0
    pending_setup: int = 0
    materials: int = 0
    lines: list[Line] = field(default_factory=list)
    more: int = 0


def close_preview(campaign: Campaign) -> ClosePreview:
    """Who would be charged or released, and how much, if the campaign closed now."""
    sums = totals(campaign)
    preview = ClosePreview(sums.minimum_reached, sums.counted, sums.minimum)
    rows = db.session.execute(
        sa.select(Pledge.kind, Pledge.status, sa.func.count(), sa.func.sum(Pledge.amount))
        .where(Pledge.campaign_id == campaign.id)
        .group_by(Pledge.kind, Pledge.status)).all()
    for kind, status, count, amount in rows:
        if kind == CARD and status == PledgeStatus.SAVED:
            preview.cards, preview.cards_amount = count, int(amount or 0)
        elif kind == CARD and status == PledgeStatus.PENDING_SETUP:
            preview.pending_setup = count
        elif kind == OFFLINE and status == PledgeStatus.PROMISED:
            preview.offline, preview.offline_amount = count, int(amount or 0)
        elif kind == MATERIAL and status == PledgeStatus.ACCEPTED:
            preview.materials = count
    listed = db.session.scalars(sa.select(Pledge).where(
        Pledge.campaign_id == campaign.id,
        Pledge.status.in_((PledgeStatus.SAVED, PledgeStatus.PROMISED)))
        .options(joinedload(Pledge.backer)).order_by(Pledge.id).limit(PREVIEW_LIMIT)).all()
    for pledge in listed:
        if pledge.kind == CARD:
            outcome = "charge" if preview.minimum_reached else "release"
        else:
            outcome = "due" if preview.minimum_reached else "void"
        name = pledge.backer.name if pledge.backer else ""
        preview.lines.append(Line(name, pledge.kind, pledge.amount, pledge.hours, outcome))
    preview.more = max(preview.cards + preview.offline - len(listed), 0)
    return preview


def request_close(campaign: Campaign, actor, reason: str) -> Campaign:
    """Ask for an early close: the campaign is marked "closing" with the reason, and
    the scheduler's close job charges (minimum reached) or releases (not reached)."""
    if not (reason or "").strip():
        raise FundingError(_l("Give a reason for closing the campaign early."), "reason")
    campaign = _locked(campaign.id)
    if campaign.status == CampaignStatus.PAUSED:
        raise FundingError(_l("The project is paused. Resume it before closing its "
                              "campaign."), status=409)
    if campaign.status != CampaignStatus.LIVE:
        raise FundingError(_l("The campaign is not open, so it cannot be closed now."),
                           status=409)
    _mark_closing(campaign, actor.id, reason)
    events.record(campaign.project, actor, "campaign_close_requested", reason=reason.strip())
    _tell_team(campaign, actor, reason.strip())
    db.session.flush()
    return campaign


def _tell_team(campaign: Campaign, actor, reason: str) -> None:
    project = campaign.project
    for member in project.members:
        user = member.user
        queue_mail(kind="campaign_closing", recipient=user.email, user_id=user.id,
                   locale=user.locale, template="campaign_closing", project=project,
                   campaign=campaign, actor=actor, reason=reason,
                   subject=_l("The campaign for %(title)s is closing", title=project.title))
