"""What backers see: "my pledges", how to pay offline, the public backers list, the match
banner, the accounts for bank transfers, and the refund's confirmation page."""

import re

import pytest
import sqlalchemy as sa

from stedskaping.accounts.operations import start_session
from stedskaping.db import commit
from stedskaping.funding import match_funds, operations, refunds
from stedskaping.funding.bank import kid_for
from stedskaping.funding.close import close_campaign
from stedskaping.funding.models import Campaign, Pledge, Refund
from tests.fixtures.factories import make_municipality, make_user
from tests.fixtures.forms import submit
from tests.fixtures.stripe import live_campaign
from tests.funding.helpers import AUTHENTICATE, card_pledge, send_refunds

STATUS_WORDS = ("paid", "promised", "card saved", "failed", "released", "refunded",
                "charged only", "please pay", "waiting for you")


def _signed_in(app, user):
    client = app.test_client()
    with client.session_transaction() as session:
        session.update({"_user_id": str(user.id), "_fresh": True, "sid": start_session(user)})
    return client


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_my_pledges_shows_status_amount_refunded_and_net_paid(stripe_app, stripe_ctx, db):
    world = live_campaign(minimum=10_000)
    world["municipality"].bank_account = "86011117947"
    backer = make_user(locale="en")
    paid = card_pledge(world["campaign"], backer, 50_000)
    waiting = card_pledge(world["campaign"], backer, 20_000, number=AUTHENTICATE)
    promise = operations.pledge(world["campaign"], backer, operations.NewPledge(
        kind="offline", amount=7_500))
    commit()
    close_campaign(world["campaign"].id)
    refunds.refund(db.session.get(Pledge, paid.id), make_user(is_admin=True), 12_050,
                      "Benkene ble billigere.")
    commit()
    send_refunds()
    page = _text(_signed_in(stripe_app, backer).get("/pledges/?lang=en"))
    assert "NOK 500 by card" in page and "paid by card, partly refunded" in page
    assert "Refunded</dt><dd>NOK 120.50" in page and "Net paid</dt><dd>NOK 379.50" in page
    assert "waiting for you: confirm the payment with your bank" in page
    assert f'href="/pledges/{waiting.id}/pay"' in page and "Confirm by" in page
    assert "Net paid</dt><dd>NOK 0" in page  # nothing has moved for these yet
    assert "please pay now: the campaign reached its minimum" in page
    assert "NOK 75 by bank transfer" in page
    assert "8601.11.17947" in page and kid_for(promise.id) in page
    assert "<table" not in page  # no column to lose at 320 px


def test_offline_pledge_says_how_to_pay_right_after_pledging(client, db, login_as):
    world = live_campaign()
    world["campaign"].bank_account = "12345678903"
    login_as(make_user(locale="en"))
    url = f"/projects/{world['project'].id}/campaign"
    response = submit(client, url + "/pledge", {"kind": "offline", "amount": "300"}, page=url,
                      follow_redirects=True)
    record = db.session.scalar(sa.select(Pledge))
    page = _text(response)
    assert (f"pay NOK 300 to account 1234.56.78903 with KID {kid_for(record.id)}") in page
    assert "When the campaign reaches its minimum, pay by bank transfer" in page


def test_without_an_account_the_team_will_tell_how_to_pay(client, db, login_as):
    world = live_campaign()
    login_as(make_user(locale="en"))
    url = f"/projects/{world['project'].id}/campaign"
    page = _text(submit(client, url + "/pledge", {"kind": "offline", "amount": "300"},
                        page=url, follow_redirects=True))
    assert "the team will tell you how to pay" in page
    assert "KID" not in page


def test_the_public_campaign_page_shows_names_and_amounts_never_a_status(app, stripe_ctx, client,
                                                                         db, count_queries):
    world = live_campaign(minimum=10_000)
    campaign = world["campaign"]
    card_pledge(campaign, make_user(name="Kari Kort"), 40_000)
    operations.pledge(campaign, make_user(name="Otto Offline"), operations.NewPledge(
        kind="offline", amount=10_000))
    operations.pledge(campaign, make_user(name="Hemmelig Person"), operations.NewPledge(
        kind="offline", amount=20_000, is_anonymous=True))
    operations.pledge(campaign, make_user(name="Mona Materialer"), operations.NewPledge(
        kind="material", amount=5_000, description="Seks paller"))
    operations.pledge(campaign, make_user(name="Tim Timer"), operations.NewPledge(
        kind="hours", hours=8))
    commit()
    url = f"/projects/{world['project'].id}/campaign?lang=en"
    with app.app_context(), count_queries() as few:  # the test database's engine
        html = _text(client.get(url))
    section = html[html.index('id="backers-heading"'):html.index('id="updates-heading"')]
    assert "Kari Kort · NOK 400" in section and "Otto Offline · NOK 100" in section
    assert "Anonymous · NOK 200" in section and "Hemmelig Person" not in section
    assert "Mona Materialer · Seks paller (value NOK 50)" in section
    assert "Tim Timer · 8 volunteer hours" in section
    # More backers, same number of queries: names come with the pledges.
    for n in range(10):
        operations.pledge(campaign, make_user(), operations.NewPledge(kind="hours", hours=n + 1))
    commit()
    with app.app_context(), count_queries() as many:
        client.get(url)
    assert len(many) == len(few), (len(few), len(many))
    close_campaign(campaign.id)  # now some are paid and one is due: still not shown
    html = _text(client.get(url))
    section = html[html.index('id="backers-heading"'):html.index('id="updates-heading"')]
    assert "Kari Kort · NOK 400" in section
    for word in STATUS_WORDS:
        assert word not in section.lower(), word


