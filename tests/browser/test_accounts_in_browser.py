import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "solsikke-på-taket-i-juni"


def test_register_log_in_and_switch_language(live_server, page, screenshot):
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Skap stedet deres sammen")

    page.get_by_role("link", name="Registrer deg").click()
    page.get_by_label("Navn").fill("Kari Nordmann")
    page.get_by_label("E-postadresse").fill("kari@example.no")
    page.get_by_label("Passord").fill("kort")
    page.get_by_role("button", name="Opprett konto").click()
    expect(page.locator("#password-error")).to_contain_text("Bruk minst 12 tegn.")
    screenshot(page, "register-error-nb")

    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Opprett konto").click()
    expect(page.get_by_role("status")).to_contain_text("Velkommen, Kari Nordmann!")

    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("status")).to_contain_text("Du er logget ut.")

    page.get_by_role("link", name="Logg inn").first.click()
    page.get_by_label("E-postadresse").fill("kari@example.no")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_text("Du er logget inn som Kari Nordmann.")).to_be_visible()

    page.get_by_role("navigation", name="Språk").get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Build your place together")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="My account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    screenshot(page, "account-en")


def test_keyboard_user_can_skip_to_content_and_sees_focus(live_server, page):
    page.goto(live_server + "/login")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Gå til innholdet")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("E-postadresse")).to_be_focused()
    outline = page.get_by_label("E-postadresse").evaluate(
        "el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"


def test_phone_layout_fits_the_screen(browser, live_server, screenshot):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="nb-NO",
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(live_server + "/register")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    screenshot(page, "register-phone")
    context.close()
