"""Stripe webhooks and reconciliation.

Each event is verified by its signature, stored by its id (a repeat delivery
does nothing) and applied so that the order of arrival does not matter: a paid
pledge stays paid whatever failure event arrives after it. Reconciliation asks
Stripe for the state of every open intent and applies it the same way, which
repairs whatever a lost webhook left behind.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from stedskaping.db import db, utcnow
from stedskaping.funding.charges import apply_charge
from stedskaping.funding.models import Pledge, PledgeStatus, StripeEvent
from stedskaping.funding.operations import apply_saved_card
from stedskaping.payments import gateway as payments
from stedskaping.payments.gateway import ChargeResult, gateway, interpret


class BadSignature(Exception):
    pass


def verify(payload: bytes, signature: str | None):
    secret = current_app.config.get("STRIPE_WEBHOOK_SECRET")
    if not secret or not signature:
        raise BadSignature("missing signature or secret")
    try:
        return payments.Webhook.construct_event(payload, signature, secret)
    except (ValueError, payments.SignatureVerificationError) as exc:
        raise BadSignature(str(exc)) from exc


def receive(event) -> bool:
    """Store and apply a verified event; False when it was seen before."""
    payload = event.to_dict()  # plain dicts all the way down
    try:
        with db.session.begin_nested():
            db.session.add(StripeEvent(id=payload["id"], type=payload["type"], payload=payload))
    except IntegrityError:
        return False
    apply(payload["type"], payload["data"]["object"])
    return True


def _pledge_for(obj, *id_fields) -> Pledge | None:
    metadata = obj.get("metadata") or {}
    if str(metadata.get("pledge_id", "")).isdigit():
        pledge = db.session.get(Pledge, int(metadata["pledge_id"]), with_for_update=True)
        if pledge is not None:
            return pledge
    for column, key in id_fields:
        if obj.get(key):
            return db.session.scalar(sa.select(Pledge).where(column == obj[key])
                                     .with_for_update())
    return None


def apply(kind: str, obj) -> None:
    if kind.startswith("payment_intent."):
        pledge = _pledge_for(obj, (Pledge.stripe_payment_intent_id, "id"))
        if pledge is None:
            return
        if kind == "payment_intent.succeeded":
            apply_charge(pledge, ChargeResult(obj["id"], "succeeded"))
        elif kind == "payment_intent.payment_failed":
            error = obj.get("last_payment_error") or {}
            code = error.get("code") or "card_declined"
            status = "requires_action" if code == "authentication_required" else "failed"
            apply_charge(pledge, ChargeResult(obj["id"], status, code,
                                              client_secret=obj.get("client_secret")))
        elif kind == "payment_intent.canceled" and pledge.status != PledgeStatus.PAID:
            apply_charge(pledge, ChargeResult(obj["id"], "failed", "canceled"))
    elif kind == "setup_intent.succeeded":
        pledge = _pledge_for(obj, (Pledge.stripe_setup_intent_id, "id"))
        if pledge is not None and pledge.status == PledgeStatus.PENDING_SETUP:
            apply_saved_card(pledge, obj.get("payment_method"))


def reconcile() -> dict[str, int]:
    """Ask Stripe about every open intent and apply what it says."""
    pay = gateway()
    counts = {"checked": 0, "changed": 0}
    open_charges = db.session.scalars(sa.select(Pledge).where(
        Pledge.stripe_payment_intent_id.is_not(None),
        Pledge.status.in_((PledgeStatus.CHARGING, PledgeStatus.ACTION_REQUIRED,
                           PledgeStatus.PAYMENT_FAILED)))).all()
    for pledge in open_charges:
        before = pledge.status
        apply_charge(pledge, interpret(pay.payment_intent(pledge.stripe_payment_intent_id)))
        counts["checked"] += 1
        counts["changed"] += pledge.status != before
    setups = db.session.scalars(sa.select(Pledge).where(
        Pledge.status == PledgeStatus.PENDING_SETUP,
        Pledge.stripe_setup_intent_id.is_not(None))).all()
    for pledge in setups:
        intent = pay.setup_intent(pledge.stripe_setup_intent_id)
        counts["checked"] += 1
        if intent.status == "succeeded":
            apply_saved_card(pledge, intent.payment_method)
            counts["changed"] += 1
    return counts


def expire_actions() -> int:
    """Payments that needed the backer and were not finished in time have failed."""
    late = db.session.scalars(sa.select(Pledge).where(
        Pledge.status == PledgeStatus.ACTION_REQUIRED,
        Pledge.action_deadline_dt < utcnow())).all()
    for pledge in late:
        apply_charge(pledge, ChargeResult(pledge.stripe_payment_intent_id, "failed",
                                          "action_expired"))
    return len(late)
