"""Accessibility in a real browser, beyond what axe-core can see: a keyboard-only
journey with a visible focus ring, the error summary taking the focus, the pledge form's
large radio buttons revealing their fields, the header's menu on a phone, and the main
pages at 320 px (screenshots in test-artifacts/)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from stedskaping import demo
from tests.fixtures.browser import browser_login

pytestmark = pytest.mark.browser

INITIATOR = "initiator@demo.stedskaping.no"

# The focused element and whether a focus ring shows on it (an outline or a shadow).
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
               || style.boxShadow !== "none";
  return {tag: el.tagName.toLowerCase(), type: el.type || "", href: el.getAttribute("href"),
          text: (el.innerText || el.value || "").trim(), name: el.name || "", ring};
}"""


def tab_to(page, wanted, limit: int = 120) -> dict:
    """Press Tab until ``wanted(focused)`` holds; every element on the way shows a ring."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["ring"], f"no visible focus ring on {focused}"
        if wanted(focused):
            return focused
    raise AssertionError("the keyboard never reached the element")


def test_a_keyboard_only_journey(live_server, page, demo_data, screenshot):
    """Log in, open a project, fill in a task and save it: Tab, typing, Enter and Space."""
    page.goto(live_server + "/login")
    tab_to(page, lambda f: f["type"] == "email")
    page.keyboard.type(INITIATOR)
    tab_to(page, lambda f: f["type"] == "password")
    page.keyboard.type(demo.PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()

    tab_to(page, lambda f: f["text"] == "Mine prosjekter")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine prosjekter")
    tab_to(page, lambda f: f["text"] == "Scene i skolegården")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/projects/\d+/home$"))
    tab_to(page, lambda f: "/tasks/" in (f["href"] or ""))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/tasks/"))

    tab_to(page, lambda f: f["tag"] == "textarea" or f["type"] == "text")
    page.keyboard.type("Skolens FAU og elevrådet står bak.")
    tab_to(page, lambda f: f["name"] == "action" and f["text"] == "Lagre utkast")
    screenshot(page, "keyboard-journey-task")
    page.keyboard.press("Space")
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.locator("form textarea, form input[type=text]").first).to_have_value(
        "Skolens FAU og elevrådet står bak.")


def test_a_refused_form_focuses_its_error_summary(live_server, page, demo_data):
    browser_login(page, live_server, "backer@demo.stedskaping.no", demo.PASSWORD)
    page.goto(f"{live_server}/projects/{demo_data}/campaign")
    page.get_by_role("button", name="Gi bidrag").click()  # nothing chosen

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Feil: "))
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Penger, betalt med bankoverføring eller faktura")).to_be_focused()

    page.goto(f"{live_server}/projects/{demo_data}/campaign?lang=en")
    page.get_by_role("button", name="Pledge").click()
    expect(page).to_have_title(re.compile(r"^Error: "))


def test_the_pledge_form_reveals_the_fields_of_the_chosen_kind(live_server, page, demo_data,
                                                              screenshot):
    browser_login(page, live_server, "backer@demo.stedskaping.no", demo.PASSWORD)
    page.goto(f"{live_server}/projects/{demo_data}/campaign")
    amount = page.get_by_label("Beløp eller verdi (kr)")
    hours = page.get_by_label("Timer", exact=True)
    description = page.get_by_label("Hva du tilbyr (materialer, verktøy)")
    for field in (amount, hours, description):
        expect(field).to_be_hidden()  # nothing chosen yet

    materials = page.get_by_label("Materialer eller verktøy")
    box = materials.bounding_box()
    assert box["width"] >= 40 and box["height"] >= 40, box  # GOV.UK's size
    materials.check()
    expect(amount).to_be_visible()
    expect(description).to_be_visible()
    expect(hours).to_be_hidden()
    page.get_by_label("Dugnadstimer").check()
    expect(hours).to_be_visible()
    expect(amount).to_be_hidden()
    screenshot(page, "pledge-form-hours")


def test_without_javascript_the_pledge_form_shows_every_field(browser, live_server, demo_data):
    context = browser.new_context(java_script_enabled=False, locale="nb-NO")
    page = context.new_page()
    try:
        browser_login(page, live_server, "backer@demo.stedskaping.no", demo.PASSWORD)
        page.goto(f"{live_server}/projects/{demo_data}/campaign")
        for label in ("Beløp eller verdi (kr)", "Timer", "Hva du tilbyr (materialer, verktøy)"):
            expect(page.get_by_label(label, exact=True)).to_be_visible()
        # and the header's links are in view, with no menu button
        expect(page.get_by_role("button", name="Meny")).to_have_count(0)
        expect(page.get_by_role("link", name="Mine bidrag")).to_be_visible()
    finally:
        context.close()


def test_the_header_folds_into_a_menu_on_a_phone(live_server, page, demo_data, screenshot):
    page.set_viewport_size({"width": 320, "height": 640})
    browser_login(page, live_server, INITIATOR, demo.PASSWORD)
    menu = page.get_by_role("button", name="Meny")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name="Mine bidrag")).to_be_hidden()
    screenshot(page, "320-header-closed")
    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="Mine bidrag")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(page, "320-header-open")
    page.set_viewport_size({"width": 1200, "height": 800})
    expect(menu).to_be_hidden()
    expect(page.get_by_role("link", name="Mine bidrag")).to_be_visible()


# The main pages, by who sees them; each at 320 px, without sideways scrolling.
MAIN_PAGES = {
    None: ["/", "/projects/", "/login", "/register", "/accessibility", "/workflows/",
           "/projects/{id}"],
    INITIATOR: ["/projects/mine", "/projects/{id}/home", "/projects/{id}/campaign",
                "/projects/{id}/team", "/projects/new", "/pledges/", "/account",
                "/notifications/"],
    "facilitator@demo.stedskaping.no": ["/supervision/", "/supervision/reviews",
                                        "/supervision/projects/{id}"],
    "admin@demo.stedskaping.no": ["/supervision/overview", "/admin/municipalities/",
                                  "/admin/municipalities/demo"],
}


def test_main_pages_at_320_px(browser, live_server, demo_data, screenshot):
    wide = []
    for email, paths in MAIN_PAGES.items():
        context = browser.new_context(locale="nb-NO", viewport={"width": 320, "height": 640})
        page = context.new_page()
        try:
            if email:
                browser_login(page, live_server, email, demo.PASSWORD)
            for path in paths:
                page.goto(live_server + path.format(id=demo_data))
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > 320:
                    wide.append(f"{path} is {width} px wide")
                name = re.sub(r"[^a-z0-9]+", "-", path.format(id="p")).strip("-") or "front"
                screenshot(page, f"320-{name}")
        finally:
            context.close()
    assert not wide, wide
