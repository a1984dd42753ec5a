"""The daily log: a note with photos for each camp day, shown on the public page."""

from __future__ import annotations


def register(registry) -> None:
    from stedskaping.realisation.log import models, operations, views  # noqa: F401

    registry.panel("public", "realisation/_log_panel.html", _public_panel)


def _public_panel(project, given) -> dict | None:
    """The log as the week goes, newest day first; nothing before the first note."""
    from stedskaping.realisation.log.operations import entries_of

    entries = entries_of(project.id)
    return {"entries": entries} if entries else None
