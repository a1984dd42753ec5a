"""The organisations linked to a project, on its home (for its team)."""

from __future__ import annotations

from stedskaping.learning.organisations import operations
from stedskaping.learning.organisations.forms import KIND_LABELS


def home_panel(project, given) -> dict | None:
    found = operations.organisations_for(project)
    return {"organisations": found, "kinds": KIND_LABELS} if found else None
