from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stedskaping.db import created, db, intpk, money, money_zero, project_fk, user_ref, utcnow
from stedskaping.statuses import Moves, StatusType

if TYPE_CHECKING:
    from stedskaping.accounts.models import User
    from stedskaping.projects.models import Project

class CampaignStatus(StrEnum):
    """A campaign round's status. A project may have several rounds: after a failed
    round (minimum not reached) and a newly approved plan, the team sets up the next."""

    DRAFT = "draft"
    LIVE = "live"
    PAUSED = "paused"  # the project is paused: no pledges, the close waits
    CLOSING = "closing"  # the close date passed or an early close was asked for
    SUCCEEDED = "succeeded"
    FAILED = "failed"


# The scheduler's close job does the charging between closing and succeeded | failed.
CAMPAIGN_MOVES = Moves("Campaign", {
    None: {CampaignStatus.DRAFT},
    # failed: the project was cancelled before the round opened (nobody pledged).
    CampaignStatus.DRAFT: {CampaignStatus.LIVE, CampaignStatus.FAILED},
    CampaignStatus.LIVE: {CampaignStatus.PAUSED, CampaignStatus.CLOSING,
                          CampaignStatus.FAILED},
    CampaignStatus.PAUSED: {CampaignStatus.LIVE, CampaignStatus.FAILED},
    # failed also when the project is cancelled while the close is charging.
    CampaignStatus.CLOSING: {CampaignStatus.SUCCEEDED, CampaignStatus.FAILED},
})
OPEN_STATUSES = (CampaignStatus.DRAFT, CampaignStatus.LIVE, CampaignStatus.PAUSED,
                 CampaignStatus.CLOSING)

# Pledge kinds
CARD, OFFLINE, MATERIAL, HOURS = "card", "offline", "material", "hours"


class PledgeStatus(StrEnum):
    """A pledge's status; which follow which depends on its kind (PLEDGE_MOVES)."""

    PENDING_SETUP = "pending_setup"  # card: not saved yet, does not count
    SAVED = "saved"
    CHARGING = "charging"  # the close stored the idempotency key; the charge may be sent
    PAID = "paid"
    ACTION_REQUIRED = "action_required"  # the backer must finish the payment (3-D Secure)
    PAYMENT_FAILED = "failed"
    PROMISED = "promised"  # offline: pay when the campaign succeeds
    DUE = "due"
    RECEIVED = "received"
    OFFERED = "offered"  # materials and hours
    ACCEPTED = "accepted"
    DECLINED = "declined"
    RELEASED = "released"  # the round ended without taking it
    CANCELLED = "cancelled"  # withdrawn by the backer (or never saved)
    REFUNDED = "refunded"  # in full


_P = PledgeStatus
PLEDGE_MOVES = {
    CARD: Moves("Pledge (card)", {
        None: {_P.PENDING_SETUP},
        # cancelled: by the backer, or by the clean-up job when the card was never saved.
        _P.PENDING_SETUP: {_P.SAVED, _P.CANCELLED, _P.RELEASED},
        _P.SAVED: {_P.CHARGING, _P.CANCELLED, _P.RELEASED},
        # released: the project was cancelled while the close was charging.
        _P.CHARGING: {_P.PAID, _P.ACTION_REQUIRED, _P.PAYMENT_FAILED, _P.RELEASED},
        _P.ACTION_REQUIRED: {_P.PAID, _P.PAYMENT_FAILED, _P.RELEASED},
        # paid: Stripe reports (late, by webhook or reconciliation) that the money was taken.
        _P.PAYMENT_FAILED: {_P.PAID},
        # paid: the backer finished a payment just as the project was cancelled; the
        # money was taken, so it stays on record (for a refund). Not failed nor action
        # required: that is late news of the payment cancelled with the round.
        _P.RELEASED: {_P.PAID},
        _P.PAID: {_P.REFUNDED},
    }),
    OFFLINE: Moves("Pledge (offline)", {
        None: {_P.PROMISED},
        _P.PROMISED: {_P.DUE, _P.RECEIVED, _P.RELEASED, _P.CANCELLED},
        # released: the project was cancelled after a successful close.
        _P.DUE: {_P.RECEIVED, _P.RELEASED},
        _P.RECEIVED: set(),  # money in hand is paid back by the team, outside the platform
    }),
    MATERIAL: Moves("Pledge (material)", {
        None: {_P.OFFERED},
        # Released when the round fails or the project is cancelled: a new round asks again.
        _P.OFFERED: {_P.ACCEPTED, _P.DECLINED, _P.CANCELLED, _P.RELEASED},
        _P.ACCEPTED: {_P.DECLINED, _P.CANCELLED, _P.RELEASED},  # the team may change its mind
        _P.DECLINED: {_P.ACCEPTED},
    }),
    HOURS: Moves("Pledge (hours)", {
        None: {_P.OFFERED},
        _P.OFFERED: {_P.CANCELLED, _P.RELEASED},
    }),
}

