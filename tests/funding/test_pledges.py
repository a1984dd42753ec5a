"""Pledges through the pages: kinds, matchfunding, materials, cancelling, refunds."""

import pytest
import sqlalchemy as sa

from stedskaping.db import commit
from stedskaping.funding import match_funds, operations, refunds
from stedskaping.funding.close import close_campaign
from stedskaping.funding.models import Campaign, Pledge
from stedskaping.funding.totals import totals
from tests.fixtures.factories import (
    add_member,
    make_facilitator,
    make_municipality,
    make_project,
    make_user,
    walk_to_crowdfunding,
)
from tests.fixtures.forms import submit
from tests.fixtures.stripe import live_campaign
from tests.funding.helpers import card_pledge, send_refunds


def _campaign_url(world):
    return f"/projects/{world['project'].id}/campaign"


def test_offline_material_and_hours_pledges_without_stripe(client, db, login_as, outbox):
    world = live_campaign(minimum=100_000, optimum=300_000)
    backer = make_user(name="Berit", locale="en")
    login_as(backer)
    url = _campaign_url(world)
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "Money by card" not in page  # no Stripe keys: the card option is hidden
    assert "Money, paid by bank transfer or invoice" in page
    assert submit(client, url + "/pledge", {"kind": "offline", "amount": "500"},
                  page=url).status_code == 302
    assert submit(client, url + "/pledge", {"kind": "material", "amount": "2 000",
                                            "description": "Tre benker i eik"},
                  page=url).status_code == 302
    assert submit(client, url + "/pledge", {"kind": "hours", "hours": "12"},
                  page=url).status_code == 302
    result = totals(world["campaign"])
    assert (result.money, result.materials, result.materials_offered, result.hours) == (
        50_000, 0, 200_000, 12)
    [receipt] = outbox(kind="pledge_receipt")
    assert "to be paid by bank transfer or invoice" in receipt.body_text
    mine = client.get("/pledges/?lang=en").get_data(as_text=True)
    assert "Tre benker i eik" in mine and "12 volunteer hours" in mine and "promised" in mine


@pytest.mark.parametrize(("amount", "message"), [
    ("0", "Give an amount above zero."), ("-50", "Write an amount in kroner"),
    ("12,345", "Write an amount in kroner"), ("mange", "Write an amount in kroner"),
    ("600000", "The largest pledge is NOK\u00a0500,000."),
])
def test_bad_amounts_are_refused_with_a_message(client, db, login_as, amount, message):
    world = live_campaign()
    login_as(make_user())
    url = _campaign_url(world)
    response = submit(client, url + "/pledge?lang=en", {"kind": "offline", "amount": amount},
                      page=url)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Pledge)) == 0


def test_no_pledges_to_a_campaign_that_is_not_live(client, db, login_as):
    world = live_campaign(minimum=100_000)
    close_campaign(world["campaign"].id)
    login_as(make_user())
    url = _campaign_url(world)
    response = submit(client, url + "/pledge?lang=en", {"kind": "offline", "amount": "100"},
                      page=url + "?x=1")
    assert response.status_code == 409
    assert "This campaign is not open for pledges." in response.get_data(as_text=True)


def test_matchfunding_doubles_up_to_the_caps_and_follows_the_pledge(client, db, login_as):
    from tests.fixtures.factories import make_municipality

    fund = match_funds.create_match_fund(make_municipality(), "Kommunens nærmiljøfond", 100,
                                        cap_per_project=2_000_000, cap_per_pledge=500_000)
    world = live_campaign(minimum=1_000_000, optimum=3_000_000, match_fund=fund)
    html = client.get(_campaign_url(world) + "?lang=en").get_data(as_text=True)
    assert ("Kommunens nærmiljøfond doubles money pledges: each krone you give is matched "
            "with one more krone.") in html
    assert ("The match is at most NOK\u00a05,000 per pledge, and at most NOK\u00a020,000 for this "
            "project.") in html
    assert "NOK\u00a020,000 of it is left." in html
    backers = [make_user() for _ in range(6)]
    small = operations.pledge(world["campaign"], backers[0], operations.NewPledge(
        kind="offline", amount=100_000))
    assert small.matched_amount == 100_000  # doubled
    big = operations.pledge(world["campaign"], backers[1], operations.NewPledge(
        kind="offline", amount=900_000))
    assert big.matched_amount == 500_000  # capped per pledge
    for backer in backers[2:5]:
        operations.pledge(world["campaign"], backer, operations.NewPledge(
            kind="offline", amount=600_000))
    result = totals(world["campaign"])
    assert result.matched == 2_000_000  # capped per project
    html = client.get(_campaign_url(world) + "?lang=en").get_data(as_text=True)
    assert "All of it is given: new pledges are not matched." in html
    operations.cancel_pledge(big, big.backer)
    assert totals(world["campaign"]).matched == 1_500_000  # its match goes with it
    late = operations.pledge(world["campaign"], backers[5], operations.NewPledge(
        kind="offline", amount=100_000))
    assert late.matched_amount == 100_000


def test_materials_count_when_the_facilitator_accepts_them(client, db, login_as):
    world = live_campaign(minimum=100_000, optimum=200_000)
    offer = operations.pledge(world["campaign"], make_user(), operations.NewPledge(
        kind="material", amount=120_000, description="Plank og skruer"))
    assert not totals(world["campaign"]).minimum_reached
    login_as(world["initiator"])
    url = f"/pledges/{offer.id}/material"
    assert submit(client, url, {"decision": "accept"}, page="/projects/").status_code == 403
    login_as(world["facilitator"])
    assert submit(client, url, {"decision": "accept"}, page="/projects/").status_code == 302
    db.session.expire_all()
    assert totals(world["campaign"]).minimum_reached


