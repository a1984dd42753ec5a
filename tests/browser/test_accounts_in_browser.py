import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "solsikke-på-taket-i-juni"


def test_register_confirm_log_in_and_switch_language(live_server, page, screenshot, mailbox):
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
    expect(page.get_by_role("heading", level=1)).to_have_text("Sjekk e-posten din")
    expect(page.get_by_role("status")).to_contain_text("Vi har sendt en lenke til kari@example.no")

    page.goto(live_server + mailbox.link("confirm_email", "kari@example.no"))
    page.get_by_role("button", name="Bekreft kari@example.no").click()
    expect(page.get_by_role("status")).to_contain_text("Velkommen, Kari Nordmann!")

    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("status")).to_contain_text("Du er logget ut.")

    page.get_by_role("link", name="Logg inn").first.click()
    page.get_by_label("E-postadresse").fill("kari@example.no")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_text("Du er logget inn som Kari Nordmann.")).to_be_visible()

    page.get_by_role("link", name="Min konto").click()
    page.get_by_role("navigation", name="Språk").get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")  # the same page
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("select#profile-locale")).to_have_value("en")  # saved in the profile
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


def test_language_switch_by_keyboard_on_a_narrow_phone(browser, live_server, screenshot):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="nb-NO",
                                  java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/projects/")
    switch = page.get_by_role("navigation", name="Språk").get_by_role("button", name="English")
    expect(switch).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    switch.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Projects")
    expect(page).to_have_url(live_server + "/projects/")
    screenshot(page, "language-switch-320")
    context.close()
