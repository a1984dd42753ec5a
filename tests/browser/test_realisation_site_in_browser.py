"""The demo project in its camp week, in a 320 px phone: the team's permit table and the
public daily log fit the screen (screenshots in test-artifacts/)."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from stedskaping import demo
from stedskaping.db import db
from stedskaping.projects.models import Project
from tests.fixtures.browser import browser_login

pytestmark = pytest.mark.browser


@pytest.fixture
def camp_project(app, demo_data):
    with app.app_context():
        return db.session.scalar(sa.select(Project.id).where(
            Project.title == demo.CAMP_WEEK_TITLE))


def _fits(tab, path: str) -> None:
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{path} is {width} px wide at 320 px"


def test_the_permit_table_and_the_daily_log_on_a_phone(live_server, page, screenshot,
                                                       camp_project):
    page.set_viewport_size({"width": 320, "height": 700})
    browser_login(page, live_server, "initiator@demo.stedskaping.no", demo.PASSWORD)
    page.goto(f"{live_server}/projects/{camp_project}/measures")
    expect(page.get_by_role("heading", name="Tiltak og tillatelser", exact=True)).to_be_visible()
    table = page.locator("table.permit-table")
    expect(table).to_contain_text("Innvilget med vilkår")
    expect(table).to_contain_text("Trappa skal ikke stenge gangveien")
    expect(table).to_contain_text("går ut")
    _fits(page, "measures")
    screenshot(page, "realisation-permits-320")

    page.goto(f"{live_server}/projects/{camp_project}/materials")
    expect(page.get_by_text("Skruer, rustfrie")).to_be_visible()
    expect(page.locator("table")).to_contain_text("Mangler")
    _fits(page, "materials")
    screenshot(page, "realisation-materials-320")

    for path in ("log", "handover"):
        page.goto(f"{live_server}/projects/{camp_project}/{path}")
        _fits(page, path)
    page.get_by_role("link", name="Sittetrapp i tre").click()
    expect(page.get_by_role("heading", name="Fjellgata velforening")).to_be_visible()
    _fits(page, "keeper")
    screenshot(page, "realisation-keeper-320")

    visitor = page.context.browser.new_context(locale="nb-NO",
                                               viewport={"width": 320, "height": 700})
    public = visitor.new_page()
    try:
        public.goto(f"{live_server}/projects/{camp_project}")
        log = public.locator("section[aria-labelledby=log-heading]")
        expect(log.get_by_role("heading", name="Leiren, dag for dag")).to_be_visible()
        expect(log).to_contain_text("Første dag: tjue naboer møtte opp")
        expect(log.locator("figcaption")).to_have_text("Sittetrappa tar form")
        # The photo loads lazily: when the reader scrolls to it (the log is far down).
        log.locator("figcaption").scroll_into_view_if_needed()
        photo = log.get_by_role("img", name="Bilde fra leiren")
        photo.scroll_into_view_if_needed()  # lazy: loaded when it comes into view
        expect(photo).to_be_visible()
        assert photo.evaluate("img => img.naturalWidth") > 0  # the photo loads
        _fits(public, "public page")
        log.scroll_into_view_if_needed()
        screenshot(public, "realisation-daily-log-320")
    finally:
        visitor.close()
