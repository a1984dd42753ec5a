"""What the card pages wait for, and releasing cards: Stripe work done by jobs.

The pages a backer uses to save a card (``/pledges/<id>/card``) and to finish a
payment their bank wants confirmed (``/pledges/<id>/pay``) read only our
database and poll ``/pledges/<id>/card-state``. The ``card_pages`` job (every two
seconds) does what they wait for:

- a card pledge just made gets its Stripe customer and SetupIntent, and the
  intent's client secret is kept on the pledge for Stripe.js;
- when the browser says Stripe.js confirmed an intent (``browser_confirmed_dt``),
  the job asks Stripe and records the answer (card saved; payment made or not);
- a payment waiting for the backer whose client secret we lack gets it.

The ``release_cards`` job (every minute) detaches the cards of pledges that
ended without being charged, cancels the payments that waited for them and the
SetupIntents never confirmed, and marks each pledge ``card_released_dt``.
"""

from __future__ import annotations

import logging
from datetime import date

import sqlalchemy as sa

from stedskaping.db import db, unit_of_work, utcnow
from stedskaping.funding.charges import apply_charge
from stedskaping.funding.models import CARD, Pledge, PledgeStatus
from stedskaping.funding.operations import apply_saved_card
from stedskaping.payments import gateway as payments
from stedskaping.payments.gateway import gateway, interpret

log = logging.getLogger(__name__)
NOT_SAVED = "card_not_saved"  # failure_reason: Stripe did not confirm the card
BATCH = 100  # pledges per run of a job; the rest wait for the next run


def card_pages(today: date) -> int:
    """Prepare card forms, check what browsers confirmed, fetch missing client secrets."""
    with unit_of_work():
        pending = Pledge.kind == CARD
        to_prepare = _ids(pending, Pledge.status == PledgeStatus.PENDING_SETUP,
                          Pledge.stripe_setup_intent_id.is_(None))
        to_check = _ids(pending, Pledge.browser_confirmed_dt.is_not(None), Pledge.status.in_(
            (PledgeStatus.PENDING_SETUP, PledgeStatus.ACTION_REQUIRED)))
        no_secret = _ids(pending, Pledge.status == PledgeStatus.ACTION_REQUIRED,
                         Pledge.stripe_client_secret.is_(None),
                         Pledge.browser_confirmed_dt.is_(None))
    done = sum(_quietly(prepare_card, pledge_id) for pledge_id in to_prepare)
    done += sum(_quietly(check_confirmed, pledge_id) for pledge_id in to_check)
    return done + sum(_quietly(fetch_payment_secret, pledge_id) for pledge_id in no_secret)


def _ids(*where) -> list[int]:
    return list(db.session.scalars(sa.select(Pledge.id).where(*where)
                                   .order_by(Pledge.id).limit(BATCH)))


def _quietly(work, pledge_id: int) -> int:
    """One pledge's Stripe work; a failure is logged and tried again at the next run."""
    try:
        return work(pledge_id)
    except payments.StripeError:
        log.warning("Stripe work for pledge %s failed; tried again later", pledge_id,
                    exc_info=True)
        return 0


def prepare_card(pledge_id: int) -> int:
    """Create the pledge's customer and SetupIntent (idempotent keys from the pledge) and
    keep the intent's client secret for the card form."""
    with unit_of_work():
        record = db.session.get(Pledge, pledge_id)
        if record.status != PledgeStatus.PENDING_SETUP or record.stripe_setup_intent_id:
            return 0
        customer, backer = record.stripe_customer_id, record.backer
        email, name = (backer.email, backer.name) if backer else ("", "")
    pay = gateway()
    customer = customer or pay.create_customer(email=email, name=name, pledge_id=pledge_id)
    intent_id, secret = pay.create_setup_intent(customer_id=customer, pledge_id=pledge_id)
    # One conditional UPDATE, so that the transaction starts by writing (on SQLite it
    # then waits for a busy database instead of failing on a stale read).
    still_pending = sa.case((Pledge.status == PledgeStatus.PENDING_SETUP, secret), else_=None)
    with unit_of_work():
        db.session.execute(sa.update(Pledge).where(
            Pledge.id == pledge_id, Pledge.stripe_setup_intent_id.is_(None)).values(
            stripe_customer_id=customer, stripe_setup_intent_id=intent_id,
            stripe_client_secret=still_pending))
    return 1


