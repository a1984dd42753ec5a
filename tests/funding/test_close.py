"""Closing a campaign against localstripe with the real stripe-python client."""

from datetime import date

import pytest
import sqlalchemy as sa

from stedskaping.db import commit
from stedskaping.funding import close as closing
from stedskaping.funding import operations, refunds
from stedskaping.funding.cards import card_pages
from stedskaping.funding.models import Campaign, Pledge
from stedskaping.payments import gateway as gateway_module
from stedskaping.projects.models import Project
from tests.fixtures.factories import make_user, reload
from tests.fixtures.stripe import live_campaign
from tests.funding.helpers import (
    AUTHENTICATE,
    DECLINED,
    card_pledge,
    charges_of,
    send_refunds,
)


def test_successful_close_charges_every_card_once(stripe_ctx, db, outbox):
    world = live_campaign(minimum=100_000)
    backers = [make_user(locale="en") for _ in range(3)]
    pledges = [card_pledge(world["campaign"], b, 40_000) for b in backers]
    offline = operations.pledge(world["campaign"], make_user(), operations.NewPledge(
        kind="offline", amount=10_000))
    commit()
    report = closing.close_campaign(world["campaign"].id)
    assert (report.minimum_reached, report.paid, report.failed) == (True, 3, 0)
    for record in pledges:
        [record] = reload(record)
        assert record.status == "paid"
        assert record.idempotency_key == f"pledge-{record.id}-charge"
        [charge] = charges_of(record)
        assert charge.amount == 40_000
    [offline] = reload(offline)
    assert offline.status == "due"
    project, campaign = reload(world["project"], world["campaign"])
    assert project.state == "realisation" and campaign.status == "succeeded"
    assert len(outbox(kind="pledge_due")) == 1
    receipts = outbox(kind="pledge_receipt")
    assert len(receipts) == 4
    assert "You are charged only if the campaign reaches its minimum budget" in \
        receipts[0].body_text
    # Running the close again does nothing.
    assert closing.close_campaign(world["campaign"].id).already_closed


def test_declined_card_is_marked_failed(stripe_ctx, db, outbox):
    world = live_campaign(minimum=50_000)
    good = card_pledge(world["campaign"], make_user(), 60_000)
    bad = card_pledge(world["campaign"], make_user(), 20_000, number=DECLINED)
    commit()
    report = closing.close_campaign(world["campaign"].id)
    assert (report.paid, report.failed) == (1, 1)
    good, bad = reload(good, bad)
    assert (good.status, bad.status) == ("paid", "failed")
    assert bad.failure_reason and bad.matched_amount == 0
    assert charges_of(bad) == []
    assert [m.recipient for m in outbox(kind="pledge_failed")] == [bad.backer.email]


def test_authentication_required_asks_the_backer(stripe_ctx, db, outbox, client):
    world = live_campaign(minimum=50_000)
    needs_auth = card_pledge(world["campaign"], make_user(locale="en"), 60_000,
                             number=AUTHENTICATE)
    commit()
    report = closing.close_campaign(world["campaign"].id)
    assert report.action_required == 1
    [needs_auth] = reload(needs_auth)
    assert needs_auth.status == "action_required"
    assert needs_auth.action_deadline_dt is not None
    [mail] = outbox(kind="pledge_action_required")
    assert f"/pledges/{needs_auth.id}/pay" in mail.body_text
    assert "within 7 days" in mail.body_text


def test_minimum_not_reached_charges_nobody(stripe_ctx, db, outbox):
    world = live_campaign(minimum=500_000, optimum=600_000)
    pledges = [card_pledge(world["campaign"], make_user(), 50_000) for _ in range(2)]
    commit()
    report = closing.close_campaign(world["campaign"].id)
    assert (report.minimum_reached, report.paid, report.released) == (False, 0, 2)
    for record in pledges:
        [record] = reload(record)
        assert record.status == "released" and charges_of(record) == []
        method = gateway_module.gateway().client.v1.payment_methods.retrieve(
            record.stripe_payment_method_id)
        assert method.customer is None  # the saved card is released
    project, campaign = reload(world["project"], world["campaign"])
    assert project.state == "planning" and campaign.status == "failed"
    assert len(outbox(kind="campaign_failed")) == 2


class Crash(RuntimeError):
    pass


