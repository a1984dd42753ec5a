"""No Stripe call inside a request (docs/architecture.md, "The commit boundary"): the
gateway refuses one while a request is handled, and the card pages, refunds and
releasing cards work through the jobs, against localstripe."""

import logging
import re
from datetime import date

import pytest
import stripe

from stedskaping.accounts.operations import start_session
from stedskaping.db import commit
from stedskaping.funding import cards, operations, refunds
from stedskaping.funding.close import close_campaign
from stedskaping.funding.models import Pledge, Refund
from stedskaping.links import public_site
from stedskaping.payments import gateway as gateway_module
from stedskaping.payments.gateway import StripeInRequest, gateway
from tests.fixtures.factories import make_user, reload
from tests.fixtures.forms import submit
from tests.fixtures.stripe import live_campaign
from tests.funding.helpers import VISA, card_pledge, send_refunds

TODAY = date(2026, 12, 1)


def _signed_in(app, user):
    client = app.test_client()
    with client.session_transaction() as session:
        session.update({"_user_id": str(user.id), "_fresh": True, "sid": start_session(user)})
    commit()
    return client


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


# --- the gateway refuses Stripe calls in requests -------------------------------------

def test_the_gateway_refuses_a_stripe_call_while_a_request_is_handled(stripe_app, stripe_ctx):
    with stripe_app.test_request_context("/pledges/1/card"), \
            pytest.raises(StripeInRequest, match="inside the request GET /pledges/1/card"):
        gateway().create_customer(email="a@example.no", name="A", pledge_id=1)
    with public_site():  # a job's context for links in mails is no request: allowed
        assert gateway().create_customer(email="a@example.no", name="A",
                                         pledge_id=1).startswith("cus_")


def test_in_production_such_a_call_is_logged_as_an_error(stripe_app, stripe_ctx, caplog,
                                                          monkeypatch):
    monkeypatch.setattr(stripe_app, "testing", False)
    with stripe_app.test_request_context("/x"), caplog.at_level(logging.ERROR):
        customer = gateway().create_customer(email="a@example.no", name="A", pledge_id=1)
    assert customer.startswith("cus_")  # made all the same: nobody's payment is lost to it
    assert "inside the request GET /x: Stripe calls belong in jobs" in caplog.text


# --- the card form -----------------------------------------------------------------------

def test_a_card_pledge_through_the_pages_waits_for_the_job(stripe_app, stripe_ctx, db,
                                                           outbox):
    world = live_campaign()
    backer = make_user(locale="en")
    client = _signed_in(stripe_app, backer)
    page = f"/projects/{world['project'].id}/campaign"
    response = submit(client, page + "/pledge", {"kind": "card", "amount": "300"}, page=page)
    [record] = _pledges(db)
    card_url = f"/pledges/{record.id}/card"
    assert response.headers["Location"] == card_url
    html = _text(client.get(card_url + "?lang=en"))  # no SetupIntent yet: the page says so
    assert "Getting the card form ready" in html and 'data-client-secret=""' in html
    assert 'id="card-submit" disabled' in html
    assert client.get(f"/pledges/{record.id}/card-state").json == {
        "status": "pending_setup", "client_secret": None, "checking": False,
        "refused": False}

    assert cards.card_pages(TODAY) == 1  # the job makes the customer and the SetupIntent
    [record] = reload(record)
    state = client.get(f"/pledges/{record.id}/card-state").json
    assert state["client_secret"] and state["client_secret"] == record.stripe_client_secret
    assert f'data-client-secret="{state["client_secret"]}"' in _text(client.get(card_url))

    method = gateway().client.v1.payment_methods.create(params={"type": "card", "card": {
        "number": VISA, "exp_month": 12, "exp_year": 2034, "cvc": "123"}})
    gateway().client.v1.setup_intents.confirm(record.stripe_setup_intent_id,
                                              params={"payment_method": method.id})
    wrong = submit(client, card_url, {"setup_intent": "seti_other"})
    assert "does not belong to the pledge" in _text(client.get(wrong.headers["Location"]))
    response = submit(client, card_url, {"setup_intent": record.stripe_setup_intent_id})
    assert response.headers["Location"] == card_url
    assert "Checking your card with Stripe" in _text(client.get(card_url + "?lang=en"))
    assert reload(record)[0].status == "pending_setup"  # nothing asked of Stripe yet
    assert outbox(kind="pledge_receipt") == []

    assert cards.card_pages(TODAY) == 1  # the job checks the SetupIntent
    [record] = reload(record)
    assert record.status == "saved" and record.stripe_payment_method_id == method.id
    assert record.stripe_client_secret is None
    assert client.get(f"/pledges/{record.id}/card-state").json["status"] == "saved"
    response = client.get(card_url + "?lang=en")
    assert response.headers["Location"] == "/pledges/"
    assert "Your card is saved" in _text(client.get("/pledges/?lang=en"))
    assert len(outbox(kind="pledge_receipt")) == 1
    assert cards.card_pages(TODAY) == 0  # nothing left to do


