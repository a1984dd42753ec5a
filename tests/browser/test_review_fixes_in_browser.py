"""The fixes from walking the last capability, in a real browser: the confirm box of a
step that cannot be undone carries its error and the summary's link lands on it; the
review leads to the campaign's close page; the admin's account form gives one message."""

import pytest
from playwright.sync_api import expect

from stedskaping import demo
from tests.fixtures.browser import browser_login

pytestmark = pytest.mark.browser


def test_facilitator_and_team_around_a_live_campaign(live_server, page, demo_data,
                                                     screenshot):
    browser_login(page, live_server, "facilitator@demo.stedskaping.no", demo.PASSWORD)
    page.goto(f"{live_server}/supervision/projects/{demo_data}")
    # Cancelling without the box ticked: the message is on the box, the link goes there.
    page.locator("summary", has_text="Andre handlinger").click()
    cancel = page.get_by_role("group", name="Avslutt prosjektet")
    cancel.get_by_label("Kommentar til teamet (påkrevd)").fill("Gruppa er oppløst.")
    cancel.get_by_label("Jeg forstår, og vil gå videre").evaluate("box => box.required = false")
    cancel.get_by_role("button", name="Avslutt prosjektet").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Kryss av")
    summary.get_by_role("link").click()
    expect(page.locator("#confirm-cancel")).to_be_focused()
    expect(page.locator("#confirm-cancel-error")).to_be_visible()
    expect(page.locator("#comment-cancel")).to_have_value("Gruppa er oppløst.")
    screenshot(page, "review-confirm-error")
    # The live campaign is closed from its page, and the review leads there.
    page.get_by_role("link", name="Avslutt innsamlingen nå …").click()
    expect(page).to_have_url(f"{live_server}/projects/{demo_data}/campaign/close")
    screenshot(page, "review-to-close-page")

    page.get_by_role("button", name="Logg ut").click()
    browser_login(page, live_server, "initiator@demo.stedskaping.no", demo.PASSWORD)
    page.goto(f"{live_server}/projects/{demo_data}/home")
    expect(page.locator("#campaign-heading + p + p")).to_contain_text("Åpen for bidrag til")
    expect(page.get_by_role("link", name="Avslutt innsamlingen nå …")).to_have_count(0)
    screenshot(page, "team-home-live-campaign")


def test_admin_account_form_gives_the_message_that_applies(live_server, page, demo_data,
                                                           screenshot):
    browser_login(page, live_server, "admin@demo.stedskaping.no", demo.PASSWORD)
    page.goto(f"{live_server}/admin/municipalities/demo")
    account = page.get_by_role("textbox", name="Konto for bankoverføringer")
    account.fill("1234")
    page.get_by_role("button", name="Lagre kontoen").click()
    error = page.locator("#account-bank_account-error")
    expect(error).to_have_text("Skriv et kontonummer på 11 siffer, for eksempel 8601.11.17947.")
    account.fill("8601 11 17948")
    page.get_by_role("button", name="Lagre kontoen").click()
    expect(error).to_have_text("Sjekk nummeret: det siste sifferet stemmer ikke.")
    screenshot(page, "admin-account-one-message")
    # A cap per pledge above the cap per project is refused on its field.
    page.get_by_label("Navn på fondet").fill("Nabolagsfondet")
    page.get_by_label("Tak per prosjekt (kr)").fill("20000")
    page.get_by_label("Tak per bidrag (kr)").fill("25000")
    page.get_by_role("button", name="Opprett matchefond").click()
    expect(page.locator("#fund-cap_per_pledge-error")).to_contain_text(
        "Taket per bidrag kan ikke være høyere enn taket per prosjekt")
    page.get_by_label("Tak per bidrag (kr)").fill("2000")
    page.get_by_label("Matcheandel (%)").fill("12.5")
    page.get_by_role("button", name="Opprett matchefond").click()
    expect(page.locator("#fund-ratio_percent-error")).to_have_text(
        "Skriv matcheandelen som et helt tall fra 1 til 1000, for eksempel 100 eller 50.")
    screenshot(page, "admin-match-fund-messages")
