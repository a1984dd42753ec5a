"""The main pages of a project fit a 320 px phone: nothing scrolls sideways (wide
tables scroll inside their own region)."""

import pytest
import sqlalchemy as sa

from stedskaping import demo
from stedskaping.db import db, unit_of_work
from stedskaping.projects.models import Project

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_data(app):
    with app.app_context(), unit_of_work():
        demo.seed()
    with app.app_context():
        return db.session.scalar(sa.select(Project.id).where(
            Project.title == "Nærmiljøpark i Fjellgata"))


def _login(page, live_server, email):
    page.goto(live_server + "/login")
    page.get_by_label("E-postadresse").fill(email)
    page.get_by_label("Passord").fill(demo.PASSWORD)
    page.get_by_role("button", name="Logg inn").click()


@pytest.mark.parametrize(("email", "paths"), [
    ("initiator@demo.stedskaping.no", ["/projects/{id}/home", "/projects/{id}/campaign",
                                       "/projects/{id}", "/pledges/"]),
    ("facilitator@demo.stedskaping.no", ["/supervision/projects/{id}",
                                         "/projects/{id}/campaign/close", "/supervision/"]),
    ("admin@demo.stedskaping.no", ["/admin/municipalities/demo"]),
])
def test_pages_fit_a_phone(live_server, page, demo_data, screenshot, email, paths):
    page.set_viewport_size({"width": 320, "height": 700})
    _login(page, live_server, email)
    for path in paths:
        url = live_server + path.format(id=demo_data)
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width} px wide at 320 px"
    screenshot(page, "narrow-" + email.split("@")[0])
