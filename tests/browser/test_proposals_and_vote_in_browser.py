"""A signed-in neighbour proposes something and votes on the concepts, in a real browser,
with screenshots; the team's and the facilitator's pages fit a phone (the participation
domain, part B)."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from stedskaping.db import unit_of_work, utcnow
from stedskaping.participation.moderation import operations as moderation
from stedskaping.participation.proposals import operations as proposals
from stedskaping.participation.vote import operations as vote_ops
from tests.fixtures import images
from tests.fixtures.browser import browser_login
from tests.fixtures.factories import add_member, make_facilitator, make_project, make_user

pytestmark = pytest.mark.browser
PNG = images.png()  # a real picture: uploads are decoded and written anew


@pytest.fixture
def world(app):
    """A project whose concept vote is open, its team member, the municipality's
    facilitator, a neighbour with an account, and a long proposal someone reported."""
    with app.app_context(), unit_of_work():
        project = make_project(title="Møteplass ved elva")
        member = add_member(project)
        vote = vote_ops.save_vote(project, member, "single", utcnow() - timedelta(hours=1),
                                  utcnow() + timedelta(days=7))
        for title, cost in (("Møteplassen", 180_000_00), ("Den grønne lomma", 140_000_00)):
            vote_ops.add_concept(project, vote, member, vote_ops.NewConcept(
                title, "Benker, bed og en liten scene.", cost, ("skisse.png", PNG)))
        vote_ops.publish(project, vote, member)
        long = proposals.propose(project, make_user(), proposals.NewProposal(
            "Et langt forslag om " + "benkene" * 20, "Tekst " * 200, "Ved " + "eika" * 30))
        reporter = make_user()
        moderation.report(moderation.find("proposal", long.id, reporter), long.id, reporter,
                          "other", "Dette er " + "merkelig" * 30)
        return {"project": project.id, "proposal": long.id,
                "neighbour": make_user(name="Nina Nabo", locale="nb").email,
                "member": member.email,
                "facilitator": make_facilitator(project.municipality).email}


def test_a_neighbour_proposes_and_votes(live_server, page, world, screenshot):
    project_id = world["project"]
    browser_login(page, live_server, world["neighbour"])
    page.goto(f"{live_server}/projects/{project_id}")
    page.get_by_role("link", name="Forslag fra nabolaget (1)").click()
    page.get_by_label("Tittel").fill("Benker i sola")
    page.get_by_label("Forslaget ditt").fill("Tre benker vendt mot kveldssola.")
    page.get_by_label("Hvor på stedet (valgfritt)").fill("Ved eika")
    page.get_by_role("button", name="Publiser forslaget").click()
    expect(page.get_by_role("status")).to_contain_text("Takk! Forslaget ditt er publisert.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Benker i sola")
    expect(page.get_by_text("Hvor: Ved eika")).to_be_visible()
    screenshot(page, "participation-proposal")

    page.goto(f"{live_server}/projects/{project_id}")
    page.get_by_role("link", name="Stem frem konseptet").click()
    expect(page.get_by_text("Resultatet er skjult til avstemningen stenger.")).to_be_visible()
    expect(page.get_by_role("img", name="Skisse av «Møteplassen»")).to_be_visible()
    page.get_by_role("button", name="Avgi stemmen min").click()  # nothing chosen yet
    expect(page.get_by_role("alert")).to_contain_text("Velg ett konsept.")
    page.get_by_label("Jeg stemmer på «Den grønne lomma»").check()
    screenshot(page, "participation-vote")
    page.get_by_role("button", name="Avgi stemmen min").click()
    expect(page.get_by_role("status")).to_contain_text("Takk! Stemmen din er talt med.")
    expect(page.get_by_text("Du har stemt. Takk!")).to_be_visible()
    expect(page.get_by_role("button", name="Avgi stemmen min")).to_have_count(0)
    page.set_viewport_size({"width": 320, "height": 800})
    screenshot(page, "participation-voted-narrow")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_the_teams_and_the_facilitators_pages_fit_a_phone(live_server, page, world,
                                                          screenshot):
    project_id, proposal_id = world["project"], world["proposal"]
    page.set_viewport_size({"width": 320, "height": 700})
    for who, paths in (("member", [f"/projects/{project_id}/vote/setup",
                                   f"/projects/{project_id}/proposals",
                                   f"/projects/{project_id}/proposals/{proposal_id}"]),
                       ("facilitator", ["/participation/moderation", "/supervision/"])):
        browser_login(page, live_server, world[who])
        for path in paths:
            page.goto(live_server + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{path} is {width} px wide at 320 px"
        screenshot(page, f"participation-narrow-{who}")
        menu = page.locator(".menu-toggle")  # on a phone the header's links fold into a menu
        if menu.is_visible():
            menu.click()
        page.get_by_role("button", name="Logg ut").click()