def test_the_match_banner_states_ratio_and_caps(client, db):
    fund = match_funds.create_match_fund(make_municipality(), "Sparebankstiftelsen", 50,
                                        cap_per_project=300_000, cap_per_pledge=50_000)
    world = live_campaign(minimum=100_000, match_fund=fund)
    operations.pledge(world["campaign"], make_user(), operations.NewPledge(
        kind="offline", amount=40_000))
    html = _text(client.get(f"/projects/{world['project'].id}/campaign?lang=en"))
    assert ("Sparebankstiftelsen matches money pledges: each krone you give is matched with "
            "50 øre.") in html
    assert "at most NOK 500 per pledge, and at most NOK 3,000 for this project." in html
    assert "NOK 2,800 of it is left." in html


@pytest.mark.parametrize(("typed", "status", "stored"), [
    ("8601.11.17947", 302, "86011117947"),
    ("8601 11 17948", 400, None),
    ("1234", 400, None),
    ("", 302, None),
])
def test_campaign_account_is_checked(client, db, login_as, typed, status, stored):
    world = live_campaign()
    login_as(world["initiator"])
    url = f"/projects/{world['project'].id}/campaign/edit"
    response = submit(client, url + "?lang=en", {
        "minimum": "1000", "optimum": "2000", "story": "Vi bygger en park.",
        "cost_plan": "", "rewards": "", "bank_account": typed})
    assert response.status_code == status
    db.session.expire_all()
    assert db.session.get(Campaign, world["campaign"].id).bank_account == stored
    if status == 400:  # one message, the one that applies
        text = _text(response)
        wrong_length = len(typed.replace(" ", "")) != 11
        assert ("Write an account number of 11 digits" in text) == wrong_length
        assert ("its last digit does not match" in text) != wrong_length
    else:
        assert ("8601.11.17947" in client.get(url).get_data(as_text=True)) == bool(stored)


def test_admin_sets_the_municipality_account(client, db, login_as):
    from stedskaping.municipalities.models import Municipality
    from tests.fixtures.factories import make_facilitator

    home = make_municipality(slug="bergen")
    url = "/admin/municipalities/bergen/bank-account"
    login_as(make_facilitator(home))
    assert submit(client, url, {"bank_account": "86011117947"},
                  page="/admin/municipalities/bergen").status_code == 403
    login_as(make_user(is_admin=True))
    page = "/admin/municipalities/bergen?lang=en"
    response = submit(client, url + "?lang=en", {"bank_account": "86011117946"}, page=page)
    assert response.status_code == 400
    assert "its last digit does not match" in response.get_data(as_text=True)
    assert "11 digits" not in response.get_data(as_text=True)
    assert db.session.get(Municipality, home.id).bank_account is None
    response = submit(client, url + "?lang=en", {"bank_account": "1234"}, page=page)
    assert response.status_code == 400
    assert "Write an account number of 11 digits" in response.get_data(as_text=True)
    assert "last digit" not in response.get_data(as_text=True)
    # A NUL byte: the form again with the message on the field, nothing saved.
    response = submit(client, url + "?lang=en", {"bank_account": "8601\x0011 17947"},
                      page=page)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="account-bank_account-error">This contains a NUL character' in html
    assert 'value="8601\ufffd11 17947"' in html and "\x00" not in html
    assert db.session.get(Municipality, home.id).bank_account is None
    assert submit(client, url, {"bank_account": "8601 11 17947"}, page=page).status_code == 302
    db.session.expire_all()
    assert db.session.get(Municipality, home.id).bank_account == "86011117947"
    assert "Backers who promise money pay to 8601.11.17947" in _text(client.get(page))
    assert submit(client, url, {"bank_account": ""}, page=page).status_code == 302
    db.session.expire_all()
    assert db.session.get(Municipality, home.id).bank_account is None


