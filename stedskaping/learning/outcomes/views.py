"""The admin's comparison of outcomes across municipalities, and its CSV."""

from __future__ import annotations

from datetime import date

from flask import render_template
from flask_babel import gettext as _

from stedskaping import formats
from stedskaping.access import require
from stedskaping.csvfile import csv_text
from stedskaping.learning.blueprint import bp
from stedskaping.learning.outcomes import queries


def _number(value) -> str:
    return "–" if value is None else formats.number(value, "#,##0.#")


def columns() -> list[tuple[str, object]]:
    """(heading, the row's text) of each column, for the page and the CSV alike."""
    return [
        (_("Municipality"), lambda o: o.municipality.name),
        (_("Projects"), lambda o: str(o.projects)),
        (_("Share completed"), lambda o: formats.percent(o.completed_share)),
        (_("Median days from idea to camp"), lambda o: _number(o.median_idea_to_camp)),
        (_("Median slip (days)"), lambda o: _number(o.median_slip)),
        (_("Measures in use after 12 months"), lambda o: formats.percent(o.in_use_share)),
        (_("Hours per project"), lambda o: _number(o.hours_per_project)),
        (_("Own-effort share"), lambda o: formats.percent(o.own_share)),
    ]


@bp.get("/supervision/outcomes")
def outcomes():
    require("admin.view")
    found, cols = queries.outcomes(), columns()
    return render_template("learning/outcomes/show.html", headings=[h for h, _f in cols],
                           rows=[[f(o) for _h, f in cols] for o in found])


@bp.get("/supervision/outcomes.csv")
def outcomes_csv():
    require("admin.view")
    cols = columns()
    body = csv_text([h for h, _f in cols], ([f(o) for _h, f in cols]
                                            for o in queries.outcomes()))
    return body, 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="outcomes-{date.today()}.csv"'}
