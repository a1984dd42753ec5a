"""The permit table on the facilitator's review and on the project home."""

from __future__ import annotations

from stedskaping.realisation.permits.queries import permit_table


def permit_panel(project, given) -> dict | None:
    table = permit_table(project)
    if not table:
        return None
    from stedskaping.realisation.permits.forms import GRANTOR_LABELS, STATUS_LABELS

    return {"table": table, "statuses": STATUS_LABELS, "grantors": GRANTOR_LABELS,
            "cleared": all(lack is None for _m, _p, lack in table)}
