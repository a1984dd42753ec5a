"""The municipality's forums on its admin page."""

from __future__ import annotations

from stedskaping.learning.forums import operations


def municipality_panel(municipality, given) -> dict | None:
    return {"forums": operations.forums(municipality.id)}
