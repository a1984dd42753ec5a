"""The meetings' sections on a project's public page and its home."""

from __future__ import annotations

from stedskaping.db import utcnow
from stedskaping.participation.meetings import queries


def public_panel(project, given) -> dict | None:
    """Coming meetings, and the minutes of those held."""
    meetings = queries.meetings_of(project)
    if not meetings:
        return None
    now = utcnow()
    return {"upcoming": [m for m in meetings if not m.is_cancelled and m.ends_dt > now],
            "held": [m for m in meetings if m.minutes_published_dt and not m.is_cancelled]}


def home_panel(project, given) -> dict | None:
    """For the team: the meetings with their numbers, and the way to plan one."""
    from stedskaping.participation.meetings.operations import is_held

    meetings, now = queries.meetings_of(project), utcnow()
    counts = queries.counts_for(meetings)
    return {"meetings": [(m, counts[m.id]) for m in meetings], "now": now,
            "held": sum(1 for m in meetings if is_held(m, now))}