def test_backer_cancels_before_the_close(stripe_ctx, db):
    world = live_campaign()
    record = card_pledge(world["campaign"], make_user(), 30_000)
    commit()
    operations.cancel_pledge(record, record.backer)
    commit()
    assert db.session.get(Pledge, record.id).status == "cancelled"
    assert totals(world["campaign"]).money == 0


def test_offline_money_confirmed_received(client, db, login_as):
    world = live_campaign(minimum=10_000)
    promise = operations.pledge(world["campaign"], make_user(), operations.NewPledge(
        kind="offline", amount=20_000))
    close_campaign(world["campaign"].id)
    login_as(world["initiator"])
    url = f"/pledges/{promise.id}/received"
    assert submit(client, url, {}, page="/projects/").status_code == 302
    db.session.expire_all()
    assert db.session.get(Pledge, promise.id).status == "received"


def test_admin_refunds_part_then_the_rest(stripe_app, stripe_ctx, db):
    world = live_campaign(minimum=10_000)
    record = card_pledge(world["campaign"], make_user(), 50_000)
    commit()
    close_campaign(world["campaign"].id)
    record = db.session.get(Pledge, record.id)
    admin = make_user(is_admin=True)
    with pytest.raises(operations.FundingError, match="Give a reason"):
        refunds.refund(record, admin, 10_000, " ")
    refunds.refund(record, admin, 20_000, "Benkene ble billigere.")
    assert (record.status, record.refunded_amount) == ("paid", 0)  # recorded, not sent
    with pytest.raises(operations.FundingError, match="Refund between"):
        refunds.refund(record, admin, 40_000, "For mye")  # the requested one counts
    assert send_refunds() == 1
    record = db.session.get(Pledge, record.id)
    assert (record.status, record.refunded_amount) == ("paid", 20_000)
    with pytest.raises(operations.FundingError, match="Refund between"):
        refunds.refund(record, admin, 40_000, "For mye")
    refunds.refund(record, admin, 30_000, "Prosjektet ble avlyst.")
    assert send_refunds() == 1
    record = db.session.get(Pledge, record.id)
    assert record.status == "refunded"
    from stedskaping.payments.gateway import gateway

    made = gateway().client.v1.refunds.list(params={"limit": 10}).data
    assert sorted(r.amount for r in made) == [20_000, 30_000]


def test_updates_are_emailed_to_backers(client, db, login_as, outbox):
    world = live_campaign()
    backers = [make_user(locale="en"), make_user(locale="nb")]
    for backer in backers:
        operations.pledge(world["campaign"], backer, operations.NewPledge(kind="hours", hours=3))
    login_as(world["initiator"])
    url = _campaign_url(world)
    assert submit(client, url + "/updates", {"title": "Vi er halvveis!", "body": "Takk!"},
                  page=url).status_code == 302
    mails = outbox(kind="campaign_update")
    assert sorted(m.recipient for m in mails) == sorted(b.email for b in backers)
    assert "Vi er halvveis!" in client.get(url).get_data(as_text=True)
    login_as(make_user())
    assert submit(client, url + "/updates", {"title": "x", "body": "y"}, page=url
                  ).status_code == 403


def test_initiator_sets_up_and_opens_the_campaign_through_the_forms(client, db, login_as):
    municipality = make_municipality()
    initiator = make_user()
    facilitator = make_facilitator(municipality)
    project = make_project(municipality=municipality, initiator=initiator)
    add_member(project)
    login_as(initiator)
    url = f"/projects/{project.id}/campaign/edit"
    fields = {"minimum": "40 000", "optimum": "60000", "story": "Vi bygger.",
              "cost_plan": "Benker; 30000\nJord; 10 000", "rewards": "Takkekort; 100; 20",
              "match_fund": ""}
    response = submit(client, url + "?lang=en", {**fields, "cost_plan": "Benker uten pris"})
    assert response.status_code == 400
    assert "Line 1: write it as “what; amount”." in response.get_data(as_text=True)
    assert submit(client, url, fields).status_code == 302
    campaign = db.session.scalar(sa.select(Campaign))
    assert (campaign.minimum_amount, campaign.status) == (4_000_000, "draft")
    assert campaign.cost_plan[1] == {"item": "Jord", "amount": 1_000_000}
    assert "40000" in client.get(url).get_data(as_text=True)  # the saved goal, in kroner
    # It opens only in the crowdfunding stage.
    open_url = f"/projects/{project.id}/campaign/open"
    assert submit(client, open_url + "?lang=en", {}, page=url).status_code == 409
    walk_to_crowdfunding(project, initiator, facilitator)
    # "Approve the plan and open the campaign": the facilitator's approval opens the draft.
    db.session.expire_all()
    campaign = db.session.get(Campaign, campaign.id)
    assert campaign.status == "live"
    assert submit(client, open_url, {}, page=url).status_code == 409  # nothing left to open
    assert campaign.closes_on == project.window("crowdfunding").ends_on
    response = submit(client, url + "?lang=en", {**fields, "minimum": "30000"})
    assert response.status_code == 409
    assert "The goal is locked while the campaign is live." in response.get_data(as_text=True)
