"""What backers are e-mailed: the receipt when charged, failures, action needed, refunds.

Each mail goes exactly once per pledge, however the news arrives: the close, a
webhook (even repeated, or racing the close), the reconciliation, the pay page.
"""

from datetime import timedelta

import pytest
import time_machine

from stedskaping.db import commit
from stedskaping.formats import date_text as format_date
from stedskaping.funding import charges, operations, refunds, webhooks
from stedskaping.funding import close as closing
from stedskaping.funding.bank import kid_for
from stedskaping.funding.models import Pledge
from stedskaping.payments.gateway import ChargeResult
from tests.fixtures.factories import make_user, reload
from tests.fixtures.stripe import live_campaign
from tests.funding.helpers import (
    AUTHENTICATE,
    DECLINED,
    card_pledge,
    charging_pledge,
    post_webhook,
    send_refunds,
    stripe_event,
)


def test_each_charged_backer_gets_one_receipt_with_the_payment(stripe_app, stripe_ctx, db,
                                                                outbox):
    world = live_campaign(minimum=50_000)
    backers = [make_user(name=f"Backer {n}", locale="en") for n in range(2)]
    pledges = [card_pledge(world["campaign"], b, 30_000) for b in backers]
    commit()
    closing.close_campaign(world["campaign"].id)
    mails = outbox(kind="pledge_paid")
    assert sorted(m.recipient for m in mails) == sorted(b.email for b in backers)
    for record in pledges:
        record = reload(record)[0]
        [mail] = [m for m in mails if m.recipient == record.backer.email]
        assert mail.subject == "Receipt: your card is charged"
        body = mail.body_text
        assert "your card is charged NOK\u00a0300 for your pledge" in body
        assert "“Parken ved elva”" in body
        assert f"Pledge number: {record.id}" in body
        assert f"Stripe payment: {record.stripe_payment_intent_id}" in body
        assert record.stripe_payment_intent_id.startswith("pi_")
        assert f"Date: {format_date(record.paid_dt, 'long')}" in body
        assert "For: a pledge by card to the crowdfunding campaign of “Parken ved elva”" in body
    # News of the same payments arriving again sends nothing more.
    client = stripe_app.test_client()
    for n, record in enumerate(pledges):
        record = reload(record)[0]
        post_webhook(client, stripe_event(f"evt_late_{n}", "payment_intent.succeeded", {
            "id": record.stripe_payment_intent_id, "object": "payment_intent",
            "status": "succeeded", "metadata": {"pledge_id": str(record.id)}}))
    webhooks.reconcile()
    commit()
    assert closing.close_campaign(world["campaign"].id).already_closed
    assert len(outbox(kind="pledge_paid")) == 2


def test_a_webhook_marking_the_pledge_paid_sends_the_receipt_once(stripe_app, stripe_ctx, db,
                                                                   outbox):
    record, intent_id = charging_pledge()
    client = stripe_app.test_client()
    for n in range(3):  # Stripe may deliver the news more than once, as separate events
        post_webhook(client, stripe_event(f"evt_paid_{n}", "payment_intent.succeeded", {
            "id": intent_id, "object": "payment_intent", "status": "succeeded",
            "metadata": {"pledge_id": str(record.id)}}))
    assert reload(record)[0].status == "paid"
    webhooks.reconcile()
    commit()
    [mail] = outbox(kind="pledge_paid")
    assert intent_id in mail.body_text  # the Stripe payment id, in the receipt


def test_reconciliation_marking_the_pledge_paid_sends_the_receipt(stripe_ctx, db, outbox):
    record, intent_id = charging_pledge()
    db.session.get(Pledge, record.id).stripe_payment_intent_id = intent_id
    commit()
    webhooks.reconcile()
    commit()
    webhooks.reconcile()
    commit()
    [mail] = outbox(kind="pledge_paid")
    assert mail.recipient == record.backer.email


def test_a_webhook_first_then_the_close_records_it_still_one_receipt(stripe_ctx, db, outbox,
                                                                       monkeypatch):
    """The close sent the charge; the webhook came before the close wrote the answer."""
    world = live_campaign(minimum=10_000)
    record = card_pledge(world["campaign"], make_user(), 20_000)
    commit()
    real_record = closing._record

    def webhook_first(outcomes, report):
        for pid, result in outcomes:
            pledge = db.session.get(Pledge, pid)
            webhooks.apply("payment_intent.succeeded", {
                "id": result.intent_id, "metadata": {"pledge_id": str(pid)}})
            assert pledge.status == "paid"
        commit()
        real_record(outcomes, report)

    monkeypatch.setattr(closing, "_record", webhook_first)
    closing.close_campaign(world["campaign"].id)
    assert reload(record)[0].status == "paid"
    assert len(outbox(kind="pledge_paid")) == 1


