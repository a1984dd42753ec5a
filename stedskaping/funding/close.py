"""Closing a campaign: charge every saved card exactly once, or release them all.

This is a job, not a request: it commits after each step so that a crash
leaves a record of how far it got, and running it again finishes the same
close without charging anybody twice:

1. The campaign goes from live to closing, and whether the minimum was reached
   is decided and stored once.
2. Success: for each saved card, the idempotency key (from the pledge) is
   stored and committed *before* the charge is sent. A pledge found "charging"
   on a rerun is looked up at Stripe (by its intent, or among its customer's
   intents) before anything is sent again. Offline promises become due.
   Failure: nobody is charged; saved cards are released and backers told.
3. The project moves on through the engine (to realisation, or back to planning).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from stedskaping.db import after_commit, db, unit_of_work, utcnow
from stedskaping.engine import process
from stedskaping.engine.machine import EngineError
from stedskaping.funding.bank import payment_details
from stedskaping.funding.models import (
    ACTION_REQUIRED,
    CARD,
    CHARGING,
    CLOSING,
    DUE,
    FAILED,
    LIVE,
    OFFLINE,
    PAID,
    PAYMENT_FAILED,
    PENDING_SETUP,
    PROMISED,
    REFUNDED,
    RELEASED,
    SAVED,
    SUCCEEDED,
    Campaign,
    Pledge,
)
from stedskaping.funding.totals import totals
from stedskaping.notifications.operations import queue_mail
from stedskaping.payments.gateway import ChargeResult, gateway, interpret

log = logging.getLogger(__name__)


@dataclass
class CloseReport:
    campaign_id: int
    minimum_reached: bool | None = None
    paid: int = 0
    failed: int = 0
    action_required: int = 0
    released: int = 0
    already_closed: bool = False
    project_state: str | None = None
    notes: list[str] = field(default_factory=list)


def close_campaign(campaign_id: int, actor=process.SYSTEM) -> CloseReport:
    """Close a campaign (at its closing date, or early by a facilitator); safe to rerun."""
    report = CloseReport(campaign_id)
    with unit_of_work():
        campaign = _locked(campaign_id)
        if campaign.status not in (LIVE, CLOSING):
            report.already_closed = True
            return report
        if campaign.status == LIVE:
            campaign.status, campaign.closed_dt = CLOSING, utcnow()
            campaign.is_minimum_reached = totals(campaign).minimum_reached
        report.minimum_reached = campaign.is_minimum_reached
    if report.minimum_reached:
        _charge_all(campaign_id, report)
    else:
        _release_all(campaign_id, report)
    _finish(campaign_id, actor, report)
    return report


def _locked(campaign_id: int) -> Campaign:
    return db.session.scalar(sa.select(Campaign).where(Campaign.id == campaign_id)
                             .with_for_update().execution_options(populate_existing=True))


def _pledge_ids(campaign_id: int, statuses, kind=CARD) -> list[int]:
    return list(db.session.scalars(sa.select(Pledge.id).where(
        Pledge.campaign_id == campaign_id, Pledge.kind == kind,
        Pledge.status.in_(statuses)).order_by(Pledge.id)))


def _charge_all(campaign_id: int, report: CloseReport) -> None:
    with unit_of_work():  # every key is stored before any charge is sent
        resumed = set(_pledge_ids(campaign_id, (CHARGING,)))
        db.session.execute(
            sa.update(Pledge)
            .where(Pledge.campaign_id == campaign_id, Pledge.kind == CARD,
                   Pledge.status == SAVED)
            .values(status=CHARGING, idempotency_key=sa.literal("pledge-")
                    + sa.cast(Pledge.id, sa.String) + sa.literal("-charge"))
            .execution_options(synchronize_session=False))
    calls = db.session.execute(sa.select(
        Pledge.id, Pledge.stripe_customer_id, Pledge.stripe_payment_method_id, Pledge.amount,
        Pledge.idempotency_key, Pledge.stripe_payment_intent_id, Campaign.currency,
    ).join(Campaign).where(Pledge.campaign_id == campaign_id, Pledge.kind == CARD,
                           Pledge.status == CHARGING).order_by(Pledge.id)).all()
    db.session.rollback()  # end the read; each batch below is its own transaction
    outcomes: list[tuple[int, ChargeResult]] = []
    for pledge_id, customer, method, amount, key, intent, currency in calls:
        # Only a pledge an earlier run left "charging" may already be charged: look first.
        result = _earlier_attempt(intent, customer, pledge_id) if pledge_id in resumed else None
        if result is None:
            result = gateway().charge(customer_id=customer, payment_method_id=method,
                                      amount=amount, currency=currency, idempotency_key=key,
                                      pledge_id=pledge_id)
        outcomes.append((pledge_id, result))
        if len(outcomes) >= RECORD_BATCH:
            _record(outcomes, report)
            outcomes = []
    _record(outcomes, report)
    with unit_of_work():
        for pledge in db.session.scalars(sa.select(Pledge).where(
                Pledge.campaign_id == campaign_id, Pledge.kind == OFFLINE,
                Pledge.status == PROMISED)):
            pledge.status = DUE
            _mail(pledge, "pledge_due", _l("Time to pay your pledge"))
        for pledge in db.session.scalars(sa.select(Pledge).where(
                Pledge.campaign_id == campaign_id, Pledge.kind == CARD,
                Pledge.status == PENDING_SETUP)):
            pledge.status, pledge.matched_amount = RELEASED, 0  # never saved: nothing to charge


# Outcomes are written in batches: a crash loses at most one batch of answers, and
# those pledges, still "charging", are looked up at Stripe on the next run.
RECORD_BATCH = 50


def _record(outcomes: list[tuple[int, ChargeResult]], report: CloseReport) -> None:
    if not outcomes:
        return
    with unit_of_work():
        intents = {pid: r.intent_id for pid, r in outcomes if r.status == "succeeded"}
        # Lock the rows first: a webhook marking one of them paid at the same time waits,
        # then finds it paid, so each backer gets exactly one receipt.
        newly_paid = list(db.session.scalars(sa.select(Pledge.id).where(
            Pledge.id.in_(list(intents)), Pledge.status != PAID).with_for_update()
        )) if intents else []
        if newly_paid:
            table = Pledge.__table__
            db.session.connection().execute(
                table.update()
                .where(table.c.id == sa.bindparam("pid"), table.c.status != PAID)
                .values(status=PAID, stripe_payment_intent_id=sa.bindparam("intent"),
                        paid_dt=utcnow(), failure_reason=None),
                [{"pid": pid, "intent": intents[pid]} for pid in newly_paid])
            _mail_receipts(newly_paid)
        for pid, result in outcomes:
            if result.status != "succeeded":  # declines and 3-D Secure: mail the backer
                apply_charge(db.session.get(Pledge, pid, with_for_update=True), result)
    for _pid, result in outcomes:
        if result.status == "succeeded":
            report.paid += 1
        elif result.status == "requires_action":
            report.action_required += 1
        else:
            report.failed += 1


def _earlier_attempt(intent_id: str | None, customer_id: str, pledge_id: int):
    """What a crashed earlier run already did at Stripe for this pledge, if anything."""
    pay = gateway()
    if intent_id:
        return interpret(pay.payment_intent(intent_id))
    for intent in pay.payment_intents_of(customer_id):
        metadata = intent.metadata.to_dict() if intent.metadata else {}
        if metadata.get("pledge_id") == str(pledge_id):
            return interpret(intent)
    return None


def apply_charge(pledge: Pledge, result: ChargeResult) -> None:
    """Record a charge's outcome; a paid pledge never goes back (events may come late)."""
    if pledge.status in (PAID, REFUNDED):
        return
    if pledge.status == PAYMENT_FAILED and result.status == "requires_action":
        return  # failed for good (declined, or the backer's time ran out)
    if result.intent_id:
        pledge.stripe_payment_intent_id = result.intent_id
    if result.status == "succeeded":
        pledge.status, pledge.paid_dt, pledge.failure_reason = PAID, utcnow(), None
        db.session.flush()
        _mail_paid(pledge)
    elif result.status == "requires_action":
        pledge.failure_reason = result.error_code
        if pledge.status != ACTION_REQUIRED:  # the mail goes once, on the way in
            days = current_app.config["ACTION_REQUIRED_DAYS"]
            pledge.status = ACTION_REQUIRED
            pledge.action_deadline_dt = utcnow() + timedelta(days=days)
            _mail(pledge, "pledge_action_required", _l("Your pledge needs you to finish the "
                                                       "payment"), days=days)
    elif result.status == "failed":
        pledge.failure_reason = result.error_code
        if pledge.status != PAYMENT_FAILED:  # the mail goes once, on the way in
            pledge.status, pledge.matched_amount = PAYMENT_FAILED, 0
            _mail(pledge, "pledge_failed", _l("Your card was declined")
                  if result.error_code not in ("action_expired", "canceled")
                  else _l("Your card payment did not go through"))
    db.session.flush()


