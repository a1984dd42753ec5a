"""A newcomer finds a good practice in the demo's catalogue, filters, opens an entry, on
a desktop and a 320 px phone; the team's evaluation page and a supporter's survey."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from stedskaping import demo
from stedskaping.db import db
from stedskaping.learning.evaluation import operations
from stedskaping.learning.evaluation.models import EvaluationRound
from stedskaping.participation.supporters.models import Supporter
from stedskaping.projects.models import Project
from tests.fixtures.browser import browser_login

pytestmark = pytest.mark.browser

TITLE = "Pallekarmer i Kirkebakken"


def _fits(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide at {width} px"


def test_a_newcomer_finds_a_good_practice(live_server, page, demo_data, screenshot):
    page.goto(f"{live_server}/projects")
    page.get_by_role("link", name="Finn god praksis i katalogen over fullførte prosjekter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Katalog over god praksis")
    expect(page.get_by_role("heading", name="2 gode praksiser")).to_be_visible()
    screenshot(page, "learning-catalogue")
    # A result is a card like the projects': its words keep clear of its border.
    padding = page.locator("ul.catalogue > li").first.evaluate(
        "e => parseFloat(getComputedStyle(e).paddingLeft)")
    assert padding >= 12, f"a catalogue card's text touches its border ({padding} px)"
    page.get_by_label("Tema").select_option(label="Grøntområder og dyrking")
    page.get_by_role("button", name="Søk").click()
    expect(page.get_by_role("heading", name="1 god praksis")).to_be_visible()
    page.get_by_label("Søk", exact=True).fill("sittetrapp")
    page.get_by_role("button", name="Søk").click()
    expect(page.get_by_text("Ingen god praksis passer til søket.")).to_be_visible()
    page.goto(f"{live_server}/catalogue?q=pallekarmer")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("heading", name="Grundig dokumentasjon")).to_be_visible()
    expect(page.get_by_text("Ved avslutning")).to_be_visible()
    expect(page.get_by_text("To andre borettslag har spurt om tegningene.")).to_be_visible()
    screenshot(page, "learning-entry")


@pytest.mark.parametrize("path", ["/catalogue", "/catalogue?q=pallekarmer&season=summer"])
def test_the_catalogue_fits_a_phone(live_server, page, demo_data, screenshot, path):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(live_server + path)
    _fits(page, 320)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    _fits(page, 320)
    screenshot(page, "learning-entry-320" if "q=" in path else "learning-catalogue-320")
    page.goto(live_server + path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    screenshot(page, "learning-catalogue-320" if "q=" not in path else "learning-search-320")


def test_the_team_sees_the_results_and_a_supporter_answers(app, live_server, page, demo_data,
                                                            screenshot):
    with app.app_context():
        project = db.session.scalar(sa.select(Project).where(Project.title == TITLE))
        round_ = db.session.scalar(sa.select(EvaluationRound).where(
            EvaluationRound.project_id == project.id, EvaluationRound.position == 0))
        supporter = db.session.scalars(sa.select(Supporter).where(
            Supporter.project_id == project.id).order_by(Supporter.id.desc())).first()
        token, project_id = operations.survey_token(round_.id, supporter), project.id
    browser_login(page, live_server, "initiator@demo.stedskaping.no", demo.PASSWORD)
    page.goto(f"{live_server}/projects/{project_id}/evaluation")
    expect(page.get_by_role("heading", name="Ved avslutning")).to_be_visible()
    expect(page.get_by_text("En eldre nabo som bodde alene")).to_be_visible()
    screenshot(page, "learning-evaluation")
    page.set_viewport_size({"width": 320, "height": 700})
    _fits(page, 320)
    page.goto(f"{live_server}/evaluation/survey/{token}")
    page.get_by_role("button", name="Send svarene").click()
    expect(page.locator("#uses-error")).to_be_visible()
    page.get_by_label("Ja", exact=True).check()
    page.get_by_label("5", exact=True).check()
    page.get_by_label("Fortell mer (valgfritt)").fill("Barna mine elsker det.")
    _fits(page, 320)
    screenshot(page, "learning-survey-320")
    page.get_by_role("button", name="Send svarene").click()
    expect(page.get_by_role("status")).to_contain_text("Takk for svarene dine.")


def test_a_facilitator_assesses_and_publishes(app, live_server, page, demo_data, screenshot):
    with app.app_context():
        project_id = db.session.scalar(sa.select(Project.id).where(
            Project.title == "Gapahuk på Løkka"))
    browser_login(page, live_server, "facilitator@demo.stedskaping.no", demo.PASSWORD)
    page.goto(f"{live_server}/projects/{project_id}/catalogue")
    expect(page.get_by_text("Nominert, venter på vurdering")).to_be_visible()
    page.get_by_role("button", name="Lagre vurderingen").click()
    expect(page.locator(".error-summary")).to_be_visible()
    screenshot(page, "learning-assessment-errors")
    for n, fieldset in enumerate(page.locator("fieldset:has(input[type=radio])").all()):
        fieldset.get_by_label("Oppfylt", exact=True).check()
        page.locator("textarea").nth(n).fill("Ja: se evalueringene.")
    page.get_by_label("Sosial").check()
    page.get_by_label("Økologisk").check()
    page.get_by_role("button", name="Lagre vurderingen").click()
    expect(page.get_by_text("5 av 5 kjennetegn oppfylt")).to_be_visible()
    page.get_by_role("button", name="Publiser i katalogen").click()
    expect(page.get_by_role("status")).to_contain_text("Oppføringen er publisert i katalogen.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gapahuk på Løkka")
    screenshot(page, "learning-published")
    page.goto(f"{live_server}/catalogue")
    expect(page.get_by_role("heading", name="3 gode praksiser")).to_be_visible()
