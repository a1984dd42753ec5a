"""Places: a project's point and area, the map of the public list (Leaflet when a tile
server is configured, else the server's outline and the list), nearby initiatives and
partner links. See docs/learning.md "Places and nearby initiatives"."""

from __future__ import annotations


def register(registry) -> None:
    from stedskaping.learning.places import panels, rules, views  # noqa: F401

    registry.panel("home", "learning/places/_home_panel.html", panels.home_panel)
    registry.panel("public", "learning/places/_public_panel.html", panels.public_panel)
    registry.panel("municipality", "learning/places/_municipality_areas.html",
                   panels.municipality_panel)