def _pledges(db):
    import sqlalchemy as sa

    return db.session.scalars(sa.select(Pledge).order_by(Pledge.id)).all()


def test_a_card_stripe_did_not_save_is_asked_for_again(stripe_app, stripe_ctx, db):
    world = live_campaign()
    backer = make_user(locale="en")
    record = operations.pledge(world["campaign"], backer, operations.NewPledge(
        kind="card", amount=30_000))
    cards.prepare_card(record.id)
    client = _signed_in(stripe_app, backer)
    card_url = f"/pledges/{record.id}/card"
    # The browser says it is confirmed, but Stripe has no card on the intent.
    submit(client, card_url, {"setup_intent": reload(record)[0].stripe_setup_intent_id})
    assert cards.card_pages(TODAY) == 1
    [record] = reload(record)
    assert record.status == "pending_setup" and record.browser_confirmed_dt is None
    html = _text(client.get(card_url + "?lang=en"))
    assert "The card was not saved. Try again, or use another card." in html
    assert f'data-client-secret="{record.stripe_client_secret}"' in html  # the form again


def test_the_card_pages_job_works_on_while_stripe_is_unreachable(stripe_ctx, db, monkeypatch):
    world = live_campaign()
    record = operations.pledge(world["campaign"], make_user(), operations.NewPledge(
        kind="card", amount=30_000))
    commit()

    def unreachable(self, **kwargs):
        raise stripe.APIConnectionError("Stripe is down")

    monkeypatch.setattr(gateway_module.StripeGateway, "create_customer", unreachable)
    assert cards.card_pages(TODAY) == 0
    assert reload(record)[0].stripe_setup_intent_id is None
    monkeypatch.undo()
    assert cards.card_pages(TODAY) == 1 and reload(record)[0].stripe_client_secret


# --- refunds -------------------------------------------------------------------------------

@pytest.fixture
def paid(stripe_ctx, db):
    world = live_campaign(minimum=10_000)
    record = card_pledge(world["campaign"], make_user(name="Berit", locale="en"), 50_000)
    commit()
    close_campaign(world["campaign"].id)
    return db.session.get(Pledge, record.id)


def _at_stripe(record) -> list:
    return gateway().client.v1.refunds.list(params={
        "payment_intent": record.stripe_payment_intent_id}).data


def test_a_refund_stripe_refuses_is_shown_with_its_message_and_can_be_retried(
        stripe_app, paid, db, outbox):
    admin = make_user(is_admin=True)
    entry = refunds.refund(paid, admin, 20_000, "Benkene ble billigere.")
    real_intent = paid.stripe_payment_intent_id
    paid.stripe_payment_intent_id = "pi_gone"  # Stripe will not know it
    commit()
    assert send_refunds() == 1
    [entry] = reload(entry)
    assert entry.status == "failed" and entry.failure_message  # Stripe's words (a 404 here)
    client = _signed_in(stripe_app, admin)
    url = f"/admin/pledges/{paid.id}/refund"
    html = _text(client.get(url + "?lang=en"))
    assert "Refund 1: NOK 200</strong>, refused by Stripe" in html
    assert f"Stripe said: {entry.failure_message}" in html
    assert "Try refund 1 again" in html
    assert "NOK 300 can still be refunded" in html  # a failed refund still holds its part
    assert outbox(kind="pledge_refunded") == []

    db.session.get(Pledge, paid.id).stripe_payment_intent_id = real_intent
    commit()
    response = submit(client, f"/admin/refunds/{entry.id}/retry", {}, page=url)
    assert response.headers["Location"] == url
    [entry] = reload(entry)
    assert (entry.status, entry.attempt) == ("requested", 2)
    assert entry.idempotency_key == f"pledge-{paid.id}-refund-1-2"  # Stripe keeps answers
    assert "waiting to be sent to Stripe" in _text(client.get(url + "?lang=en"))
    assert send_refunds() == 1
    [entry, record] = reload(entry, paid)
    assert entry.status == "sent" and record.refunded_amount == 20_000
    assert [r.amount for r in _at_stripe(record)] == [20_000]
    assert len(outbox(kind="pledge_refunded")) == 1
    again = submit(client, f"/admin/refunds/{entry.id}/retry", {}, page=url)
    assert "Only a failed refund can be tried again." in _text(
        client.get(again.headers["Location"] + "?lang=en"))


