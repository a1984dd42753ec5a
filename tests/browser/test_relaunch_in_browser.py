"""A campaign that fails is closed early by the facilitator, re-planned and relaunched
in a second round, all in a real browser."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from stedskaping import demo, jobs
from stedskaping.db import db
from stedskaping.projects.models import Project
from tests.fixtures.browser import browser_login

pytestmark = pytest.mark.browser

def _logout(page):
    page.get_by_role("button", name="Logg ut").click()


def _camp_on(app, project_id):
    with app.app_context():
        return db.session.get(Project, project_id).camp_on


def test_a_failed_campaign_is_closed_replanned_and_relaunched(app, live_server, page,
                                                              demo_data, screenshot):
    project_id, camp_on = demo_data, _camp_on(app, demo_data)
    campaign_url = f"{live_server}/projects/{project_id}/campaign"

    # The facilitator closes the campaign early, after reading what will happen.
    browser_login(page, live_server, "facilitator@demo.stedskaping.no", demo.PASSWORD)
    page.goto(campaign_url)
    page.get_by_role("link", name="Avslutt innsamlingen nå …").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Avslutte innsamlingen")
    expect(page.locator("main")).to_contain_text("Minimum er ikke nådd: ingen belastes.")
    expect(page.locator("main")).to_contain_text("Tora Teammedlem")
    screenshot(page, "campaign-close-confirmation")
    page.get_by_role("button", name="Ja, avslutt innsamlingen nå").click()  # no reason yet
    expect(page.locator(".error-summary")).to_contain_text("Skriv hvorfor")
    page.get_by_label("Hvorfor avslutte innsamlingen nå?").fill(
        "For lite interesse ennå; vi prøver igjen til våren.")
    page.get_by_role("button", name="Ja, avslutt innsamlingen nå").click()
    expect(page.get_by_role("status")).to_contain_text("Innsamlingen avsluttes")
    expect(page.locator("main")).to_contain_text("Innsamlingen avsluttes: kortene belastes")

    # The scheduler's close job does the rest.
    with app.app_context():
        assert jobs.run("campaign_close") == 1
    page.reload()
    expect(page.locator("main")).to_contain_text("nådde ikke minimum")
    _logout(page)

    # The initiator asks for a new camp date.
    browser_login(page, live_server, "initiator@demo.stedskaping.no", demo.PASSWORD)
    page.goto(f"{live_server}/projects/{project_id}/home")
    expect(page.locator(".stepper [aria-current=step]")).to_contain_text("Planlegging")
    page.get_by_role("link", name="Be om ny leirdato").click()
    page.get_by_label("Ny første leirdag").fill((camp_on + timedelta(weeks=10)).isoformat())
    page.get_by_label("Hvorfor?").fill("Vi trenger en ny innsamlingsrunde.")
    page.get_by_role("button", name="Send forespørselen").click()
    expect(page.get_by_role("status")).to_be_visible()
    _logout(page)

    # The facilitator approves the new date, then the plan.
    browser_login(page, live_server, "facilitator@demo.stedskaping.no", demo.PASSWORD)
    page.goto(f"{live_server}/supervision/projects/{project_id}")
    page.get_by_role("button", name="Godkjenn den nye datoen").click()
    expect(page.get_by_role("status")).to_contain_text("teamet har fått beskjed")
    approve = page.get_by_role("group", name="Godkjenn planen og åpne innsamlingen")
    approve.get_by_role("button", name="Godkjenn planen og åpne innsamlingen").click()
    expect(page.locator(".stepper [aria-current=step]")).to_contain_text("Folkefinansiering")
    _logout(page)

    # The initiator sets up round 2 from the old round's values and opens it.
    browser_login(page, live_server, "initiator@demo.stedskaping.no", demo.PASSWORD)
    page.goto(f"{live_server}/projects/{project_id}/campaign/edit")
    expect(page.locator(".notice-info")).to_contain_text("settes runde 2 opp")
    page.get_by_role("button", name="Lagre innsamlingen").click()
    page.goto(f"{live_server}/projects/{project_id}/campaign/edit")
    page.get_by_role("button", name="Åpne innsamlingen").click()
    expect(page.locator("main")).to_contain_text("Runde 2.")
    expect(page.get_by_role("heading", name="Tidligere runder")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Runde 1:")
    screenshot(page, "campaign-round-2")

    # A backer can pledge to the new round.
    _logout(page)
    browser_login(page, live_server, "backer@demo.stedskaping.no", demo.PASSWORD)
    page.goto(campaign_url)
    page.get_by_label("Penger, betalt med bankoverføring eller faktura").check()
    page.get_by_label("Beløp eller verdi (kr)").fill("500")
    page.get_by_role("button", name="Gi bidrag").click()
    expect(page.get_by_role("status")).to_contain_text("Takk")
