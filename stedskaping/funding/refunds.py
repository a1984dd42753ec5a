"""Refunds of paid card pledges: recorded in the admin's request, sent by a job.

The admin's request only records the refund (status *requested*), under a lock
on the pledge so that two refunds at once cannot together give back more than
was paid. The ``refunds`` job (every minute) sends each one to Stripe with its
own idempotency key; Stripe's answer makes it *sent* (the pledge counts it and
the backer is e-mailed) or *failed* (Stripe's message is kept; an admin may
retry, which sends it again with a new key).
"""

from __future__ import annotations

import logging
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from stedskaping.db import db, unit_of_work, utcnow
from stedskaping.formats import money
from stedskaping.funding.models import (
    CARD,
    Pledge,
    PledgeStatus,
    Refund,
    RefundStatus,
    move,
)
from stedskaping.funding.operations import FundingError
from stedskaping.notifications.operations import queue_mail
from stedskaping.payments import gateway as payments
from stedskaping.payments.gateway import gateway

log = logging.getLogger(__name__)

# Refunds that hold part of the pledge until Stripe has made them (or they are retried).
PENDING = (RefundStatus.REQUESTED, RefundStatus.FAILED)


def refund(record: Pledge, actor, amount: int, reason: str) -> Refund:
    """Record a refund of a paid card pledge, whole or in part, with a reason (admins only).

    The pledge row is locked and read afresh first, so two refunds at once are
    serialised: the second sees what the first asked for, gets the next refund
    number (and so its own idempotency key), or is refused if too little is left.
    Nothing goes to Stripe here: the ``refunds`` job sends it after the commit.
    """
    record = _locked_pledge(record.id)
    check_refund(record, amount, reason)
    number = db.session.scalar(sa.select(sa.func.count()).select_from(Refund).where(
        Refund.pledge_id == record.id)) + 1
    entry = Refund(pledge_id=record.id, number=number, amount=amount, reason=reason.strip(),
                   idempotency_key=f"pledge-{record.id}-refund-{number}", attempt=1,
                   actor_id=actor.id, created_dt=utcnow())
    move(entry, RefundStatus.REQUESTED)
    db.session.add(entry)
    db.session.flush()
    return entry


def retry(entry: Refund) -> Refund:
    """Send a refund Stripe refused once more, with a new idempotency key (Stripe
    answers a key it has seen with its first answer)."""
    _locked_pledge(entry.pledge_id)
    entry = db.session.scalar(sa.select(Refund).where(Refund.id == entry.id)
                              .with_for_update().execution_options(populate_existing=True))
    if entry.status != RefundStatus.FAILED:
        raise FundingError(_l("Only a failed refund can be tried again."), status=409)
    move(entry, RefundStatus.REQUESTED)
    entry.attempt += 1
    entry.idempotency_key = f"pledge-{entry.pledge_id}-refund-{entry.number}-{entry.attempt}"
    db.session.flush()
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
    """What is left to refund of a paid pledge (øre): refunds not yet made count too."""
    pending = db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(Refund.amount), 0))
                                .where(Refund.pledge_id == record.id,
                                       Refund.status.in_(PENDING)))
    return max(record.amount - record.refunded_amount - int(pending), 0)


def refunds_of(record: Pledge) -> list[Refund]:
    """The pledge's refunds, the first one first (for the admin's page)."""
    return list(db.session.scalars(sa.select(Refund).where(Refund.pledge_id == record.id)
                                   .order_by(Refund.number)))


def _locked_pledge(pledge_id: int) -> Pledge:
    return db.session.scalar(sa.select(Pledge).where(Pledge.id == pledge_id)
                             .with_for_update().execution_options(populate_existing=True))


# --- the refunds job ------------------------------------------------------------------

def send_refunds(today: date) -> int:
    """The ``refunds`` job: send every requested refund to Stripe; returns how many
    Stripe answered (made or refused)."""
    with unit_of_work():
        ids = list(db.session.scalars(sa.select(Refund.id).where(
            Refund.status == RefundStatus.REQUESTED).order_by(Refund.id)))
    return sum(send(refund_id) for refund_id in ids)


def send(refund_id: int) -> int:
    """Send one refund with its idempotency key, and record Stripe's answer.

    ``sending_dt`` is committed before the call: a refund found with it set (a run
    that crashed, or Stripe that could not be reached, or a retry) is first looked
    up at Stripe by its id in the metadata, and sent only if it is not there.
    """
    with unit_of_work():
        entry = db.session.get(Refund, refund_id, with_for_update=True, populate_existing=True)
        if entry.status != RefundStatus.REQUESTED:
            return 0
        sent_before, entry.sending_dt = entry.sending_dt is not None, utcnow()
        intent = entry.pledge.stripe_payment_intent_id
        amount, key = entry.amount, entry.idempotency_key
    pay = gateway()
    try:
        stripe_id = (pay.refund_made(payment_intent_id=intent, refund_id=refund_id)
                     if sent_before else None) or pay.refund(
            payment_intent_id=intent, amount=amount, idempotency_key=key, refund_id=refund_id)
    except payments.TRANSIENT as error:  # stays requested: the next run asks again
        log.warning("refund %s: Stripe could not be reached: %s", refund_id, error)
        return 0
    except payments.StripeError as error:
        log.warning("refund %s refused by Stripe: %s", refund_id, error)
        with unit_of_work():
            record_failed(refund_id, getattr(error, "user_message", None) or str(error))
        return 1
    with unit_of_work():
        record_sent(refund_id, stripe_id)
    return 1


def record_sent(refund_id: int, stripe_id: str) -> None:
    """Stripe made the refund: the pledge counts it, and the backer is e-mailed."""
    entry = db.session.get(Refund, refund_id)
    record = _locked_pledge(entry.pledge_id)
    entry = db.session.get(Refund, refund_id, with_for_update=True, populate_existing=True)
    if entry.status != RefundStatus.REQUESTED:
        return
    move(entry, RefundStatus.SENT)
    entry.stripe_refund_id, entry.sent_dt, entry.failure_message = stripe_id, utcnow(), None
    record.refunded_amount += entry.amount
    if record.refunded_amount >= record.amount:
        move(record, PledgeStatus.REFUNDED)
    db.session.flush()
    _refund_mail(record, entry)


def record_failed(refund_id: int, message: str) -> None:
    """Stripe refused the refund: keep its message for the admin's page."""
    entry = db.session.get(Refund, refund_id, with_for_update=True, populate_existing=True)
    if entry.status != RefundStatus.REQUESTED:
        return
    move(entry, RefundStatus.FAILED)
    entry.failure_message = message[:2000]
    db.session.flush()


def _refund_mail(record: Pledge, entry: Refund) -> None:
    backer = record.backer
    if backer is None:
        return
    queue_mail(kind="pledge_refunded", recipient=backer.email, user_id=backer.id,
               locale=backer.locale, subject=_l("Your pledge is refunded"),
               template="pledge_refunded", pledge=record, refund=entry,
               campaign=record.campaign, project=record.campaign.project)
