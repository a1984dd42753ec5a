"""A card pledge through localstripe's fake Stripe.js, in a real browser."""

import pytest
from playwright.sync_api import expect

from stedskaping.db import unit_of_work
from stedskaping.funding.models import Pledge
from tests.fixtures.browser import browser_login
from tests.fixtures.factories import make_user
from tests.fixtures.stripe import live_campaign

pytestmark = pytest.mark.browser


@pytest.fixture
def campaign(stripe_app):
    with stripe_app.app_context(), unit_of_work():
        world = live_campaign(minimum=100_000, optimum=250_000)
        make_user(name="Berit Bidragsyter", email="berit@example.no")
        return world["project"].id


def test_backer_saves_a_card_for_a_pledge(stripe_app, stripe_live_server, page, campaign,
                                          screenshot, localstripe):
    base = stripe_live_server
    browser_login(page, base, "berit@example.no")

    page.goto(f"{base}/projects/{campaign}/campaign")
    page.get_by_label("Penger med kort").check()
    page.get_by_label("Beløp eller verdi (kr)").fill("250")
    page.get_by_role("button", name="Gi bidrag").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Lagre kortet ditt")
    page.get_by_placeholder("number").fill("4242424242424242")
    page.get_by_placeholder("exp_month").fill("12")
    page.get_by_placeholder("exp_year").fill("34")
    page.get_by_placeholder("cvc").fill("123")
    page.get_by_placeholder("postal_code").fill("5003")
    page.get_by_role("button", name="Lagre kortet").click()
    expect(page.get_by_role("status")).to_contain_text("Kortet ditt er lagret")

    with stripe_app.app_context():
        from stedskaping.extensions import db

        pledge = db.session.query(Pledge).one()
        assert (pledge.status, pledge.amount) == ("saved", 25_000)
        assert pledge.stripe_payment_method_id

    page.goto(f"{base}/projects/{campaign}/campaign")
    expect(page.locator(".raised")).to_contain_text("250\u00a0kr av minimum 1\u00a0000\u00a0kr")
    screenshot(page, "campaign-page")
