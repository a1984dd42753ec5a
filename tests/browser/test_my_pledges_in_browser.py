"""'My pledges' on a 320 px wide phone: every fact and button in view, nothing to scroll."""

import pytest
from playwright.sync_api import expect

from stedskaping.db import unit_of_work
from stedskaping.funding import operations
from stedskaping.funding.bank import kid_for
from tests.fixtures.browser import browser_login
from tests.fixtures.factories import make_user
from tests.fixtures.stripe import live_campaign

pytestmark = pytest.mark.browser


@pytest.fixture
def pledge_id(app):
    with app.app_context(), unit_of_work():
        world = live_campaign()
        world["municipality"].bank_account = "86011117947"
        backer = make_user(name="Berit Bidragsyter", email="berit@example.no")
        operations.pledge(world["campaign"], backer, operations.NewPledge(
            kind="material", amount=150_000, description="Tolv europaller og en tilhenger"))
        record = operations.pledge(world["campaign"], backer, operations.NewPledge(
            kind="offline", amount=123_456_00))
        return record.id


def test_my_pledges_at_320_px(live_server, page, pledge_id, screenshot):
    page.set_viewport_size({"width": 320, "height": 640})
    browser_login(page, live_server, "berit@example.no")
    page.goto(live_server + "/pledges/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine bidrag")
    expect(page.get_by_text("8601.11.17947")).to_be_visible()
    expect(page.get_by_text(kid_for(pledge_id))).to_be_visible()
    buttons = page.get_by_role("link", name="Trekk tilbake dette bidraget …")
    expect(buttons).to_have_count(2)
    for n in range(2):
        button = buttons.nth(n)
        button.scroll_into_view_if_needed()
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # By keyboard too: tabbing reaches the buttons.
    page.keyboard.press("Tab")
    for _ in range(40):
        if page.evaluate("document.activeElement.textContent.trim()") == \
                "Trekk tilbake dette bidraget …":
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("the cancel link is not reachable by keyboard")
    screenshot(page, "my-pledges-320px")
    # The confirmation says what will happen, while it is still asking.
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trekke tilbake bidraget?")
    expect(page.locator("main")).to_contain_text("blir trukket tilbake")
    screenshot(page, "cancel-pledge-asks")
