"""A neighbour takes part in the demo project that is in participation: supports it
without an account, then registers for its workshop and gets a code for the door.
(Helper B's half, proposing and voting, continues from here.)"""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from stedskaping.db import db, unit_of_work
from stedskaping.projects.models import Project
from tests.fixtures.browser import browser_login
from tests.fixtures.factories import make_user

pytestmark = pytest.mark.browser

DEMO_PARTICIPATION_TITLE = "Tunet i Nordbyen"


@pytest.fixture
def participation_project(app, demo_data):
    with app.app_context():
        return db.session.scalar(sa.select(Project.id).where(
            Project.title == DEMO_PARTICIPATION_TITLE))


def test_a_neighbour_supports_and_registers_for_a_meeting(
        app, live_server, page, screenshot, mailbox, participation_project):
    project_url = f"{live_server}/projects/{participation_project}"
    page.goto(project_url)
    expect(page.get_by_text("22 naboer støtter prosjektet.")).to_be_visible()
    page.get_by_role("link", name="Bli støttespiller").click()
    page.get_by_role("button", name="Bli støttespiller").click()  # nothing filled in
    expect(page.locator("#name-error")).to_contain_text("Skriv inn navnet ditt.")
    expect(page.locator("#consent")).to_have_attribute("aria-describedby",
                                                       "consent-text consent-error")
    screenshot(page, "participation-support-errors")
    page.get_by_label("Navn").fill("Nora Nabo")
    page.get_by_label("E-postadresse").fill("nora@example.no")
    page.get_by_label("Gate eller område (valgfritt)").fill("Nordbygata")
    page.get_by_label("Send meg oppdateringer om prosjektet på e-post").check()
    page.get_by_label("Jeg samtykker").check()
    page.get_by_role("button", name="Bli støttespiller").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sjekk e-posten din")

    page.goto(live_server + mailbox.link("supporter_confirm", "nora@example.no"))
    page.get_by_role("button", name="Bekreft støtten min").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Takk: du støtter {DEMO_PARTICIPATION_TITLE}.")
    expect(page.get_by_text("23 naboer støtter prosjektet.")).to_be_visible()
    screenshot(page, "participation-supported")

    with app.app_context(), unit_of_work():
        make_user(name="Nora Nabo", email="nora@example.no")
    browser_login(page, live_server, "nora@example.no")
    page.goto(project_url)
    page.get_by_role("link", name="Verksted: tegn stedet sammen").click()
    expect(page.get_by_text("1 av 12 tatt")).to_be_visible()
    page.get_by_role("button", name="Meld meg på").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("Du er påmeldt. Koden din ved døren er")
    code = re.search(r"er ([A-Z2-9]{8})\.", status.inner_text()).group(1)
    assert not set(code) & set("OI01")
    expect(page.locator("strong.code")).to_have_text(code)
    expect(page.get_by_text("2 av 12 tatt")).to_be_visible()
    screenshot(page, "participation-registered")

    page.set_viewport_size({"width": 320, "height": 700})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(page, "participation-meeting-320")
    # Helper B: the neighbour goes on to propose and to vote from here.