# Money that counts toward the minimum (and keeps its matched amount).
COUNTING_MONEY = (_P.SAVED, _P.CHARGING, _P.PAID, _P.ACTION_REQUIRED, _P.PROMISED, _P.DUE,
                  _P.RECEIVED)
# Pledges that stand: shown on the campaign page, counted as backers, sent updates.
STANDING = (*COUNTING_MONEY, _P.OFFERED, _P.ACCEPTED)


class RefundStatus(StrEnum):
    """A refund's status: an admin records it, the ``refunds`` job sends it to Stripe."""

    REQUESTED = "requested"  # recorded; the job sends it (again, after a retry)
    SENT = "sent"  # Stripe made it: the pledge counts it, the backer is e-mailed
    FAILED = "failed"  # Stripe refused it; its message is kept, an admin may retry


REFUND_MOVES = Moves("Refund", {
    None: {RefundStatus.REQUESTED},
    RefundStatus.REQUESTED: {RefundStatus.SENT, RefundStatus.FAILED},
    RefundStatus.FAILED: {RefundStatus.REQUESTED},  # retried, with a new idempotency key
})


def moves_of(obj: Campaign | Pledge | Refund) -> Moves:
    """The table that governs ``obj``'s status."""
    if isinstance(obj, Refund):
        return REFUND_MOVES
    return PLEDGE_MOVES[obj.kind] if isinstance(obj, Pledge) else CAMPAIGN_MOVES


def move(obj: Campaign | Pledge | Refund,
         new: CampaignStatus | PledgeStatus | RefundStatus) -> None:
    """Move a campaign, a pledge or a refund to ``new``; IllegalMove if its table forbids it.

    The only place their status is written (bulk updates name their sources with
    ``moves_of(...).sources``)."""
    moves_of(obj).check(obj, new)
    obj.status = new


class MatchFund(db.Model):
    """A municipality's or sponsor's fund that matches pledges at a ratio, up to caps."""

    __tablename__ = "match_fund"

    id: Mapped[intpk]
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    ratio_percent: Mapped[int] = mapped_column(default=100)  # 100: each krone doubled
    cap_per_project_amount: Mapped[money]
    cap_per_pledge_amount: Mapped[money]
    created_dt: Mapped[created]


