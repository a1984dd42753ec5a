"""The main pages of a project fit a 320 px phone: nothing scrolls sideways (wide
tables scroll inside their own region)."""

import pytest

from stedskaping import demo
from tests.fixtures.browser import browser_login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("email", "paths"), [
    ("initiator@demo.stedskaping.no", ["/projects/{id}/home", "/projects/{id}/campaign",
                                       "/projects/{id}", "/pledges/"]),
    ("facilitator@demo.stedskaping.no", ["/supervision/projects/{id}",
                                         "/projects/{id}/campaign/close", "/supervision/"]),
    ("admin@demo.stedskaping.no", ["/admin/municipalities/demo"]),
])
def test_pages_fit_a_phone(live_server, page, demo_data, screenshot, email, paths):
    page.set_viewport_size({"width": 320, "height": 700})
    browser_login(page, live_server, email, demo.PASSWORD)
    for path in paths:
        url = live_server + path.format(id=demo_data)
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width} px wide at 320 px"
    screenshot(page, "narrow-" + email.split("@")[0])