def _release_all(campaign_id: int, report: CloseReport) -> None:
    with unit_of_work():
        cards = []
        for pledge in db.session.scalars(sa.select(Pledge).where(
                Pledge.campaign_id == campaign_id,
                Pledge.status.in_((SAVED, PENDING_SETUP, PROMISED)))):
            if pledge.stripe_payment_method_id:
                cards.append(pledge.stripe_payment_method_id)
            pledge.status, pledge.matched_amount = RELEASED, 0
            _mail(pledge, "campaign_failed", _l("The campaign did not reach its minimum"))
            report.released += 1
        for card in cards:
            after_commit(lambda card=card: _release_card(card))


def _release_card(payment_method_id: str) -> None:
    try:
        gateway().release(payment_method_id)
    except Exception:  # the pledge is released either way; Stripe forgets unused cards
        log.warning("could not detach %s", payment_method_id, exc_info=True)


def _finish(campaign_id: int, actor, report: CloseReport) -> None:
    with unit_of_work():
        campaign = _locked(campaign_id)
        if campaign.status != CLOSING:
            return
        project = campaign.project
        trigger = "campaign_succeeded" if campaign.is_minimum_reached else "campaign_failed"
        if project.state == "crowdfunding":
            try:
                process.advance(project, trigger, actor)
            except EngineError as error:  # recorded; the close itself is complete
                report.notes.append(str(error))
        campaign.status = SUCCEEDED if campaign.is_minimum_reached else FAILED
        report.project_state = project.state


