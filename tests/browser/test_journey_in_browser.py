"""An initiator's first stage, in a real browser, with screenshots."""

import pytest
from playwright.sync_api import expect

from stedskaping.db import unit_of_work
from tests.fixtures.browser import browser_login
from tests.fixtures.factories import make_facilitator, make_municipality, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def people(app):
    with app.app_context(), unit_of_work():
        municipality = make_municipality(name="Bergen kommune", slug="bergen")
        make_facilitator(municipality, email="frida@bergen.kommune.no")
        make_user(name="Ivar Initiativtaker", email="ivar@example.no")


def test_initiator_walks_the_first_stage_and_asks_for_review(live_server, page, people,
                                                             screenshot):
    browser_login(page, live_server, "ivar@example.no")

    page.get_by_role("link", name="Mine prosjekter").click()
    page.get_by_role("link", name="Start et prosjekt").click()
    page.get_by_label("Prosjektnavn").fill("Møteplass i Elveparken")
    page.get_by_label("Kort beskrivelse").fill("Benker, bed og en liten scene ved elva.")
    page.get_by_label("Sted", exact=True).fill("Elveparken")
    page.get_by_label("Kommune").select_option(label="Bergen kommune")
    page.get_by_label("Prosess").select_option(label="Stedskaping 6 + 6")
    page.get_by_label("En ønsket leirdato").check()
    page.get_by_label("Dato", exact=True).fill("2027-08-16")
    page.get_by_role("button", name="Opprett prosjektet").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Møteplass i Elveparken")
    expect(page.locator(".stepper [aria-current=step]")).to_contain_text("Idé")
    screenshot(page, "project-home")
    page.locator(".timeline svg").screenshot(path=str(screenshot.folder / "timeline.png"))

    page.get_by_role("link", name="Beskriv idéen").first.click()
    expect(page.get_by_role("heading", name="Slik gjør dere det")).to_be_visible()
    page.get_by_role("button", name="Marker som gjort").click()
    expect(page.locator("#task-summary-error")).to_contain_text("Dette trengs")
    page.get_by_label("Idéen med egne ord *").fill("En møteplass for hele nabolaget ved elva.")
    page.get_by_role("button", name="Marker som gjort").click()
    expect(page.get_by_role("status")).to_contain_text("Oppgaven er markert som gjort.")
    screenshot(page, "task-page")

    page.get_by_role("link", name="Idé", exact=True).click()
    page.get_by_role("link", name="Stedet og hvem som eier det").click()
    page.get_by_label("Hvem eier tomten? *").select_option(label="Kommunen")
    page.get_by_role("button", name="Marker som gjort").click()

    page.get_by_role("link", name="Oversikt").click()
    page.get_by_role("button", name="Send til vurdering").click()
    expect(page.get_by_role("status")).to_contain_text("Vurdering hos fasilitator")
    expect(page.locator(".stepper [aria-current=step]")).to_contain_text("Vurdering")
    screenshot(page, "project-home-in-review")
