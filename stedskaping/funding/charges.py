"""Recording what Stripe answered for a charge, and the mails that go with it.

Used by the campaign close, the webhooks, the reconciliation and the page where a
backer finishes a payment; each records an outcome the same way, exactly once.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from stedskaping.db import db, utcnow
from stedskaping.funding.bank import payment_details
from stedskaping.funding.models import OFFLINE, Pledge, PledgeStatus, move, moves_of
from stedskaping.notifications.operations import queue_mail
from stedskaping.payments.gateway import ChargeResult

# What a charge's outcome moves the pledge to ("processing" moves it nowhere yet).
OUTCOMES = {"succeeded": PledgeStatus.PAID, "requires_action": PledgeStatus.ACTION_REQUIRED,
            "failed": PledgeStatus.PAYMENT_FAILED}


def apply_charge(pledge: Pledge, result: ChargeResult) -> None:
    """Record a charge's outcome. Events may come late and in any order: a paid pledge
    never goes back, and an outcome the pledge's table does not allow from where it is
    now is stale (a failed payment does not wait for the backer again)."""
    if pledge.status in (PledgeStatus.PAID, PledgeStatus.REFUNDED):
        return
    target = OUTCOMES.get(result.status)
    if target is not None and not moves_of(pledge).allows(pledge.status, target):
        return
    if result.intent_id:
        pledge.stripe_payment_intent_id = result.intent_id
    if target is not None and target != PledgeStatus.ACTION_REQUIRED:
        # The pay page no longer needs the intent's secret, nor waits for an answer.
        pledge.stripe_client_secret = pledge.browser_confirmed_dt = None
    if target == PledgeStatus.PAID:
        move(pledge, PledgeStatus.PAID)
        pledge.paid_dt, pledge.failure_reason = utcnow(), None
        db.session.flush()
        mail_paid(pledge)
    elif target == PledgeStatus.ACTION_REQUIRED:
        pledge.failure_reason = result.error_code
        # What the pay page gives Stripe.js (without it, the card_pages job fetches it).
        pledge.stripe_client_secret = result.client_secret or pledge.stripe_client_secret
        if pledge.status != PledgeStatus.ACTION_REQUIRED:  # the mail goes once, on the way in
            days = current_app.config["ACTION_REQUIRED_DAYS"]
            move(pledge, PledgeStatus.ACTION_REQUIRED)
            pledge.action_deadline_dt = utcnow() + timedelta(days=days)
            mail(pledge, "pledge_action_required", _l("Your pledge needs you to finish the "
                                                       "payment"), days=days)
    elif target == PledgeStatus.PAYMENT_FAILED:
        pledge.failure_reason = result.error_code
        if pledge.status != PledgeStatus.PAYMENT_FAILED:  # the mail goes once, on the way in
            move(pledge, PledgeStatus.PAYMENT_FAILED)
            pledge.matched_amount = 0
            mail(pledge, "pledge_failed", _l("Your card was declined")
                  if result.error_code not in ("action_expired", "canceled")
                  else _l("Your card payment did not go through"))
    db.session.flush()


def mail(pledge: Pledge, template: str, subject, **context) -> None:
    backer = pledge.backer
    if backer is None:
        return
    if pledge.kind == OFFLINE:
        context["payment"] = payment_details(pledge)
    queue_mail(kind=template, recipient=backer.email, user_id=backer.id, locale=backer.locale,
               subject=subject, template=template, pledge=pledge, campaign=pledge.campaign,
               project=pledge.campaign.project, **context)


def mail_paid(pledge: Pledge) -> None:
    """The receipt for a charged card, written in the transaction that marks it paid."""
    mail(pledge, "pledge_paid", _l("Receipt: your card is charged"))


def mail_receipts(pledge_ids: list[int]) -> None:
    pledges = db.session.scalars(sa.select(Pledge).where(Pledge.id.in_(pledge_ids))
                                 .options(selectinload(Pledge.backer))
                                 .execution_options(populate_existing=True)
                                 .order_by(Pledge.id))
    for pledge in pledges:
        mail_paid(pledge)
