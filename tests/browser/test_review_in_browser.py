"""A facilitator reviews the demo projects in a real browser, with screenshots."""

import pytest
from playwright.sync_api import expect

from stedskaping import demo
from stedskaping.learning.demo import COMPLETED
from tests.fixtures.browser import browser_login

pytestmark = pytest.mark.browser


def test_facilitator_approves_one_gate_and_returns_another(live_server, page, demo_data,
                                                           screenshot):
    browser_login(page, live_server, "facilitator@demo.stedskaping.no", demo.PASSWORD)
    page.get_by_role("link", name="Oppfølging").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Oppfølging")
    expect(page.locator("table.dashboard tbody tr")).to_have_count(  # and the lineage's copy
        len(demo.PROJECTS) + len(COMPLETED) + 1)
    screenshot(page, "supervision-dashboard")

    page.get_by_role("link", name="2 avgjørelser venter").click()
    page.get_by_role("link", name="Lekeplass på Solsiden").click()
    expect(page.get_by_role("heading", name="Arbeidet i fasen «Idé»")).to_be_visible()
    screenshot(page, "supervision-review")
    approve = page.get_by_role("group", name="Godkjenn oppstart")
    approve.get_by_label("Kommentar til teamet (valgfritt)").fill("Flott idé, sett i gang!")
    approve.get_by_role("button", name="Godkjenn oppstart").click()
    expect(page.get_by_role("status")).to_contain_text("teamet har fått beskjed")
    expect(page.locator(".stepper [aria-current=step]")).to_contain_text("Mobilisering")

    page.get_by_role("link", name="Avgjørelser venter").click()
    page.get_by_role("link", name="Sykkelverksted i bakgården").click()
    page.get_by_role("button", name="Send tilbake med råd").click()  # no comment yet
    expect(page.locator(".error-summary")).to_contain_text("Skriv en kommentar")
    back = page.get_by_role("group", name="Send tilbake med råd")
    back.get_by_label("Kommentar til teamet (påkrevd)").fill(
        "Snakk med gårdeieren om tak og strøm først.")
    back.get_by_role("button", name="Send tilbake med råd").click()
    expect(page.get_by_role("status")).to_contain_text("teamet har fått beskjed")

    # The initiator sees both outcomes.
    page.get_by_role("button", name="Logg ut").click()
    browser_login(page, live_server, "initiator@demo.stedskaping.no", demo.PASSWORD)
    page.get_by_role("link", name="Mine prosjekter").click()
    page.get_by_role("link", name="Sykkelverksted i bakgården").click()
    expect(page.locator(".activity")).to_contain_text("Snakk med gårdeieren om tak og strøm")
    expect(page.locator(".stepper [aria-current=step]")).to_contain_text("Idé")
    screenshot(page, "initiator-sees-returned-gate")