def test_a_refund_sent_before_a_crash_is_found_at_stripe_not_made_twice(paid, db, outbox):
    entry = refunds.refund(paid, make_user(is_admin=True), 50_000, "Avlyst")
    commit()
    real = gateway_module.StripeGateway.refund

    def crash_after_stripe(self, **kwargs):
        real(self, **kwargs)
        raise SystemExit("the job died before it recorded the answer")

    gateway_module.StripeGateway.refund = crash_after_stripe
    try:
        with pytest.raises(SystemExit):
            send_refunds()
    finally:
        gateway_module.StripeGateway.refund = real
    [entry] = reload(entry)
    assert entry.status == "requested" and entry.sending_dt is not None
    assert send_refunds() == 1  # looks first, finds it, records it
    [entry, record] = reload(entry, paid)
    assert entry.status == "sent" and record.status == "refunded"
    assert [r.amount for r in _at_stripe(record)] == [50_000]  # once
    assert entry.stripe_refund_id == _at_stripe(record)[0].id
    assert len(outbox(kind="pledge_refunded")) == 1


def test_a_refund_waits_while_stripe_is_unreachable(paid, db, monkeypatch):
    entry = refunds.refund(paid, make_user(is_admin=True), 10_000, "Feil")
    commit()

    def unreachable(self, **kwargs):
        raise stripe.APIConnectionError("Stripe is down")

    monkeypatch.setattr(gateway_module.StripeGateway, "refund", unreachable)
    assert send_refunds() == 0
    assert reload(entry)[0].status == "requested"  # not failed: tried again next minute
    monkeypatch.undo()
    assert send_refunds() == 1 and reload(entry)[0].status == "sent"
    assert db.session.get(Refund, entry.id).idempotency_key == f"pledge-{paid.id}-refund-1"


# --- releasing cards -----------------------------------------------------------------------

def test_a_cancelled_pledge_is_released_at_stripe_by_the_job(stripe_app, stripe_ctx, db):
    world = live_campaign()
    backer = make_user()
    saved = card_pledge(world["campaign"], backer, 30_000)
    never = operations.pledge(world["campaign"], backer, operations.NewPledge(
        kind="card", amount=20_000))
    cards.prepare_card(never.id)
    gateway().client.v1.payment_methods.attach(saved.stripe_payment_method_id,
                                               params={"customer": saved.stripe_customer_id})
    client = _signed_in(stripe_app, backer)
    for record in (saved, never):  # in the request: no Stripe call (it would raise)
        url = f"/pledges/{record.id}/cancel"
        assert submit(client, url, {}).status_code == 302
    [saved, never] = reload(saved, never)
    assert (saved.status, never.status) == ("cancelled", "cancelled")
    method = gateway().client.v1.payment_methods.retrieve(saved.stripe_payment_method_id)
    assert method.customer == saved.stripe_customer_id  # still attached after the request
    assert cards.release_cards(TODAY) == 2
    method = gateway().client.v1.payment_methods.retrieve(saved.stripe_payment_method_id)
    assert method.customer is None
    setup = gateway().setup_intent(never.stripe_setup_intent_id)
    assert setup.status == "canceled"  # the form can no longer save a card for it
    assert all(p.card_released_dt for p in reload(saved, never))
    assert cards.release_cards(TODAY) == 0


def test_the_pay_page_waits_for_a_client_secret_a_webhook_did_not_bring(stripe_app,
                                                                         stripe_ctx, db):
    """A webhook says the payment needs the backer, without the intent's client secret."""
    from tests.funding.helpers import charging_pledge, post_webhook, stripe_event

    record, intent_id = charging_pledge()
    intent = gateway().payment_intent(intent_id)
    failed = "payment_intent.payment_failed"
    post_webhook(stripe_app.test_client(), stripe_event("evt_auth", failed, {
        "id": intent_id, "object": "payment_intent", "status": "requires_payment_method",
        "metadata": {"pledge_id": str(record.id)},
        "last_payment_error": {"code": "authentication_required"}}))
    [record] = reload(record)
    assert record.status == "action_required" and record.stripe_client_secret is None
    client = _signed_in(stripe_app, record.backer)
    html = _text(client.get(f"/pledges/{record.id}/pay?lang=en"))
    assert "Getting the payment ready" in html and 'id="card-submit" disabled' in html
    assert cards.card_pages(TODAY) == 1  # the job fetches it from Stripe
    state = client.get(f"/pledges/{record.id}/card-state").json
    assert state["client_secret"] == intent.client_secret
