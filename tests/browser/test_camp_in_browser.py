"""The camp (tests/realisation/camp) in a real browser: a neighbour volunteers for a
shift of the camp programme from a phone, and the shift lead checks them in on a phone
(320 px) by name, with the safety briefing acknowledged. Screenshots of the camp plan
and the check-in page. (Here, beside the other browser tests, to share their browser.)"""

import re

import pytest
from playwright.sync_api import expect

from stedskaping.db import db, unit_of_work
from stedskaping.realisation.camp import operations as camp_ops
from tests.conftest import TODAY
from tests.fixtures.browser import browser_login
from tests.fixtures.factories import make_cast, make_user
from tests.realisation.camp.helpers import into_camp, plan_activity, plan_shift

pytestmark = pytest.mark.browser


@pytest.fixture
def camp(app):
    with app.app_context(), unit_of_work():
        cast = make_cast()
        into_camp(cast, db, TODAY, day_number=1)
        camp_ops.save_briefing(cast["project"], cast["initiator"],
                               "Gloves and goggles when you saw. First aid in the container.")
        activity = plan_activity(cast, title="Benches by the river", lead_name="Kari Snekker")
        shift = plan_shift(cast, activity, title="Carpentry", capacity=6, minimum_age=16,
                           lead_id=cast["member"].id)
        plan_activity(cast, day_number=2, title="Planting beds")
        neighbour = make_user(name="Nora Nabo", email="nora@example.no")
        return {"project": cast["project"].id, "shift": shift.id,
                "lead": cast["member"].email, "neighbour": neighbour.email}


def _phone(browser, width):
    context = browser.new_context(locale="nb-NO", viewport={"width": width, "height": 740},
                                  has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def _fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_neighbour_volunteers_and_the_lead_checks_them_in(browser, live_server, camp,
                                                            screenshot):
    neighbour = _phone(browser, 375)
    browser_login(neighbour, live_server, camp["neighbour"])
    neighbour.goto(f"{live_server}/projects/{camp['project']}/camp?lang=en")
    expect(neighbour.get_by_role("heading", level=1)).to_have_text("Camp programme")
    expect(neighbour.get_by_role("heading", name="Benches by the river")).to_be_visible()
    _fits(neighbour, 375)
    screenshot(neighbour, "camp-plan-375")
    neighbour.get_by_role("link", name="Carpentry").click()
    neighbour.get_by_role("button", name="Sign up for the shift").click()
    expect(neighbour.locator("#is_age_confirmed-error")).to_contain_text(
        "Confirm that you are at least 16 years old.")
    neighbour.get_by_label("I am at least 16 years old.").check()
    neighbour.get_by_role("button", name="Sign up for the shift").click()
    status = neighbour.get_by_role("status")
    expect(status).to_contain_text("You are on the shift. Your code for check-in is")
    code = re.search(r"is ([A-Z2-9]{8})\.", status.inner_text()).group(1)
    expect(neighbour.locator("strong.code")).to_have_text(code)
    screenshot(neighbour, "camp-shift-signed-up-375")
    neighbour.context.close()

    lead = _phone(browser, 320)
    browser_login(lead, live_server, camp["lead"])
    lead.goto(f"{live_server}/projects/{camp['project']}/camp/shifts/{camp['shift']}?lang=en")
    lead.get_by_role("link", name="Check-in for this shift").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Check-in: Carpentry")
    expect(lead.get_by_role("status")).to_contain_text("0 of 6 checked in")
    lead.get_by_text("The safety briefing: read it to each volunteer").click()
    expect(lead.get_by_text("Gloves and goggles when you saw.")).to_be_visible()
    lead.get_by_label("Nora Nabo has acknowledged the safety briefing").check()
    button = lead.get_by_role("button", name="Check in Nora Nabo")
    assert button.bounding_box()["height"] >= 44  # a target for a thumb
    button.click()
    expect(lead.get_by_role("status").first).to_contain_text("Welcome, Nora Nabo: checked in.")
    expect(lead.get_by_text("1 of 6 checked in · 4 hours")).to_be_visible()
    expect(lead.get_by_label("Hours")).to_have_value("4")
    _fits(lead, 320)
    screenshot(lead, "camp-check-in-320")
    lead.goto(f"{live_server}/projects/{camp['project']}/camp?lang=en")
    _fits(lead, 320)
    screenshot(lead, "camp-plan-team-320")
    lead.context.close()
