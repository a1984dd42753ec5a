"""A long list's pager at 320 px and by keyboard: it wraps, nothing scrolls sideways,
the current page is announced as such, and Tab reaches each link."""

import pytest
import sqlalchemy as sa

from stedskaping.db import db, unit_of_work
from stedskaping.projects.models import Project
from tests.fixtures import bulk

pytestmark = pytest.mark.browser


@pytest.fixture
def many(app, demo_data):
    with app.app_context(), unit_of_work():
        first = db.session.scalar(sa.select(Project).order_by(Project.id))
        bulk.copies(first, 2100)
    return demo_data


def test_the_pager_fits_a_phone_and_takes_the_keyboard(live_server, page, many, screenshot):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(live_server + "/projects/?page=2&lang=en")
    status = page.locator("[role=status]").inner_text()
    assert "Showing 51–100 of 2," in status and "projects" in status
    pager = page.get_by_role("navigation", name="Pages of projects")
    assert "Page 2 of 43" in pager.inner_text()
    current = pager.locator("[aria-current=page]")
    assert current.inner_text().strip().endswith("2")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the list is {width} px wide at 320 px"
    pager.scroll_into_view_if_needed()
    screenshot(page, "pager-320")
    pager.screenshot(path=str(screenshot.folder / "pager-320-nav.png"))
    pager.get_by_role("link", name="Next page").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**page=3**")
    assert "Page 3 of 43" in page.get_by_role("navigation", name="Pages of projects").inner_text()
