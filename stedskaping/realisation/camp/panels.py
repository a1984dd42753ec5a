"""The camp's sections on a project's public page and its home."""

from __future__ import annotations

from stedskaping.realisation.camp.days import camp_days
from stedskaping.realisation.camp.queries import activities_of


def public_panel(project, given) -> dict | None:
    """The camp days and how many activities each has, once there is a programme."""
    activities = activities_of(project.id)
    if not activities:
        return None
    days = camp_days(project)
    counts = [sum(1 for a in activities if a.day_number == n + 1) for n in range(len(days))]
    return {"days": list(zip(days, counts, strict=True))}


def home_panel(project, given) -> dict | None:
    """For the team: the way to the camp plan, the check-in and the ledger."""
    if not camp_days(project):
        return None
    return {"activities": len(activities_of(project.id))}
