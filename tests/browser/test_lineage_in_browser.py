"""A finished demo project's public page (what was built, no call for support), on a
desktop and a 320 px phone; a newcomer starts a project like it from its catalogue
entry and finds the lineage on the new project; the admin's outcomes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from stedskaping import demo
from stedskaping.db import db
from stedskaping.learning.catalogue.models import CatalogueEntry
from stedskaping.learning.lineage.demo import COPY_TITLE, ORIGIN_TITLE
from stedskaping.projects.models import Project
from tests.fixtures.browser import browser_login

pytestmark = pytest.mark.browser


def _fits(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide at {width} px"


def _origin(app):
    with app.app_context():
        project = db.session.scalar(sa.select(Project).where(Project.title == ORIGIN_TITLE))
        entry = db.session.scalar(sa.select(CatalogueEntry.id).where(
            CatalogueEntry.project_id == project.id))
        return project.id, entry


@pytest.mark.parametrize("width", [1200, 320])
def test_the_finished_page(app, live_server, page, demo_data, screenshot, width):
    project_id, _entry = _origin(app)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server}/projects/{project_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(ORIGIN_TITLE)
    expect(page.get_by_role("heading", name="Det som ble bygget")).to_be_visible()
    expect(page.get_by_role("heading", name="Hvem som var med")).to_be_visible()
    expect(page.get_by_role("heading", name="Tiltakene og hvem som drifter dem")).to_be_visible()
    expect(page.get_by_role("link", name=COPY_TITLE)).to_be_visible()
    expect(page.get_by_role("link", name="Støtt prosjektet")).to_have_count(0)
    expect(page.get_by_role("link", name="Bli støttespiller")).to_have_count(0)
    if width == 320:
        _fits(page, 320)
    screenshot(page, f"lineage-finished-page-{width}")


def test_start_a_project_like_this(app, live_server, page, demo_data, screenshot):
    _project_id, entry = _origin(app)
    browser_login(page, live_server, "backer@demo.stedskaping.no", demo.PASSWORD)
    page.goto(f"{live_server}/catalogue/{entry}")
    expect(page.get_by_role("heading", name="Prosjekter startet på samme måte")).to_be_visible()
    page.get_by_role("link", name="Start et prosjekt som dette").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(ORIGIN_TITLE)
    page.get_by_role("button", name="Opprett prosjektet").click()  # empty: field errors
    # The error summary and the field both say it.
    expect(page.get_by_text("Gi prosjektet et navn.")).to_have_count(2)
    page.get_by_label("Prosjektnavn").fill("Sittetrapp ved Nydalen")
    page.get_by_label("Sted").fill("Nydalen")
    page.get_by_label("Startdato").fill((date.today() + timedelta(days=10)).isoformat())
    screenshot(page, "lineage-start-form")
    page.get_by_role("button", name="Opprett prosjektet").click()
    expect(page.get_by_text(f"Startet etter {ORIGIN_TITLE}")).to_be_visible()
    expect(page.get_by_role("link", name=ORIGIN_TITLE)).to_be_visible()
    screenshot(page, "lineage-copy-home")
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(f"{live_server}/catalogue/{entry}")
    expect(page.get_by_role("link", name="Sittetrapp ved Nydalen")).to_be_visible()
    _fits(page, 320)
    screenshot(page, "lineage-entry-copies-320")


def test_the_admins_outcomes(live_server, page, demo_data, screenshot):
    browser_login(page, live_server, "admin@demo.stedskaping.no", demo.PASSWORD)
    page.goto(f"{live_server}/supervision/overview")
    page.get_by_role("link", name="Resultater på tvers av kommuner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Resultater på tvers av kommuner")
    expect(page.get_by_role("columnheader", name="Andel egeninnsats")).to_be_visible()
    screenshot(page, "lineage-outcomes")