def check_confirmed(pledge_id: int) -> int:
    """The browser said Stripe.js confirmed the card (or the payment): ask Stripe."""
    with unit_of_work():
        record = db.session.get(Pledge, pledge_id)
        saving = record.status == PledgeStatus.PENDING_SETUP
        intent_id = record.stripe_setup_intent_id if saving else record.stripe_payment_intent_id
    pay = gateway()
    intent = pay.setup_intent(intent_id) if saving else pay.payment_intent(intent_id)
    with unit_of_work():
        record = _locked(pledge_id)
        if record.browser_confirmed_dt is None:
            return 0
        if saving and record.status == PledgeStatus.PENDING_SETUP:
            _saved_or_not(record, intent)
        elif not saving:
            result = interpret(intent)
            if result.status != "processing":  # else: asked again at the next run
                record.browser_confirmed_dt = None
                apply_charge(record, result)
    return 1


def _saved_or_not(record: Pledge, intent) -> None:
    if intent.status == "succeeded":
        apply_saved_card(record, intent.payment_method)
    elif intent.status in ("requires_payment_method", "canceled"):
        record.browser_confirmed_dt, record.failure_reason = None, NOT_SAVED
    # processing, requires_action: the card is not saved yet; asked again at the next run


def fetch_payment_secret(pledge_id: int) -> int:
    """A payment waits for the backer but we lack its client secret (a webhook told us)."""
    with unit_of_work():
        intent_id = db.session.get(Pledge, pledge_id).stripe_payment_intent_id
    if not intent_id:
        return 0
    intent = gateway().payment_intent(intent_id)
    with unit_of_work():
        record = _locked(pledge_id)
        if record.status == PledgeStatus.ACTION_REQUIRED:
            record.stripe_client_secret = intent.client_secret
    return 1


def _locked(pledge_id: int) -> Pledge:
    return db.session.scalar(sa.select(Pledge).where(Pledge.id == pledge_id)
                             .with_for_update().execution_options(populate_existing=True))


# --- releasing cards ----------------------------------------------------------------

def release_cards(today: date) -> int:
    """Release at Stripe what pledges that ended without a charge still hold there."""
    with unit_of_work():
        rows = db.session.execute(sa.select(
            Pledge.id, Pledge.status, Pledge.paid_dt, Pledge.stripe_payment_method_id,
            Pledge.stripe_payment_intent_id, Pledge.stripe_setup_intent_id).where(
            Pledge.kind == CARD, Pledge.card_released_dt.is_(None),
            Pledge.status.in_((PledgeStatus.RELEASED, PledgeStatus.CANCELLED)),
            sa.or_(Pledge.stripe_payment_method_id.is_not(None),
                   Pledge.stripe_setup_intent_id.is_not(None)))
            .order_by(Pledge.id).limit(BATCH)).all()
    released = [row.id for row in rows if _release(row)]
    if released:
        with unit_of_work():
            db.session.execute(sa.update(Pledge).where(Pledge.id.in_(released))
                               .values(card_released_dt=utcnow())
                               .execution_options(synchronize_session=False))
    return len(released)


def _release(row) -> bool:
    """False when Stripe could not be reached (the next run tries again)."""
    pay = gateway()
    calls = []
    if row.stripe_payment_method_id is None:  # never saved: the form can no longer save it
        calls.append((pay.cancel_setup, row.stripe_setup_intent_id))
    if row.status == PledgeStatus.RELEASED and row.stripe_payment_intent_id and not row.paid_dt:
        calls.append((pay.cancel_payment, row.stripe_payment_intent_id))  # waited for backer
    if row.stripe_payment_method_id:
        calls.append((pay.release, row.stripe_payment_method_id))
    for call, stripe_id in calls:
        try:
            call(stripe_id)
        except payments.TRANSIENT:
            log.warning("Stripe unreachable releasing pledge %s; tried again later", row.id)
            return False
        except payments.StripeError as error:  # released already, or paid: nothing to undo
            log.info("releasing %s of pledge %s: %s", stripe_id, row.id, error)
    return True
