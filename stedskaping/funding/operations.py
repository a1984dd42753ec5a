"""Campaigns and pledges. Operations flush and raise FundingError; they never commit.

Nothing here talks to Stripe: the card form's SetupIntent and the check of what
the browser confirmed are made by the ``card_pages`` job (``funding.cards``),
charging by the close job (``funding.close``), refunds by the ``refunds`` job.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from stedskaping.db import db, utcnow
from stedskaping.domain import DomainError
from stedskaping.formats import date_text, money
from stedskaping.funding.bank import clean_number, is_valid_account, payment_details
from stedskaping.funding.models import (
    CARD,
    COUNTING_MONEY,
    HOURS,
    MATERIAL,
    OFFLINE,
    STANDING,
    Campaign,
    CampaignStatus,
    CampaignUpdate,
    Pledge,
    PledgeStatus,
    Reward,
    move,
)
from stedskaping.notifications.operations import queue_mail
from stedskaping.payments.browser import card_settings
from stedskaping.projects import events
from stedskaping.projects.process import workflow_for

log = logging.getLogger(__name__)


class FundingError(DomainError):
    """A refused campaign or pledge change."""


@dataclass(frozen=True)
class CampaignPlan:
    minimum_amount: int
    optimum_amount: int
    story: str
    cost_plan: list
    rewards: list  # (title, amount, quantity or None)
    match_fund_id: int | None = None
    bank_account: str | None = None  # 11 digits; None: the municipality's account


def crowdfunding_stage(project) -> str | None:
    """The stage in which the project's campaign runs: its workflow names it
    (``roles: {crowdfunding: ...}``); None for a process without a campaign."""
    return workflow_for(project).workflow.role("crowdfunding")


def in_crowdfunding(project) -> bool:
    stage = crowdfunding_stage(project)
    return stage is not None and project.state == stage


def campaign_of(project) -> Campaign | None:
    """The project's current campaign round (the latest), or None."""
    return db.session.scalar(sa.select(Campaign).where(Campaign.project_id == project.id)
                             .order_by(Campaign.round.desc()).limit(1))


def rounds_of(project) -> list[Campaign]:
    """Every campaign round of the project, the first one first."""
    return list(db.session.scalars(sa.select(Campaign).where(
        Campaign.project_id == project.id).order_by(Campaign.round)))


def _crowdfunding_window(project):
    workflow = workflow_for(project).workflow
    stage = crowdfunding_stage(project)
    window = project.window(stage) if stage else None
    if window is None:
        raise FundingError(_l("This project's process has no crowdfunding stage."))
    return workflow, window


def _new_round(project, previous: Campaign | None) -> Campaign:
    """A draft for the first round, or for the next one after a failed round."""
    if previous is not None and not in_crowdfunding(project):
        raise FundingError(_l("A new campaign round can be set up once the facilitator has "
                              "approved the new plan and the project is back in its "
                              "crowdfunding stage."), status=409)
    campaign = Campaign(project_id=project.id, round=(previous.round + 1) if previous else 1,
                        minimum_amount=0, optimum_amount=0)
    db.session.add(campaign)
    return campaign


def save_campaign(project, actor, plan: CampaignPlan) -> Campaign:
    """Create or change the campaign. Once it is live, the goal is locked.

    After a failed round, saving sets up the next round (a new draft); the old
    round keeps its history and its released pledges.
    """
    _crowdfunding_window(project)
    campaign = campaign_of(project)
    if plan.minimum_amount <= 0 or plan.optimum_amount < plan.minimum_amount:
        raise FundingError(_l("The optimum must be at least the minimum, and both above zero."),
                           "optimum")
    if campaign is not None and campaign.status not in (CampaignStatus.DRAFT,
                                                        CampaignStatus.FAILED):
        locked = (plan.minimum_amount, plan.optimum_amount) != (
            campaign.minimum_amount, campaign.optimum_amount)
        if locked:
            raise FundingError(_l("The goal is locked while the campaign is live."), "minimum",
                               409)
        campaign.story, campaign.cost_plan = plan.story, plan.cost_plan
        campaign.bank_account = _account(plan.bank_account)
        db.session.flush()
        return campaign
    if campaign is None or campaign.status == CampaignStatus.FAILED:
        campaign = _new_round(project, campaign)
    campaign.minimum_amount, campaign.optimum_amount = plan.minimum_amount, plan.optimum_amount
    campaign.story, campaign.cost_plan = plan.story, plan.cost_plan
    campaign.match_fund_id = plan.match_fund_id
    campaign.bank_account = _account(plan.bank_account)
    campaign.rewards = [Reward(title=t, amount=a, quantity=q) for t, a, q in plan.rewards]
    db.session.flush()
    return campaign


def _account(number: str | None) -> str | None:
    if number and not is_valid_account(number):
        raise FundingError(_l("This is not a valid Norwegian account number."), "bank_account")
    return clean_number(number) or None


