"""Organisations: companies, associations and landowners register interest in developing
the area; the facilitators invite them to forums and link them to projects. See
docs/learning.md "Organisations"."""

from __future__ import annotations


def register(registry) -> None:
    from stedskaping.learning.organisations import panels, views  # noqa: F401

    registry.panel("home", "learning/organisations/_home_panel.html", panels.home_panel)
