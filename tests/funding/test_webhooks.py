"""Webhooks: signatures, repeats, order of arrival, and reconciliation."""


import sqlalchemy as sa

from stedskaping.db import commit
from stedskaping.funding import webhooks
from stedskaping.funding.models import Pledge, StripeEvent
from stedskaping.payments.gateway import gateway
from tests.fixtures.factories import make_user
from tests.fixtures.stripe import live_campaign
from tests.funding.helpers import charging_pledge, post_webhook, signed, stripe_event


def _status(db, record):
    db.session.expire_all()
    return db.session.get(Pledge, record.id).status


def test_the_same_event_ten_times_has_one_effect(stripe_app, stripe_ctx, db, outbox):
    record, intent_id = charging_pledge()
    client = stripe_app.test_client()
    event = stripe_event("evt_1", "payment_intent.succeeded", {
        "id": intent_id, "object": "payment_intent", "status": "succeeded",
        "metadata": {"pledge_id": str(record.id)}})
    for _ in range(10):
        assert post_webhook(client, event).status_code == 200
    assert _status(db, record) == "paid"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StripeEvent)) == 1
    paid_dt = db.session.get(Pledge, record.id).paid_dt
    assert post_webhook(client, event).status_code == 200
    db.session.expire_all()
    assert db.session.get(Pledge, record.id).paid_dt == paid_dt


def test_events_out_of_order_end_in_the_same_state(stripe_app, stripe_ctx, db):
    record, intent_id = charging_pledge()
    client = stripe_app.test_client()
    obj = {"id": intent_id, "object": "payment_intent",
           "metadata": {"pledge_id": str(record.id)}}
    succeeded = stripe_event("evt_ok", "payment_intent.succeeded", {**obj, "status": "succeeded"})
    failed = stripe_event("evt_fail", "payment_intent.payment_failed", {
        **obj, "status": "requires_payment_method",
        "last_payment_error": {"code": "card_declined"}})
    # The success arrives first, the (earlier) failure after it: paid stays paid.
    post_webhook(client, succeeded)
    post_webhook(client, failed)
    assert _status(db, record) == "paid"

    other, other_intent = charging_pledge()
    obj = {"id": other_intent, "object": "payment_intent",
           "metadata": {"pledge_id": str(other.id)}}
    post_webhook(client, stripe_event("evt_fail2", "payment_intent.payment_failed", {
        **obj, "status": "requires_payment_method",
        "last_payment_error": {"code": "authentication_required"}}))
    assert _status(db, other) == "action_required"
    post_webhook(client, stripe_event("evt_ok2", "payment_intent.succeeded",
                                      {**obj, "status": "succeeded"}))
    assert _status(db, other) == "paid"


def test_bad_signature_is_refused_and_writes_nothing(stripe_app, stripe_ctx, db):
    record, intent_id = charging_pledge()
    client = stripe_app.test_client()
    event = stripe_event("evt_bad", "payment_intent.succeeded", {
        "id": intent_id, "status": "succeeded", "metadata": {"pledge_id": str(record.id)}})
    assert post_webhook(client, event, secret="whsec_someone_else").status_code == 400
    body, _ = signed(event)
    assert client.post("/stripe/webhook", data=body).status_code == 400  # no signature
    assert client.post("/stripe/webhook", data=b"{not json",
                       headers={"Stripe-Signature": "t=1,v1=00"}).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StripeEvent)) == 0
    assert _status(db, record) == "charging"


def test_setup_intent_event_saves_the_card(stripe_app, stripe_ctx, db):
    from stedskaping.funding import cards, operations

    world = live_campaign()
    record = operations.pledge(world["campaign"], make_user(), operations.NewPledge(
        kind="card", amount=30_000))
    cards.prepare_card(record.id)  # the card_pages job makes the SetupIntent
    commit()
    client = stripe_app.test_client()
    post_webhook(client, stripe_event("evt_seti", "setup_intent.succeeded", {
        "id": record.stripe_setup_intent_id, "object": "setup_intent", "status": "succeeded",
        "payment_method": "pm_123", "metadata": {}}))
    assert _status(db, record) == "saved"


def test_reconciliation_repairs_a_lost_webhook(stripe_ctx, db):
    record, intent_id = charging_pledge()
    db.session.get(Pledge, record.id).stripe_payment_intent_id = intent_id
    commit()
    counts = webhooks.reconcile()
    assert counts["changed"] >= 1
    assert _status(db, record) == "paid"


def test_reconciliation_finds_a_card_saved_while_the_browser_went_away(stripe_ctx, db):
    from stedskaping.funding import cards, operations

    world = live_campaign()
    record = operations.pledge(world["campaign"], make_user(), operations.NewPledge(
        kind="card", amount=30_000))
    cards.prepare_card(record.id)  # the card_pages job makes the SetupIntent
    client = gateway().client
    method = client.v1.payment_methods.create(params={"type": "card", "card": {
        "number": "4242424242424242", "exp_month": 12, "exp_year": 2034, "cvc": "123"}})
    client.v1.setup_intents.confirm(record.stripe_setup_intent_id,
                                    params={"payment_method": method.id})
    commit()
    webhooks.reconcile()
    assert _status(db, record) == "saved"