def open_campaign(project, actor) -> Campaign:
    """Go live: only in the crowdfunding stage; the dates come from the timeline.

    A campaign needs at least CAMPAIGN_MIN_DAYS before its stage ends: after a
    failed round the team first asks for a new camp date, which moves the window.
    """
    campaign = campaign_of(project)
    if campaign is None or campaign.status != CampaignStatus.DRAFT:
        raise FundingError(_l("There is no campaign draft to open."), status=409)
    if not in_crowdfunding(project):
        raise FundingError(_l("A campaign opens in the crowdfunding stage."), status=409)
    if not campaign.story.strip():
        raise FundingError(_l("Tell the campaign's story before it opens."), "story")
    _workflow, window = _crowdfunding_window(project)
    today = date.today()
    min_days = current_app.config["CAMPAIGN_MIN_DAYS"]
    if (window.ends_on - today).days < min_days:
        raise FundingError(_l(
            "The crowdfunding stage ends on %(date)s, too soon for a campaign (it needs at "
            "least %(n)d days). Ask the facilitator for a new camp date first; the stage "
            "moves with it.", date=date_text(window.ends_on, "long"), n=min_days), status=409)
    move(campaign, CampaignStatus.LIVE)
    campaign.opened_dt = utcnow()
    campaign.opens_on = max(today, window.starts_on)
    campaign.closes_on = window.ends_on
    events.record(project, actor, "campaign_opened")
    db.session.flush()
    return campaign


def follow_plan(project, **_signal) -> None:
    """After an approved re-plan, a live campaign closes when its stage now ends
    (connected to the core's ``plan_changed`` signal)."""
    campaign = campaign_of(project)
    stage = crowdfunding_stage(project)
    window = project.window(stage) if stage else None
    if campaign is not None and campaign.status == CampaignStatus.LIVE and window is not None:
        campaign.closes_on = window.ends_on


def _live(campaign: Campaign) -> None:
    """Pledges are taken only by a live campaign of a project in its crowdfunding stage."""
    if (campaign.status != CampaignStatus.LIVE or not in_crowdfunding(campaign.project)
            or (campaign.closes_on and campaign.closes_on < date.today())):
        raise FundingError(_l("This campaign is not open for pledges."), status=409)


def _lock(campaign: Campaign) -> Campaign:
    """Serialise pledges per campaign, so that match caps hold under concurrency."""
    return db.session.scalar(sa.select(Campaign).where(Campaign.id == campaign.id)
                             .with_for_update().execution_options(populate_existing=True))


def _check_amount(amount: int | None) -> int:
    if amount is None or amount <= 0:
        raise FundingError(_l("Give an amount above zero."), "amount")
    if amount > current_app.config["PLEDGE_MAX_AMOUNT"]:
        raise FundingError(_l("The largest pledge is %(max)s.", max=money(current_app.config[
            "PLEDGE_MAX_AMOUNT"])), "amount")
    return amount