class Campaign(db.Model):
    """One campaign round of a project; the highest round is the current one."""

    __tablename__ = "campaign"
    __table_args__ = (sa.UniqueConstraint("project_id", "round"),)

    id: Mapped[intpk]
    project_id: Mapped[project_fk]
    round: Mapped[int] = mapped_column(default=1)
    status: Mapped[CampaignStatus] = mapped_column(StatusType(CampaignStatus, 16),
                                                   default=CampaignStatus.DRAFT, index=True)
    currency: Mapped[str] = mapped_column(sa.String(3), default="NOK")
    minimum_amount: Mapped[money]
    optimum_amount: Mapped[money]
    opens_on: Mapped[date | None]
    closes_on: Mapped[date | None] = mapped_column(index=True)
    story: Mapped[str] = mapped_column(sa.Text, default="")
    cost_plan: Mapped[list] = mapped_column(sa.JSON, default=list)
    match_fund_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("match_fund.id", ondelete="SET NULL"))
    # Offline pledges are paid here; None: the municipality's account (funding/bank.py).
    bank_account: Mapped[str | None] = mapped_column(sa.String(11))
    opened_dt: Mapped[datetime | None]
    # While the project is paused: the days the campaign still had, given back on resume.
    paused_days_left: Mapped[int | None]
    # Decided once when the close starts, so that a rerun finishes the same close.
    is_minimum_reached: Mapped[bool | None]
    counted_amount: Mapped[money | None]  # what counted toward the minimum when it closed
    closed_dt: Mapped[datetime | None]
    # An early close asked for by hand (or the project's cancellation): who and why.
    close_requested_by_id: Mapped[user_ref | None]
    close_reason: Mapped[str | None] = mapped_column(sa.Text)
    created_dt: Mapped[created]

    project: Mapped[Project] = relationship()
    match_fund: Mapped[MatchFund | None] = relationship()
    rewards: Mapped[list[Reward]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", order_by="Reward.amount")


class Reward(db.Model):
    """A thank-you for pledges of at least ``amount``; ``quantity`` None is unlimited."""

    __tablename__ = "reward"

    id: Mapped[intpk]
    campaign_id: Mapped[int] = mapped_column(sa.ForeignKey("campaign.id", ondelete="CASCADE"),
                                             index=True)
    title: Mapped[str] = mapped_column(sa.String(160))
    amount: Mapped[money]
    quantity: Mapped[int | None]

    campaign: Mapped[Campaign] = relationship(back_populates="rewards")


class Pledge(db.Model):
    __tablename__ = "pledge"
    __table_args__ = (sa.Index("ix_pledge_campaign_status", "campaign_id", "status"),
                      # The pages of a campaign's backers and of "my pledges", newest first.
                      sa.Index("ix_pledge_campaign", "campaign_id", "id"),
                      sa.Index("ix_pledge_backer", "backer_id", "id"))

    id: Mapped[intpk]
    campaign_id: Mapped[int] = mapped_column(sa.ForeignKey("campaign.id", ondelete="CASCADE"))
    backer_id: Mapped[user_ref | None] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    status: Mapped[PledgeStatus] = mapped_column(StatusType(PledgeStatus, 20))
    amount: Mapped[money_zero]  # øre; for materials the estimated value
    matched_amount: Mapped[money_zero]
    hours: Mapped[int] = mapped_column(default=0)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    is_anonymous: Mapped[bool] = mapped_column(default=False)
    reward_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reward.id",
                                                                ondelete="SET NULL"))
    stripe_customer_id: Mapped[str | None] = mapped_column(sa.String(64))
    stripe_setup_intent_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    stripe_payment_method_id: Mapped[str | None] = mapped_column(sa.String(64))
    stripe_payment_intent_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    # Written and committed before the charge is sent, so a rerun reuses it.
    idempotency_key: Mapped[str | None] = mapped_column(sa.String(64))
    action_deadline_dt: Mapped[datetime | None]
    # What the browser needs for the intent it confirms (the SetupIntent while the card
    # is being saved, the PaymentIntent while the backer must finish a payment), written
    # by the jobs and webhooks so that the pages never ask Stripe; cleared after.
    stripe_client_secret: Mapped[str | None] = mapped_column(sa.String(255))
    # The browser said Stripe.js confirmed that intent; the card_pages job checks it.
    browser_confirmed_dt: Mapped[datetime | None]
    # The release_cards job detached the card (and cancelled a waiting payment).
    card_released_dt: Mapped[datetime | None]
    paid_dt: Mapped[datetime | None]
    refunded_amount: Mapped[money_zero]
    failure_reason: Mapped[str | None] = mapped_column(sa.String(200))
    created_dt: Mapped[created]
    updated_dt: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    campaign: Mapped[Campaign] = relationship()
    backer: Mapped[User | None] = relationship()
    reward: Mapped[Reward | None] = relationship()


class CampaignUpdate(db.Model):
    """News from the team to the backers (e-mailed)."""

    __tablename__ = "campaign_update"

    id: Mapped[intpk]
    campaign_id: Mapped[int] = mapped_column(sa.ForeignKey("campaign.id", ondelete="CASCADE"),
                                             index=True)
    author_id: Mapped[user_ref | None]
    title: Mapped[str] = mapped_column(sa.String(160))
    body: Mapped[str] = mapped_column(sa.Text)
    created_dt: Mapped[created]

    author: Mapped[User | None] = relationship()


class Refund(db.Model):
    """A refund of a paid card pledge: recorded in the admin's request, sent by the job."""

    __tablename__ = "refund"

    id: Mapped[intpk]
    pledge_id: Mapped[int] = mapped_column(sa.ForeignKey("pledge.id", ondelete="CASCADE"),
                                           index=True)
    number: Mapped[int] = mapped_column(default=1)  # the pledge's 1st, 2nd, ... refund
    status: Mapped[RefundStatus] = mapped_column(StatusType(RefundStatus, 16),
                                                 default=RefundStatus.REQUESTED, index=True)
    amount: Mapped[money]
    reason: Mapped[str] = mapped_column(sa.Text)
    # pledge-<id>-refund-<number>[-<attempt>]: a retry after a refusal gets a new one.
    idempotency_key: Mapped[str] = mapped_column(sa.String(80), unique=True)
    attempt: Mapped[int] = mapped_column(default=1)
    # Set (and committed) just before the job sends it: a rerun looks at Stripe first.
    sending_dt: Mapped[datetime | None]
    sent_dt: Mapped[datetime | None]
    failure_message: Mapped[str | None] = mapped_column(sa.Text)  # Stripe's own words
    stripe_refund_id: Mapped[str | None] = mapped_column(sa.String(64))
    actor_id: Mapped[user_ref | None]
    created_dt: Mapped[created]

    pledge: Mapped[Pledge] = relationship()


class StripeEvent(db.Model):
    """Every webhook event, stored by its id: a repeat delivery does nothing."""

    __tablename__ = "stripe_event"

    id: Mapped[str] = mapped_column(sa.String(255), primary_key=True)
    type: Mapped[str] = mapped_column(sa.String(64))
    payload: Mapped[dict] = mapped_column(sa.JSON)
    received_dt: Mapped[created]
