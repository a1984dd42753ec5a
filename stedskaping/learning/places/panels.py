"""The place on a project's home and the nearby initiatives and partners on its page."""

from __future__ import annotations

from flask_babel import get_locale

from stedskaping.learning.places import operations, queries
from stedskaping.projects.process import workflow_for


def stage_titles(project) -> dict:
    lang = str(get_locale())
    return {s.key: s.title.get(lang) for s in workflow_for(project).workflow.stages}


def home_panel(project, given) -> dict | None:
    """The place, its area, and the link to edit them."""
    place = operations.place_of(project)
    return {"area": place.area if place else None}


def public_panel(project, given) -> dict | None:
    """Nearby initiatives (with why) and partners; nothing when there are neither."""
    near = queries.nearby(project, stage_titles(project))
    partners = queries.partners_of(project)
    if not near and not partners:
        return None
    return {"nearby": near, "partners": partners}


def municipality_panel(municipality, given) -> dict | None:
    """The municipality's areas and the link to manage them."""
    return {"areas": operations.areas_of(municipality.id)}