def _match(campaign: Campaign, amount: int) -> int:
    fund = campaign.match_fund
    if fund is None:
        return 0
    used = db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(Pledge.matched_amount), 0))
                             .where(Pledge.campaign_id == campaign.id,
                                    Pledge.status.in_(COUNTING_MONEY)))
    left = max(fund.cap_per_project_amount - int(used), 0)
    return min(amount * fund.ratio_percent // 100, fund.cap_per_pledge_amount, left)


@dataclass(frozen=True)
class NewPledge:
    kind: str
    amount: int | None = None  # øre (money) or estimated value (materials)
    hours: int | None = None
    description: str = ""
    is_anonymous: bool = False
    reward_id: int | None = None


def pledge(campaign: Campaign, backer, data: NewPledge) -> Pledge:
    """Pledge money (card or offline), materials or hours to a live campaign."""
    campaign = _lock(campaign)
    _live(campaign)
    record = Pledge(campaign_id=campaign.id, backer_id=backer.id, kind=data.kind,
                    is_anonymous=data.is_anonymous, description=data.description.strip())
    if data.kind in (CARD, OFFLINE):
        record.amount = _check_amount(data.amount)
        if data.kind == CARD and not card_settings().enabled:
            raise FundingError(_l("Card payments are not available here."), "kind")
        move(record, PledgeStatus.PENDING_SETUP if data.kind == CARD else PledgeStatus.PROMISED)
        record.reward_id = _reward(campaign, data.reward_id, record.amount)
        if data.kind == OFFLINE:
            record.matched_amount = _match(campaign, record.amount)
    elif data.kind == MATERIAL:
        record.amount = _check_amount(data.amount)
        if not record.description:
            raise FundingError(_l("Describe what you offer."), "description")
        move(record, PledgeStatus.OFFERED)
    elif data.kind == HOURS:
        if not data.hours or not 0 < data.hours <= 1000:
            raise FundingError(_l("Give a number of hours from 1 to 1000."), "hours")
        record.hours = data.hours
        move(record, PledgeStatus.OFFERED)
    else:
        raise FundingError(_l("Choose what you want to give."), "kind")
    db.session.add(record)
    db.session.flush()
    if record.status == PledgeStatus.PROMISED:
        _receipt(record)
    return record


def _reward(campaign: Campaign, reward_id: int | None, amount: int) -> int | None:
    if not reward_id:
        return None
    reward = next((r for r in campaign.rewards if r.id == reward_id), None)
    if reward is None or amount < reward.amount:
        raise FundingError(_l("This thank-you needs a larger pledge."), "reward")
    if reward.quantity is not None:
        taken = db.session.scalar(sa.select(sa.func.count()).select_from(Pledge).where(
            Pledge.reward_id == reward.id,
            Pledge.status.in_((*COUNTING_MONEY, PledgeStatus.PENDING_SETUP))))
        if taken >= reward.quantity:
            raise FundingError(_l("This thank-you is sold out."), "reward")
    return reward.id


def browser_confirmed(record: Pledge, intent_id: str | None = None) -> Pledge:
    """The browser says Stripe.js confirmed the card (or the payment the bank wanted
    confirmed). Only recorded here: the ``card_pages`` job asks Stripe after the commit
    (``funding.cards``), and the page waits for its answer."""
    if record.status not in (PledgeStatus.PENDING_SETUP, PledgeStatus.ACTION_REQUIRED):
        return record
    expected = (record.stripe_setup_intent_id if record.status == PledgeStatus.PENDING_SETUP
                else record.stripe_payment_intent_id)
    if intent_id and intent_id != expected:
        raise FundingError(_l("This card confirmation does not belong to the pledge."))
    record.browser_confirmed_dt, record.failure_reason = utcnow(), None
    db.session.flush()
    return record


def apply_saved_card(record: Pledge, payment_method) -> None:
    """Stripe says the card is saved (the job's check, a webhook, the reconciliation)."""
    record.stripe_payment_method_id = getattr(payment_method, "id", payment_method)
    record.stripe_client_secret = record.browser_confirmed_dt = record.failure_reason = None
    move(record, PledgeStatus.SAVED)
    campaign = _lock(record.campaign)
    record.matched_amount = _match(campaign, record.amount)
    db.session.flush()
    _receipt(record)


def _receipt(record: Pledge) -> None:
    backer = record.backer
    payment = payment_details(record) if record.kind == OFFLINE else None
    queue_mail(kind="pledge_receipt", recipient=backer.email, user_id=backer.id,
               locale=backer.locale, subject=_l("Thank you for your pledge"),
               template="pledge_receipt", pledge=record, campaign=record.campaign,
               project=record.campaign.project, payment=payment)


def cancel_pledge(record: Pledge, actor) -> None:
    """A backer withdraws a pledge before the close; a saved card is released."""
    if record.campaign.status != CampaignStatus.LIVE:
        raise FundingError(_l("The campaign has closed; the pledge can no longer be "
                              "cancelled."), status=409)
    if record.status in (PledgeStatus.CANCELLED, PledgeStatus.DECLINED):
        return
    if record.status in (PledgeStatus.PAID, PledgeStatus.RECEIVED):
        raise FundingError(_l("This pledge is already paid, so it can no longer be cancelled. "
                              "Ask the team if you want the money back."), status=409)
    move(record, PledgeStatus.CANCELLED)
    record.matched_amount, record.stripe_client_secret = 0, None
    db.session.flush()  # a saved card is released by the release_cards job


def accept_material(record: Pledge, accept: bool) -> None:
    if record.kind != MATERIAL or record.status not in (
            PledgeStatus.OFFERED, PledgeStatus.ACCEPTED, PledgeStatus.DECLINED):
        raise FundingError(_l("Only offered materials can be accepted."), status=409)
    move(record, PledgeStatus.ACCEPTED if accept else PledgeStatus.DECLINED)
    db.session.flush()


def confirm_received(record: Pledge) -> None:
    if record.kind != OFFLINE or record.status not in (PledgeStatus.PROMISED,
                                                       PledgeStatus.DUE):
        raise FundingError(_l("Only promised money can be confirmed as received."),
                           status=409)
    move(record, PledgeStatus.RECEIVED)
    record.paid_dt = utcnow()
    if record.backer is not None:
        backer = record.backer
        queue_mail(kind="pledge_received", recipient=backer.email, user_id=backer.id,
                   locale=backer.locale, subject=_l("Your payment has arrived"),
                   template="pledge_received", pledge=record, campaign=record.campaign,
                   project=record.campaign.project)
    db.session.flush()


def post_update(campaign: Campaign, author, title: str, body: str) -> CampaignUpdate:
    """News to the backers, e-mailed to each."""
    if not title.strip() or not body.strip():
        raise FundingError(_l("Give the update a title and a text."), "title")
    update = CampaignUpdate(campaign_id=campaign.id, author_id=author.id, title=title.strip(),
                            body=body.strip())
    db.session.add(update)
    backers = {p.backer for p in db.session.scalars(sa.select(Pledge).where(
        Pledge.campaign_id == campaign.id, Pledge.status.in_(STANDING)))
        if p.backer}
    for backer in backers:
        queue_mail(kind="campaign_update", recipient=backer.email, user_id=backer.id,
                   locale=backer.locale, subject=_l("News from %(title)s",
                                                    title=campaign.project.title),
                   template="campaign_update", update=update, project=campaign.project)
    db.session.flush()
    return update