def test_a_refund_is_confirmed_before_money_moves(stripe_app, stripe_ctx, db, outbox):
    world = live_campaign(minimum=10_000)
    record = card_pledge(world["campaign"], make_user(name="Berit", email="berit@example.no"),
                         50_000)
    commit()
    close_campaign(world["campaign"].id)
    client = _signed_in(stripe_app, make_user(is_admin=True))
    commit()
    url = f"/admin/pledges/{record.id}/refund?lang=en"
    response = submit(client, url, {"amount": "900", "reason": "For mye"})
    assert response.status_code == 400
    assert "Refund between NOK\u00a00.01 and NOK\u00a0500." in response.get_data(as_text=True)
    response = submit(client, url, {"amount": "200", "reason": "Benkene ble billigere."})
    page = _text(response)
    assert response.status_code == 200 and "Check the refund" in page
    assert "Refund NOK 200 to Berit" in page and "berit@example.no" in page
    assert "Net paid afterwards</dt><dd>NOK 300" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Refund)) == 0
    assert outbox(kind="pledge_refunded") == []
    response = submit(client, url, {"amount": "200", "reason": "Benkene ble billigere.",
                                    "confirmed": "yes"})
    assert response.status_code == 302 and response.headers["Location"] == url.split("?")[0]
    page = _text(client.get(url))
    assert "The refund is recorded and goes to Stripe within a minute." in page
    assert "Refund 1: NOK 200</strong>, waiting to be sent to Stripe" in page
    assert "NOK 300 can still be refunded" in page  # the requested refund holds its part
    assert outbox(kind="pledge_refunded") == []  # nothing moved in the request
    assert send_refunds() == 1
    db.session.expire_all()
    record = db.session.get(Pledge, record.id)
    assert (record.refunded_amount, record.status) == (20_000, "paid")
    assert len(outbox(kind="pledge_refunded")) == 1
    assert "Refund 1: NOK 200</strong>, made by Stripe" in _text(client.get(url))


def _errors(response) -> list[str]:
    """The messages shown on fields, as a reader sees them."""
    return [re.sub(r"\s+", " ", m).strip() for m in re.findall(
        r'<p class="error" id="([^"]+-error)">(.*?)</p>', response.get_data(as_text=True),
        re.S)]


def test_a_match_fund_form_gives_one_clear_message_per_field(client, db, login_as):
    from stedskaping.funding.models import MatchFund

    municipality = make_municipality()
    login_as(make_user(is_admin=True))
    page = f"/admin/municipalities/{municipality.slug}"
    url = page + "/match-funds?lang=en"
    # The fields carry the prefix "fund": the programmes form on the page has a "name" too.
    fund = {"fund-name": "Nabolagsfondet", "fund-ratio_percent": "100",
            "fund-cap_per_project": "20000", "fund-cap_per_pledge": "1000"}
    # A cap per pledge above the cap per project: refused on that field.
    response = submit(client, url, {**fund, "fund-cap_per_pledge": "25000"}, page=page)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert re.search(r'id="fund-cap_per_pledge-error">The cap per pledge can be at most the '
                     r'cap per project \(NOK\D?20\D?000\)\.', html)
    # A ratio that is no whole number: one message, not two run together.
    response = submit(client, url, {**fund, "fund-ratio_percent": "12.5"}, page=page)
    assert response.status_code == 400
    assert re.findall(r'id="fund-ratio_percent-error">(.*?)</p>',
                      response.get_data(as_text=True)) == [
        "Write the match ratio as a whole number from 1 to 1000, like 100 or 50."]
    response = submit(client, url, {**fund, "fund-ratio_percent": "5000"}, page=page)
    assert "Write the match ratio as a whole number" in response.get_data(as_text=True)
    response = submit(client, url, {**fund, "fund-name": "Fond\x00et"}, page=page)
    assert response.status_code == 400
    assert 'id="fund-name-error">This contains a NUL character' in response.get_data(as_text=True)
    assert db.session.scalars(sa.select(MatchFund)).all() == []
    # Equal caps are fine.
    assert submit(client, url, {**fund, "fund-cap_per_pledge": "20000"}, page=page
                  ).status_code == 302


def test_a_nul_byte_in_the_campaign_form_is_shown_on_its_field(client, db, login_as):
    world = live_campaign()
    login_as(world["initiator"])
    url = f"/projects/{world['project'].id}/campaign/edit"
    response = submit(client, url + "?lang=en", {
        "minimum": "1000", "optimum": "2000", "story": "Vi bygger\x00 en park.",
        "cost_plan": "", "rewards": "", "bank_account": "86011117947"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="story-error">This contains a NUL character' in html
    assert "\x00" not in html
    db.session.expire_all()
    assert db.session.get(Campaign, world["campaign"].id).bank_account is None
