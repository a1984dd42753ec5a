"""The language switch at 320 px and without JavaScript: five languages, each in its
own name, no horizontal scrolling, one press to change."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NAMES = ["Norsk bokmål", "Norsk nynorsk", "English", "Svenska", "Suomi"]


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_switch_at_320_px_without_javascript(browser, live_server, screenshot):
    context = browser.new_context(viewport={"width": 320, "height": 640},
                                  java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(live_server + "/login")
        expect(page.locator("html")).to_have_attribute("lang", "sv")  # Accept-Language
        switch = page.get_by_role("navigation", name="Språk")
        for name in NAMES:
            expect(switch.get_by_text(name, exact=True)).to_be_visible()
        assert _overflow(page) <= 0
        screenshot(page, "language-switch-320-sv")

        switch.get_by_role("button", name="Norsk nynorsk").click()
        expect(page.locator("html")).to_have_attribute("lang", "nn")
        expect(page.get_by_role("link", name="Gløymt passordet?")).to_be_visible()
        page.get_by_role("navigation", name="Språk").get_by_role("button", name="Suomi").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu sisään")
        expect(page.locator("html")).to_have_attribute("lang", "fi")
        assert _overflow(page) <= 0
        screenshot(page, "language-switch-320-fi")
    finally:
        context.close()
