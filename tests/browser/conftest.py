"""A real headless Chromium (Debian's package), driven by Playwright."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from stedskaping import demo
from stedskaping.db import db, unit_of_work
from stedskaping.projects.models import Project

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# The demo project with a live campaign.
DEMO_CAMPAIGN_TITLE = "Nærmiljøpark i Fjellgata"
# Without these, Chromium keeps trying to reach Google's hosts, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nb-NO", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    take.folder = ARTIFACTS
    return take


@pytest.fixture
def demo_data(app):
    """The demo data (``flask seed demo``), committed; the id of the demo project with a
    live campaign. The demo accounts sign in with ``demo.PASSWORD``."""
    with app.app_context(), unit_of_work():
        demo.seed()
    with app.app_context():
        return db.session.scalar(sa.select(Project.id).where(
            Project.title == DEMO_CAMPAIGN_TITLE))
