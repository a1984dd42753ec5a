"""Every path a campaign takes ends well: relaunch after a failed round, pause, cancel,
and an early close by hand that runs in the background job."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from stedskaping.accounts import operations as accounts
from stedskaping.db import commit
from stedskaping.engine.machine import GuardsFailed
from stedskaping.funding import close as closing
from stedskaping.funding import facts as funding_facts
from stedskaping.funding import lifecycle, operations, webhooks
from stedskaping.funding.cards import release_cards
from stedskaping.funding.models import Campaign, Pledge
from stedskaping.payments import gateway as gateway_module
from stedskaping.projects import process
from stedskaping.projects.models import Project
from stedskaping.projects.operations import move_on, request_camp_date
from stedskaping.supervision.operations import decide_camp_date
from tests.fixtures.factories import complete_required_tasks, make_user, reload
from tests.fixtures.forms import submit
from tests.fixtures.stripe import live_campaign
from tests.funding.helpers import AUTHENTICATE, card_pledge, charges_of


def _plan(minimum=100_000, story="Vi prøver igjen."):
    return operations.CampaignPlan(minimum_amount=minimum, optimum_amount=minimum * 2,
                                   story=story, cost_plan=[], rewards=[])


def _offline(campaign, amount, backer=None):
    return operations.pledge(campaign, backer or make_user(locale="en"),
                             operations.NewPledge(kind="offline", amount=amount))


def _statuses(db, campaign):
    db.session.expire_all()
    return sorted(db.session.scalars(sa.select(Pledge.status).where(
        Pledge.campaign_id == campaign.id)))


# --- a failed round, a new plan, a new round -----------------------------------------

def test_a_failed_campaign_relaunches_in_a_new_round_and_reaches_the_camp(db, outbox):
    world = live_campaign(minimum=500_000, optimum=600_000)
    project, initiator, facilitator = world["project"], world["initiator"], world["facilitator"]
    first = world["campaign"]
    _offline(first, 100_000)
    report = closing.close_campaign(first.id)
    assert report.minimum_reached is False
    project, first = reload(project, first)
    assert project.state == "planning" and first.status == "failed"
    assert _statuses(db, first) == ["released"]
    # The team is told what to do next.
    closed = outbox(kind="campaign_closed")
    assert closed and "1\u00a0000\u00a0kr talt med av 5\u00a0000\u00a0kr" in closed[0].body_text
    assert "sett opp en ny innsamlingsrunde" in closed[0].body_text

    # Not yet: a new round waits for the facilitator's approval of the new plan.
    with pytest.raises(operations.FundingError) as refused:
        operations.save_campaign(project, initiator, _plan())
    assert "approved the new plan" in str(refused.value.message)

    # A new camp date moves the stages; the facilitator approves it and then the plan.
    old_camp = project.camp_on
    request = request_camp_date(project, initiator, old_camp + timedelta(weeks=8),
                                "Vi prøver innsamlingen på nytt.")
    decide_camp_date(project, request, facilitator, approve=True)
    complete_required_tasks(project, initiator)
    move_on(project, "approve_plan", facilitator)
    assert project.state == "crowdfunding"
    # The new round does not count the old round's pledges.
    assert process.facts_for(project).get("campaign_minimum_reached") is False

    second = operations.save_campaign(project, initiator, _plan(minimum=200_000))
    assert (second.round, second.status, second.id != first.id) == (2, "draft", True)
    assert operations.campaign_of(project).id == second.id
    # The facilitator's dashboard shows the current round's figures.
    assert funding_facts.funding_progress([project.id]) == {project.id: (0, 200_000)}
    operations.open_campaign(project, initiator)
    assert second.closes_on == project.window("crowdfunding").ends_on
    assert second.closes_on > date.today() + timedelta(days=7)
    _offline(second, 250_000)
    report = closing.close_campaign(second.id)
    assert report.minimum_reached is True
    project, first, second = reload(project, first, second)
    assert project.state == "realisation"
    assert (first.status, second.status) == ("failed", "succeeded")
    assert _statuses(db, first) == ["released"]  # the old round's history is kept
    assert _statuses(db, second) == ["due"]


def test_the_campaign_page_shows_the_earlier_round(client, db):
    world = live_campaign(minimum=500_000, optimum=600_000)
    _offline(world["campaign"], 100_000)
    closing.close_campaign(world["campaign"].id)
    project = reload(world["project"])[0]
    request = request_camp_date(project, world["initiator"], project.camp_on + timedelta(weeks=8),
                                "Nytt forsøk")
    decide_camp_date(project, request, world["facilitator"], approve=True)
    complete_required_tasks(project, world["initiator"])
    move_on(project, "approve_plan", world["facilitator"])
    operations.save_campaign(project, world["initiator"], _plan())
    operations.open_campaign(project, world["initiator"])
    html = client.get(f"/projects/{project.id}/campaign?lang=en").get_data(as_text=True)
    assert "Round 2." in html and html.count("Earlier rounds") == 1
    assert "<title>Campaign · Parken ved elva · stedskaping</title>" in html
    assert "Round 1: NOK\u00a01,000 of the minimum NOK\u00a05,000" in html


def test_a_campaign_does_not_open_when_its_stage_ends_too_soon(db, time_machine):
    world = live_campaign(minimum=500_000, optimum=600_000)
    project, initiator = world["project"], world["initiator"]
    closing.close_campaign(world["campaign"].id)  # fails: nothing pledged
    project = reload(project)[0]
    complete_required_tasks(project, initiator)
    move_on(project, "approve_plan", world["facilitator"])  # approved without a new date
    operations.save_campaign(project, initiator, _plan())
    time_machine.move_to(project.window("crowdfunding").ends_on - timedelta(days=3))
    with pytest.raises(operations.FundingError) as refused:
        operations.open_campaign(project, initiator)
    assert "Ask the facilitator for a new camp date first" in str(refused.value.message)
    assert operations.campaign_of(project).status == "draft"


# --- pause and resume ------------------------------------------------------------------

def test_a_paused_project_takes_no_pledges_and_its_close_waits(db, time_machine):
    world = live_campaign(minimum=100_000)
    project, campaign, facilitator = world["project"], world["campaign"], world["facilitator"]
    _offline(campaign, 150_000)
    days_left = (campaign.closes_on - date.today()).days
    move_on(project, "pause", facilitator, "Tillatelsen er trukket tilbake.")
    assert campaign.status == "paused"
    with pytest.raises(operations.FundingError):
        _offline(campaign, 10_000)
    # Past the old closing date the close waits for the project.
    time_machine.move_to(campaign.closes_on + timedelta(days=10))
    assert campaign.id not in closing.due_campaigns(date.today())
    assert closing.close_campaign(campaign.id).already_closed  # paused is not closable
    move_on(project, "resume", facilitator)
    assert campaign.status == "live"
    assert campaign.closes_on == date.today() + timedelta(days=days_left)
    _offline(campaign, 10_000)  # pledges are welcome again
    assert campaign.id not in closing.due_campaigns(date.today())


def test_an_early_close_cannot_be_asked_while_paused(db):
    world = live_campaign()
    move_on(world["project"], "pause", world["facilitator"], "Vent")
    with pytest.raises(operations.FundingError) as refused:
        lifecycle.request_close(world["campaign"], world["facilitator"], "Nå")
    assert refused.value.status == 409


# --- cancel ----------------------------------------------------------------------------

def test_cancelling_charges_nobody_releases_cards_and_tells_the_backers(stripe_ctx, db,
                                                                         outbox):
    world = live_campaign(minimum=50_000)
    campaign = world["campaign"]
    cards = [card_pledge(campaign, make_user(locale="en"), 40_000) for _ in range(2)]
    offline = _offline(campaign, 30_000)
    for record in cards:  # as Stripe does when a SetupIntent succeeds (localstripe does not)
        gateway_module.gateway().client.v1.payment_methods.attach(
            record.stripe_payment_method_id, params={"customer": record.stripe_customer_id})
    commit()
    project = reload(world["project"])[0]
    move_on(project, "cancel", world["facilitator"], "Grunneieren sa nei.")
    commit()
    assert _statuses(db, campaign) == ["released"] * 3
    assert release_cards(date.today()) == 2  # the release_cards job detaches the cards
    assert release_cards(date.today()) == 0  # once
    campaign = reload(campaign)[0]
    assert campaign.status == "failed"
    for record in cards:
        [record] = reload(record)
        method = gateway_module.gateway().client.v1.payment_methods.retrieve(
            record.stripe_payment_method_id)
        assert method.customer is None and charges_of(record) == []
    mails = {m.recipient: m.body_text for m in outbox(kind="project_cancelled")}
    assert len(mails) == 3
    for record in cards:
        assert "You will not be charged" in mails[record.backer.email]
    assert "you do not need to pay anything" in mails[offline.backer.email]
    assert all("Grunneieren sa nei." in body for body in mails.values())
    assert offline.id in {p.id for p in campaign_pledges(db, campaign)}
    # The close job has nothing to do, on any day.
    assert campaign.id not in closing.due_campaigns(date.today() + timedelta(days=365))
    assert closing.close_campaign(campaign.id).already_closed
    assert all(charges_of(r) == [] for r in cards)


def campaign_pledges(db, campaign):
    return db.session.scalars(sa.select(Pledge).where(Pledge.campaign_id == campaign.id)).all()


def test_cancelling_after_an_early_close_was_asked_charges_nobody(stripe_ctx, db):
    world = live_campaign(minimum=50_000)
    record = card_pledge(world["campaign"], make_user(), 60_000)
    lifecycle.request_close(world["campaign"], world["facilitator"], "Vi har nok.")
    commit()
    project = reload(world["project"])[0]
    move_on(project, "cancel", world["facilitator"], "Likevel ikke.")
    commit()
    report = closing.close_campaign(world["campaign"].id)
    assert report.already_closed and report.paid == 0
    [record] = reload(record)
    assert record.status == "released" and charges_of(record) == []


def test_cancelling_while_the_close_is_charging_stops_it(stripe_ctx, db, monkeypatch):
    world = live_campaign(minimum=50_000)
    records = [card_pledge(world["campaign"], make_user(), 30_000) for _ in range(3)]
    commit()
    monkeypatch.setattr(closing, "RECORD_BATCH", 1)
    real_charge = gateway_module.StripeGateway.charge
    calls = {"n": 0}

    def charge_then_cancel(self, **kwargs):
        result = real_charge(self, **kwargs)
        calls["n"] += 1
        if calls["n"] == 1:  # someone cancels the project while the job runs
            from stedskaping.db import unit_of_work

            with unit_of_work():
                project = db.session.get(Project, world["project"].id)
                move_on(project, "cancel", world["facilitator"], "Stopp alt.")
        return result

    monkeypatch.setattr(gateway_module.StripeGateway, "charge", charge_then_cancel)
    report = closing.close_campaign(world["campaign"].id)
    assert report.stopped and calls["n"] == 1
    first, *rest = reload(*records)
    assert first.status == "paid" and len(charges_of(first)) == 1  # on record, to refund
    assert [r.status for r in rest] == ["released", "released"]
    assert all(charges_of(r) == [] for r in rest)
    assert reload(world["campaign"])[0].status == "failed"


def test_cancelling_cancels_a_payment_that_waited_for_the_backer(stripe_ctx, db):
    world = live_campaign(minimum=50_000)
    waiting = card_pledge(world["campaign"], make_user(), 60_000, number=AUTHENTICATE)
    commit()
    closing.close_campaign(world["campaign"].id)
    [waiting] = reload(waiting)
    assert waiting.status == "action_required"
    project = reload(world["project"])[0]
    assert project.state == "realisation"
    move_on(project, "cancel", world["facilitator"], "Avlyst.")
    commit()
    [waiting] = reload(waiting)
    assert waiting.status == "released" and waiting.stripe_client_secret is None
    intent = gateway_module.gateway().payment_intent(waiting.stripe_payment_intent_id)
    assert intent.status == "requires_action"  # nothing at Stripe in the request
    assert release_cards(date.today()) == 1  # the release_cards job
    intent = gateway_module.gateway().payment_intent(waiting.stripe_payment_intent_id)
    assert intent.status == "canceled" and reload(waiting)[0].card_released_dt is not None


# --- closing early by hand -------------------------------------------------------------

def test_closing_early_shows_what_will_happen_and_runs_in_the_job(stripe_app, stripe_ctx, db,
                                                                  outbox):
    world = live_campaign(minimum=50_000)
    card = card_pledge(world["campaign"], make_user(name="Kari Kort"), 40_000)
    _offline(world["campaign"], 20_000, make_user(name="Ola Overføring"))
    commit()
    client = stripe_app.test_client()
    token = accounts.start_session(world["facilitator"])
    commit()
    with client.session_transaction() as session:
        session.update({"_user_id": str(world["facilitator"].id), "_fresh": True, "sid": token})
    url = f"/projects/{world['project'].id}/campaign/close"
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "1 saved card is charged, NOK\u00a0400 in all." in page
    assert "1 offline promise becomes due for payment (NOK\u00a0200)" in page
    assert "Kari Kort" in page and "Ola Overføring" in page
    refused = submit(client, url + "?lang=en", {"reason": "   "}, page=url)
    assert refused.status_code == 400
    assert "Give a reason for closing the campaign early." in refused.get_data(as_text=True)
    assert reload(world["campaign"])[0].status == "live"

    done = submit(client, url + "?lang=en", {"reason": "Vi har nok penger."}, page=url)
    assert done.status_code == 302
    campaign = reload(world["campaign"])[0]
    assert campaign.status == "closing" and campaign.close_reason == "Vi har nok penger."
    [card] = reload(card)
    assert card.status == "saved" and charges_of(card) == []  # nothing charged in the request
    assert outbox(kind="campaign_closing")

    from stedskaping import jobs

    assert jobs.run("campaign_close") == 1
    project, card = reload(world["project"], card)
    assert card.status == "paid" and len(charges_of(card)) == 1
    assert project.state == "realisation"
    [transition] = [t for t in process.history(project) if t.trigger == "campaign_succeeded"]
    assert transition.comment == "Vi har nok penger."


def test_only_the_facilitator_may_close_early(client, db, login_as):
    world = live_campaign()
    url = f"/projects/{world['project'].id}/campaign/close"
    login_as(world["initiator"])
    assert client.get(url).status_code == 403
    login_as(make_user())
    assert client.get(url).status_code == 403
    assert db.session.get(Campaign, world["campaign"].id).status == "live"


def test_closing_a_closed_campaign_again_changes_nothing(client, db, login_as):
    world = live_campaign()
    closing.close_campaign(world["campaign"].id)
    login_as(world["facilitator"])
    url = f"/projects/{world['project'].id}/campaign/close"
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "The campaign is not open, so it cannot be closed now." in page


def test_a_live_campaign_is_closed_only_from_its_page(db):
    world = live_campaign(minimum=500_000, optimum=600_000)
    _offline(world["campaign"], 100_000)
    project, facilitator = world["project"], world["facilitator"]
    # The close's own step is shown as not possible, with the way to do it...
    options = {o.trigger: o for o in process.allowed_triggers(project, facilitator, "en")}
    assert not options["campaign_failed"].allowed
    assert "Close it from the campaign page" in str(options["campaign_failed"].reasons[-1])
    # ...and refused when posted anyway: nothing changes.
    with pytest.raises(GuardsFailed):
        move_on(project, "campaign_failed", facilitator, "For lite interesse.")
    assert (project.state, world["campaign"].status) == ("crowdfunding", "live")


def test_entering_the_crowdfunding_stage_by_hand_with_a_live_campaign_starts_its_close(db):
    """The engine's trigger fired by the platform itself (not by a person) still works:
    a live campaign then starts its close, which the job finishes."""
    world = live_campaign(minimum=500_000, optimum=600_000)
    _offline(world["campaign"], 100_000)
    process.advance(world["project"], "campaign_failed", process.SYSTEM)
    campaign = world["campaign"]
    assert campaign.status == "closing" and campaign.is_minimum_reached is False
    closing.close_campaign(campaign.id)
    campaign = reload(campaign)[0]
    assert campaign.status == "failed" and _statuses(db, campaign) == ["released"]


# --- a backer withdraws; the team confirms money received ---------------------------

def test_a_backer_confirms_before_a_pledge_is_cancelled(client, db, login_as):
    world = live_campaign()
    backer = make_user(locale="en")
    record = _offline(world["campaign"], 25_000, backer)
    login_as(backer)
    url = f"/pledges/{record.id}/cancel"
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Your pledge of NOK\u00a0250 to “Parken ved elva” will be withdrawn." in page
    assert "is withdrawn" not in page  # it is still asking
    assert db.session.get(Pledge, record.id).status == "promised"  # asking changes nothing
    assert submit(client, url, {}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Pledge, record.id).status == "cancelled"
    login_as(make_user())
    assert client.get(url).status_code == 403  # somebody else's pledge


def test_the_backer_is_told_when_the_payment_has_arrived(client, db, login_as, outbox):
    world = live_campaign(minimum=10_000)
    record = _offline(world["campaign"], 25_000, make_user(locale="en"))
    closing.close_campaign(world["campaign"].id)
    login_as(world["initiator"])
    project_url = f"/projects/{world['project'].id}/campaign"
    assert submit(client, f"/pledges/{record.id}/received", {},
                  page=project_url).status_code == 302
    [mail] = outbox(kind="pledge_received")
    assert "your payment of NOK\u00a0250 has arrived" in mail.body_text


# --- cancelling: what the confirmation says, and money already paid --------------------

def test_the_cancel_form_says_what_happens_to_the_campaign(client, db, login_as):
    world = live_campaign()
    _offline(world["campaign"], 30_000)
    login_as(world["initiator"])
    page = client.get(f"/projects/{world['project'].id}/home?lang=en").get_data(as_text=True)
    assert "This cannot be undone." in page
    assert "The campaign ends now, and nobody is charged." in page
    assert "1 promised payment is void (NOK\u00a0300)." in page
    assert "I understand, and want to go ahead" in page


def test_cancelling_after_success_returns_the_money_already_paid(stripe_ctx, db, outbox):
    world = live_campaign(minimum=50_000)
    card = card_pledge(world["campaign"], make_user(locale="en"), 60_000)
    admin = make_user(is_admin=True, locale="en")
    commit()
    closing.close_campaign(world["campaign"].id)
    project = reload(world["project"])[0]
    warnings = process.step_warnings(project, "cancel")
    assert any("has paid NOK\u00a0600 by card" in str(w) for w in warnings)
    move_on(project, "cancel", world["facilitator"], "Tomta ble solgt.")
    [paid_mail] = outbox(kind="project_cancelled_paid")
    assert paid_mail.recipient == card.backer.email
    assert "You paid NOK\u00a0600 by card. It is refunded to your card" in paid_mail.body_text
    to_admin = [m for m in outbox(kind="refunds_needed") if m.recipient == admin.email]
    assert to_admin and f"/admin/pledges/{card.id}/refund" in to_admin[0].body_text
    # The team and the facilitator hear that the project ended.
    assert {m.recipient for m in outbox(kind="project_ended")} >= {world["initiator"].email}


def test_offers_of_materials_and_hours_are_released_with_a_failed_round(db):
    world = live_campaign(minimum=500_000, optimum=600_000)
    backer = make_user()
    for data in (operations.NewPledge(kind="material", amount=10_000, description="Planker"),
                 operations.NewPledge(kind="hours", hours=5)):
        operations.pledge(world["campaign"], backer, data)
    closing.close_campaign(world["campaign"].id)
    assert _statuses(db, world["campaign"]) == ["released", "released"]


def test_the_public_list_shows_only_pledges_that_stand(client, db):
    world = live_campaign(minimum=10_000)
    standing = _offline(world["campaign"], 20_000, make_user(name="Stina Står"))
    gone = _offline(world["campaign"], 30_000, make_user(name="Gunnar Gått"))
    operations.cancel_pledge(gone, gone.backer)
    html = client.get(f"/projects/{world['project'].id}/campaign?lang=en").get_data(
        as_text=True)
    assert "Stina Står" in html and "Gunnar Gått" not in html
    assert standing.status == "promised"
    assert "· 1 backer<" in html.replace("</li>", "<")  # the count matches the list


def test_the_close_job_writes_the_step_into_the_project_activity(db):
    from stedskaping.projects.queries import recent_events

    world = live_campaign(minimum=500_000, optimum=600_000)
    closing.close_campaign(world["campaign"].id)
    kinds = [(e.kind, e.data.get("trigger")) for e in recent_events(world["project"])]
    assert ("transition", "campaign_failed") in kinds


def test_the_late_news_of_the_payment_cancelled_with_the_round_changes_nothing(
        stripe_app, stripe_ctx, db, outbox):
    """Stripe tells us (by webhook) that the payment we cancelled with the project is
    cancelled: the pledge stays released, and the backer gets no "card failed" mail."""
    world = live_campaign(minimum=50_000)
    waiting = card_pledge(world["campaign"], make_user(), 60_000, number=AUTHENTICATE)
    commit()
    closing.close_campaign(world["campaign"].id)
    project = reload(world["project"])[0]
    move_on(project, "cancel", world["facilitator"], "Avlyst.")
    commit()
    [waiting] = reload(waiting)
    intent = waiting.stripe_payment_intent_id
    webhooks.apply("payment_intent.canceled", {
        "id": intent, "object": "payment_intent", "status": "canceled",
        "metadata": {"pledge_id": str(waiting.id)}})
    webhooks.apply("payment_intent.payment_failed", {
        "id": intent, "object": "payment_intent", "status": "requires_action",
        "last_payment_error": {"code": "authentication_required"},
        "metadata": {"pledge_id": str(waiting.id)}})
    commit()
    [waiting] = reload(waiting)
    assert waiting.status == "released"
    assert outbox(kind="pledge_failed") == []
    assert len(outbox(kind="pledge_action_required")) == 1  # from the close, not again
    # Had the backer finished the payment just before, the money is on record (to refund).
    webhooks.apply("payment_intent.succeeded", {
        "id": intent, "object": "payment_intent", "status": "succeeded",
        "metadata": {"pledge_id": str(waiting.id)}})
    commit()
    [waiting] = reload(waiting)
    assert waiting.status == "paid"


def test_the_calendar_feed_shows_when_the_live_campaign_closes(client, db):
    world = live_campaign()
    body = client.get(f"/calendar/{world['project'].calendar_token}.ics?lang=en").get_data(
        as_text=True)
    assert "The campaign closes: Parken ved elva" in body
    assert f"DTSTART;VALUE=DATE:{world['campaign'].closes_on:%Y%m%d}" in body


def test_the_review_and_the_home_lead_the_facilitator_to_the_close_page(client, db,
                                                                        login_as):
    world = live_campaign()
    project = world["project"]
    close_link = f'href="/projects/{project.id}/campaign/close"'
    login_as(world["facilitator"])
    review = client.get(f"/supervision/projects/{project.id}?lang=en").get_data(as_text=True)
    assert "Close it from the campaign page" in review and close_link in review
    assert "Close the campaign now…" in review
    assert close_link in client.get(f"/projects/{project.id}/home?lang=en").get_data(
        as_text=True)
    # The team sees until when pledges are taken, and no link to a page it may not open.
    login_as(world["initiator"])
    home = client.get(f"/projects/{project.id}/home?lang=en").get_data(as_text=True)
    assert "Open for pledges until" in home and close_link not in home
    # Once the campaign has closed, the review no longer offers to close it.
    closing.close_campaign(world["campaign"].id)
    login_as(world["facilitator"])
    review = client.get(f"/supervision/projects/{project.id}?lang=en").get_data(as_text=True)
    assert close_link not in review


def test_an_account_backers_were_told_to_pay_to_stays_until_replaced(client, db, login_as):
    world = live_campaign()
    municipality = world["municipality"]
    municipality.bank_account = "86011117947"
    _offline(world["campaign"], 10_000)
    login_as(make_user(is_admin=True))
    page = f"/admin/municipalities/{municipality.slug}?lang=en"
    url = f"/admin/municipalities/{municipality.slug}/bank-account?lang=en"
    refused = submit(client, url, {"bank_account": ""}, page=page)
    assert refused.status_code == 409
    assert "Replace it with another account" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(type(municipality), municipality.id).bank_account == "86011117947"
    # Replacing it with another account is allowed.
    assert submit(client, url, {"bank_account": "15030112358"}, page=page).status_code == 302
    db.session.expire_all()
    assert db.session.get(type(municipality), municipality.id).bank_account == "15030112358"


def test_a_withdrawn_pledge_is_not_withdrawn_twice(client, db, login_as):
    world = live_campaign()
    backer = make_user(locale="en")
    record = _offline(world["campaign"], 10_000, backer)
    operations.cancel_pledge(record, backer)
    login_as(backer)
    page = client.get(f"/pledges/{record.id}/cancel?lang=en").get_data(as_text=True)
    assert "This pledge is already withdrawn." in page
    assert "Yes, cancel the pledge" not in page and "will be withdrawn" not in page
