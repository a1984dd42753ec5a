"""The permit table on the facilitator's review and on the project home."""

from __future__ import annotations

from stedskaping.realisation.permits.queries import permit_table


def _panel(table) -> dict:
    from stedskaping.realisation.permits.forms import GRANTOR_LABELS, STATUS_LABELS

    return {"table": table, "statuses": STATUS_LABELS, "grantors": GRANTOR_LABELS,
            "cleared": all(lack is None for _m, _p, lack in table)}


def home_panel(project, given) -> dict:
    """For the team: the permit table, and the way to the realisation's pages (also
    before the first measure, so the team finds where to list them)."""
    return _panel(permit_table(project))


def review_panel(project, given) -> dict | None:
    """For the facilitator: the permit table, once the plan has measures."""
    table = permit_table(project)
    return _panel(table) if table else None