def test_a_declined_card_is_told_once_what_happened(stripe_app, stripe_ctx, db, outbox):
    world = live_campaign(minimum=50_000)
    card_pledge(world["campaign"], make_user(), 60_000)
    bad = card_pledge(world["campaign"], make_user(locale="en"), 20_000, number=DECLINED)
    commit()
    closing.close_campaign(world["campaign"].id)
    bad = reload(bad)[0]
    client = stripe_app.test_client()
    if bad.stripe_payment_intent_id:  # the decline arrives again as a webhook
        post_webhook(client, stripe_event("evt_declined", "payment_intent.payment_failed", {
            "id": bad.stripe_payment_intent_id, "object": "payment_intent",
            "status": "requires_payment_method", "metadata": {"pledge_id": str(bad.id)},
            "last_payment_error": {"code": "card_declined"}}))
    charges.apply_charge(reload(bad)[0], ChargeResult(bad.stripe_payment_intent_id,
                                                        "failed", "card_declined"))
    webhooks.reconcile()
    commit()
    [mail] = outbox(kind="pledge_failed")
    assert mail.recipient == bad.backer.email
    assert "your pledge of NOK\u00a0200 to “Parken ved elva”: the payment was declined" in \
        mail.body_text
    assert "Nothing was charged" in mail.body_text
    assert "You do not need to do anything." in mail.body_text
    assert f"/projects/{world['project'].id}" in mail.body_text


def test_authentication_is_asked_once_with_a_date_then_lapses_once(stripe_app, stripe_ctx, db,
                                                                  outbox):
    world = live_campaign(minimum=50_000)
    record = card_pledge(world["campaign"], make_user(locale="en"), 60_000,
                         number=AUTHENTICATE)
    commit()
    closing.close_campaign(world["campaign"].id)
    record = reload(record)[0]
    client = stripe_app.test_client()
    for n in range(2):
        post_webhook(client, stripe_event(f"evt_auth_{n}", "payment_intent.payment_failed", {
            "id": record.stripe_payment_intent_id, "object": "payment_intent",
            "status": "requires_action", "metadata": {"pledge_id": str(record.id)},
            "last_payment_error": {"code": "authentication_required"}}))
    webhooks.reconcile()
    commit()
    [mail] = outbox(kind="pledge_action_required")
    record = reload(record)[0]
    deadline = record.action_deadline_dt
    assert f"Please finish it within 7 days, by {deadline.day} {deadline:%B}" in mail.body_text
    assert str(deadline.year) in mail.body_text
    assert f"/pledges/{record.id}/pay" in mail.body_text
    assert "nothing is charged and your pledge no longer counts" in mail.body_text
    with time_machine.travel(deadline + timedelta(minutes=1)):
        assert webhooks.expire_actions() == 1
        commit()
        webhooks.expire_actions()
        webhooks.reconcile()
        commit()
    [lapsed] = outbox(kind="pledge_failed")
    assert "the payment was not confirmed with your bank in time" in lapsed.body_text
    assert lapsed.subject == "Your card payment did not go through"


def test_a_refund_tells_the_backer_amount_reason_and_net_paid(stripe_ctx, db, outbox):
    world = live_campaign(minimum=10_000)
    record = card_pledge(world["campaign"], make_user(locale="en"), 50_000)
    commit()
    closing.close_campaign(world["campaign"].id)
    record = db.session.get(Pledge, record.id)
    entry = refunds.refund(record, make_user(is_admin=True), 12_050, "Benkene ble billigere.")
    commit()
    assert outbox(kind="pledge_refunded") == []  # only when Stripe has made it
    assert send_refunds() == 1
    [entry] = reload(entry)
    [mail] = outbox(kind="pledge_refunded")
    body = mail.body_text
    assert "NOK\u00a0120.50 of your pledge to “Parken ved elva” is refunded" in body
    assert "Reason: Benkene ble billigere." in body
    assert "Net paid: NOK\u00a0379.50" in body and "Refunded in all: NOK\u00a0120.50" in body
    assert f"Stripe refund: {entry.stripe_refund_id}" in body


@pytest.mark.parametrize(("municipal", "own", "shown"), [
    ("86011117947", None, "8601.11.17947"),
    ("86011117947", "12345678903", "1234.56.78903"),  # the campaign's own account wins
    (None, None, None),
])
def test_offline_pledge_mails_say_how_to_pay(db, outbox, municipal, own, shown):
    world = live_campaign(minimum=10_000)
    world["municipality"].bank_account = municipal
    world["campaign"].bank_account = own
    record = operations.pledge(world["campaign"], make_user(locale="en"), operations.NewPledge(
        kind="offline", amount=25_000))
    closing.close_campaign(world["campaign"].id)
    for kind in ("pledge_receipt", "pledge_due"):
        [mail] = outbox(kind=kind)
        if shown:
            assert f"Account number: {shown}" in mail.body_text
            assert f"KID (payment reference): {kid_for(record.id)}" in mail.body_text
            assert "Amount: NOK\u00a0250" in mail.body_text
        else:
            assert "The team will tell you how to pay" in mail.body_text
            assert "KID" not in mail.body_text


def test_a_late_payment_event_after_a_full_refund_changes_nothing(stripe_app, stripe_ctx, db,
                                                                  outbox):
    record, intent_id = charging_pledge()
    client = stripe_app.test_client()
    succeeded = {"id": intent_id, "object": "payment_intent", "status": "succeeded",
                 "metadata": {"pledge_id": str(record.id)}}
    post_webhook(client, stripe_event("evt_first", "payment_intent.succeeded", succeeded))
    refunds.refund(reload(record)[0], make_user(is_admin=True), 20_000, "Avlyst")
    commit()
    send_refunds()
    post_webhook(client, stripe_event("evt_again", "payment_intent.succeeded", succeeded))
    assert reload(record)[0].status == "refunded"
    assert len(outbox(kind="pledge_paid")) == 1