@pytest.mark.parametrize("where", ["before_call", "after_call"])
def test_a_crash_halfway_then_a_rerun_charges_nobody_twice(stripe_ctx, db, monkeypatch, where):
    world = live_campaign(minimum=50_000)
    pledges = [card_pledge(world["campaign"], make_user(), 30_000) for _ in range(4)]
    commit()
    real_charge = gateway_module.StripeGateway.charge
    calls = {"n": 0}

    def crashing_charge(self, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            if where == "after_call":  # Stripe charged, but we never heard back
                real_charge(self, **kwargs)
            raise Crash("the server went down")
        return real_charge(self, **kwargs)

    monkeypatch.setattr(gateway_module.StripeGateway, "charge", crashing_charge)
    with pytest.raises(Crash):
        closing.close_campaign(world["campaign"].id)
    db.session.rollback()
    assert db.session.get(Campaign, world["campaign"].id).status == "closing"
    monkeypatch.setattr(gateway_module.StripeGateway, "charge", real_charge)

    assert world["campaign"].id in closing.due_campaigns(__import__("datetime").date.today())
    report = closing.close_campaign(world["campaign"].id)
    assert not report.already_closed
    for record in pledges:
        [record] = reload(record)
        assert record.status == "paid"
        assert len(charges_of(record)) == 1, record.id
    assert db.session.get(Project, world["project"].id).state == "realisation"


def test_amounts_are_checked(stripe_ctx, db):
    world = live_campaign()
    backer = make_user()
    for amount, message in ((0, "above zero"), (-100, "above zero"), (None, "above zero"),
                            (60_000_000, "largest pledge")):
        with pytest.raises(operations.FundingError, match=message):
            operations.pledge(world["campaign"], backer, operations.NewPledge(
                kind="offline", amount=amount))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Pledge)) == 0


def test_backer_finishes_an_authentication_payment_on_the_site(stripe_app, stripe_ctx, db,
                                                               localstripe):
    import json
    import urllib.request

    from stedskaping.accounts.operations import start_session
    from tests.fixtures.forms import submit

    world = live_campaign(minimum=50_000)
    backer = make_user(locale="en")
    record = card_pledge(world["campaign"], backer, 60_000, number=AUTHENTICATE)
    commit()
    closing.close_campaign(world["campaign"].id)
    [record] = reload(record)
    assert record.status == "action_required"
    client = stripe_app.test_client()
    with client.session_transaction() as session:
        session.update({"_user_id": str(backer.id), "_fresh": True,
                        "sid": start_session(backer)})
    commit()
    # The page reads our database only (a Stripe call in a request would raise here).
    intent = gateway_module.gateway().payment_intent(record.stripe_payment_intent_id)
    assert record.stripe_client_secret == intent.client_secret  # kept by the close job
    page = client.get(f"/pledges/{record.id}/pay?lang=en").get_data(as_text=True)
    assert "Your bank asks you to confirm the payment of NOK\u00a0600" in page
    assert f'data-client-secret="{intent.client_secret}"' in page
    # What Stripe.js does in the browser: the backer confirms with their bank.
    request = urllib.request.Request(  # noqa: S310  (localstripe on 127.0.0.1)
        f"{localstripe}/v1/payment_intents/{intent.id}/_authenticate?success=true",
        data=json.dumps({"key": "pk_test_x", "client_secret": intent.client_secret}).encode(),
        method="POST")
    urllib.request.urlopen(request).close()  # noqa: S310
    response = submit(client, f"/pledges/{record.id}/pay", {})
    assert response.headers["Location"] == f"/pledges/{record.id}/pay"
    page = client.get(f"/pledges/{record.id}/pay?lang=en").get_data(as_text=True)
    assert "Checking your payment with Stripe" in page  # until the job has asked
    assert client.get(f"/pledges/{record.id}/card-state").json["checking"] is True
    assert card_pages(date.today()) == 1  # the card_pages job asks Stripe
    assert client.get(f"/pledges/{record.id}/card-state").json["status"] == "paid"
    response = client.get(f"/pledges/{record.id}/pay?lang=en")
    assert response.headers["Location"] == "/pledges/"
    assert "The payment went through" in client.get("/pledges/?lang=en").get_data(as_text=True)
    [record] = reload(record)
    assert record.status == "paid" and len(charges_of(record)) == 1
    assert record.stripe_client_secret is None


def test_a_pledge_refunded_while_its_batch_was_charging_is_not_marked_paid_again(
        stripe_ctx, db, outbox):
    """The webhook marked the pledge paid and an admin refunded it in full, before the
    close recorded its batch: it stays refunded, and the backer gets no second receipt."""
    world = live_campaign(minimum=10_000)
    record = card_pledge(world["campaign"], make_user(), 20_000)
    result = gateway_module.gateway().charge(
        customer_id=record.stripe_customer_id, payment_method_id=record.stripe_payment_method_id,
        amount=record.amount, currency="NOK", idempotency_key=f"pledge-{record.id}-charge",
        pledge_id=record.id)
    record.status, record.stripe_payment_intent_id = "paid", result.intent_id
    db.session.flush()
    refunds.refund(record, make_user(is_admin=True), 20_000, "Feil beløp.")
    commit()
    send_refunds()
    receipts = len(outbox(kind="pledge_paid"))
    closing._record([(record.id, result)], closing.CloseReport(world["campaign"].id))
    [record] = reload(record)
    assert record.status == "refunded"
    assert len(outbox(kind="pledge_paid")) == receipts
