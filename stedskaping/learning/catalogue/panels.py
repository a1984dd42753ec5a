"""The catalogue's sections on a completed project's home and its public page."""

from __future__ import annotations

from stedskaping.learning.catalogue import operations
from stedskaping.learning.catalogue.models import EntryStatus


def home_panel(project, given) -> dict | None:
    """Nominate the completed project, or follow its entry."""
    if not operations.is_completed(project):
        return None
    return {"entry": operations.entry_of(project)}


def public_panel(project, given) -> dict | None:
    entry = operations.entry_of(project)
    if entry is None or entry.status != EntryStatus.PUBLISHED:
        return None
    return {"entry": entry}
