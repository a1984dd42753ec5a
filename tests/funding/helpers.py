"""What the funding tests share: card pledges through localstripe, the charges it holds,
and Stripe's webhook events, signed as Stripe signs them."""

import hashlib
import hmac
import json
import time
from datetime import date

from stedskaping.db import commit
from stedskaping.funding import cards, operations
from stedskaping.payments.gateway import gateway
from tests.fixtures.factories import make_user
from tests.fixtures.stripe import WEBHOOK_SECRET, live_campaign

VISA = "4242424242424242"
DECLINED = "4000000000000341"
AUTHENTICATE = "4000002500003155"


def card_pledge(campaign, backer, amount, number=VISA, **kwargs):
    """A card pledge as the browser and the card_pages job make it: the job makes the
    SetupIntent, Stripe.js confirms the card, the page says so, the job checks."""
    record = operations.pledge(campaign, backer, operations.NewPledge(
        kind="card", amount=amount, **kwargs))
    cards.prepare_card(record.id)
    client = gateway().client
    method = client.v1.payment_methods.create(params={"type": "card", "card": {
        "number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"}})
    intent = client.v1.setup_intents.confirm(record.stripe_setup_intent_id,
                                             params={"payment_method": method.id})
    if intent.status == "requires_action":  # 3-D Secure: the backer confirms in the browser
        client.v1.setup_intents.confirm(record.stripe_setup_intent_id)
    operations.browser_confirmed(record, record.stripe_setup_intent_id)
    cards.check_confirmed(record.id)
    return record


def send_refunds() -> int:
    """What the scheduler's ``refunds`` job does every minute."""
    from stedskaping.funding.refunds import send_refunds as job

    return job(date.today())


def charges_of(record) -> list:
    """Succeeded charges Stripe holds for the pledge's customer."""
    charges = gateway().client.v1.charges.list(params={"customer": record.stripe_customer_id})
    return [c for c in charges.data if c.status == "succeeded"]


def signed(event: dict, secret: str = WEBHOOK_SECRET) -> tuple[bytes, str]:
    body = json.dumps(event).encode()
    stamp = int(time.time())
    signature = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256)
    return body, f"t={stamp},v1={signature.hexdigest()}"


def stripe_event(event_id, kind, obj):
    return {"id": event_id, "object": "event", "type": kind, "created": int(time.time()),
            "data": {"object": obj}, "api_version": "2024-06-20", "livemode": False}


def post_webhook(client, event, secret=WEBHOOK_SECRET):
    body, signature = signed(event, secret)
    return client.post("/stripe/webhook", data=body, headers={
        "Stripe-Signature": signature, "Content-Type": "application/json"})


def charging_pledge():
    """A saved card charged at Stripe, while our record still says "charging"."""
    world = live_campaign(minimum=10_000)
    record = card_pledge(world["campaign"], make_user(), 20_000)
    result = gateway().charge(customer_id=record.stripe_customer_id,
                              payment_method_id=record.stripe_payment_method_id,
                              amount=record.amount, currency="NOK",
                              idempotency_key=f"pledge-{record.id}-charge", pledge_id=record.id)
    record.status, record.idempotency_key = "charging", f"pledge-{record.id}-charge"
    commit()
    return record, result.intent_id
