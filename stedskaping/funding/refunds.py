"""Refunds of paid card pledges: locked, checked again under the lock, e-mailed."""

from __future__ import annotations

import logging

import sqlalchemy as sa
import stripe
from flask_babel import lazy_gettext as _l

from stedskaping.db import db, utcnow
from stedskaping.formats import money
from stedskaping.funding.models import (
    CARD,
    Pledge,
    PledgeStatus,
    Refund,
    move,
)
from stedskaping.funding.operations import FundingError
from stedskaping.notifications.operations import queue_mail
from stedskaping.payments.gateway import gateway

log = logging.getLogger(__name__)


def refund(record: Pledge, actor, amount: int, reason: str) -> Refund:
    """Refund a paid card pledge, whole or in part, with a reason (admins only).

    The pledge row is locked and read afresh first, so two refunds at once are
    serialised: the second sees what the first refunded, gets the next refund
    number (and so its own idempotency key), or is refused if too little is left.
    The backer is e-mailed the amount, the reason and what they have paid net.
    """
    record = _locked_pledge(record.id)
    check_refund(record, amount, reason)
    number = db.session.scalar(sa.select(sa.func.count()).select_from(Refund).where(
        Refund.pledge_id == record.id)) + 1
    try:
        stripe_id = gateway().refund(payment_intent_id=record.stripe_payment_intent_id,
                                     amount=amount,
                                     idempotency_key=f"pledge-{record.id}-refund-{number}")
    except stripe.StripeError as error:  # nothing moved: say so, record nothing
        log.warning("refund of pledge %s refused by Stripe: %s", record.id, error)
        raise FundingError(_l("Stripe refused the refund; nothing was refunded. Try again "
                              "later."), status=502) from error
    entry = Refund(pledge_id=record.id, amount=amount, reason=reason.strip(),
                   stripe_refund_id=stripe_id, actor_id=actor.id, created_dt=utcnow())
    db.session.add(entry)
    record.refunded_amount += amount
    if record.refunded_amount >= record.amount:
        move(record, PledgeStatus.REFUNDED)
    db.session.flush()
    _refund_mail(record, entry)
    return entry


def check_refund(record: Pledge, amount: int, reason: str) -> None:
    """Refuse a refund that cannot be made (also used to check before asking to confirm)."""
    if record.kind != CARD or record.status not in (PledgeStatus.PAID, PledgeStatus.REFUNDED):
        raise FundingError(_l("Only paid card pledges can be refunded."), status=409)
    left = refundable(record)
    if left == 0:
        raise FundingError(_l("This pledge is refunded in full."), "amount", 409)
    if amount <= 0 or amount > left:
        raise FundingError(_l("Refund between %(low)s and %(left)s.", low=money(1),
                                       left=money(left)),
                           "amount")
    if not reason.strip():
        raise FundingError(_l("Give a reason."), "reason")


def refundable(record: Pledge) -> int:
    """What is left to refund of a paid pledge (øre)."""
    return max(record.amount - record.refunded_amount, 0)


def _locked_pledge(pledge_id: int) -> Pledge:
    return db.session.scalar(sa.select(Pledge).where(Pledge.id == pledge_id)
                             .with_for_update().execution_options(populate_existing=True))


def _refund_mail(record: Pledge, entry: Refund) -> None:
    backer = record.backer
    if backer is None:
        return
    queue_mail(kind="pledge_refunded", recipient=backer.email, user_id=backer.id,
               locale=backer.locale, subject=_l("Your pledge is refunded"),
               template="pledge_refunded", pledge=record, refund=entry,
               campaign=record.campaign, project=record.campaign.project)