def _mail(pledge: Pledge, template: str, subject, **context) -> None:
    backer = pledge.backer
    if backer is None:
        return
    if pledge.kind == OFFLINE:
        context["payment"] = payment_details(pledge)
    queue_mail(kind=template, recipient=backer.email, user_id=backer.id, locale=backer.locale,
               subject=subject, template=template, pledge=pledge, campaign=pledge.campaign,
               project=pledge.campaign.project, **context)


def _mail_paid(pledge: Pledge) -> None:
    """The receipt for a charged card, written in the transaction that marks it paid."""
    _mail(pledge, "pledge_paid", _l("Receipt: your card is charged"))


def _mail_receipts(pledge_ids: list[int]) -> None:
    pledges = db.session.scalars(sa.select(Pledge).where(Pledge.id.in_(pledge_ids))
                                 .options(selectinload(Pledge.backer))
                                 .execution_options(populate_existing=True)
                                 .order_by(Pledge.id))
    for pledge in pledges:
        _mail_paid(pledge)


def due_campaigns(today: date) -> list[int]:
    """Campaigns whose closing date has passed, or whose close was interrupted."""
    return list(db.session.scalars(sa.select(Campaign.id).where(sa.or_(
        sa.and_(Campaign.status == LIVE, Campaign.closes_on < today),
        Campaign.status == CLOSING)).order_by(Campaign.id)))
