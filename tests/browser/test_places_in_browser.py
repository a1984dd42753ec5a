"""The public list's map in a real browser: with no tile server the server's outline and
the list of places; with one (here the app itself serves the "tiles") Leaflet draws the
points; the forum page; on a desktop and a 320 px phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _fits(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide at {width} px"


@pytest.mark.parametrize("width", [1200, 320])
def test_the_map_falls_back_to_the_outline_and_the_list(live_server, page, demo_data,
                                                         screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server}/projects/")
    figure = page.locator("figure.project-map")
    expect(figure.get_by_text("Kart over prosjektene på denne siden")).to_be_visible()
    expect(figure.locator("svg.map-outline circle").first).to_be_visible()
    expect(figure.locator("ol.map-places li").first).to_be_visible()
    assert figure.locator("svg.map-outline circle").count() == \
        figure.locator("ol.map-places li").count() >= 5
    expect(page.locator("#project-map")).to_have_count(0)
    _fits(page, width)
    screenshot(page, f"places-map-outline-{width}")


def test_with_a_tile_server_leaflet_draws_the_points(live_server, page, demo_data, app,
                                                     screenshot):
    # Same origin, so the CSP's img-src 'self' lets the "tiles" in; no network needed.
    app.config["MAP_TILE_URL"] = (live_server + "/static/vendor/leaflet/images/layers.png"
                                  "?z={z}&x={x}&y={y}")
    app.config["MAP_TILE_ATTRIBUTION"] = "Test tiles"
    try:
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{live_server}/projects/")
        expect(page.locator("#project-map.is-live")).to_be_visible()
        expect(page.locator("#project-map .leaflet-marker-icon").first).to_be_visible()
        expect(page.locator("svg.map-outline")).to_be_hidden()
        expect(page.locator("ol.map-places li").first).to_be_visible()  # the list stays
        assert page.locator("#project-map .leaflet-marker-icon").count() >= 5
        assert errors == []
        screenshot(page, "places-map-leaflet")
        page.set_viewport_size({"width": 320, "height": 800})
        _fits(page, 320)
        screenshot(page, "places-map-leaflet-320")
    finally:
        app.config["MAP_TILE_URL"] = ""
        app.config["MAP_TILE_ATTRIBUTION"] = ""


@pytest.mark.parametrize("width", [1200, 320])
def test_the_forum_page(live_server, page, demo_data, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server}/projects/")
    page.get_by_role("link", name="Forum og åpne dører").click()
    page.get_by_role("link", name="Utviklingsforum for Sentrum").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Utviklingsforum for Sentrum")
    expect(page.get_by_text("Hver torsdag, 16:00–19:00")).to_be_visible()
    expect(page.get_by_role("heading", name="Forum: vinteren")).to_be_visible()
    expect(page.get_by_text("de deler verktøycontainer")).to_be_visible()
    _fits(page, width)
    screenshot(page, f"places-forum-{width}")
