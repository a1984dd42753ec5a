"""The public catalogue: search, filters and pages; an entry and its photo."""

from __future__ import annotations

from flask import abort, render_template, request

from stedskaping.access import require
from stedskaping.fields import options
from stedskaping.learning.blueprint import bp
from stedskaping.learning.catalogue import forms, hallmarks, queries
from stedskaping.learning.evaluation import queries as evaluation
from stedskaping.learning.lineage import operations as lineage
from stedskaping.participation import pictures


def _filter_form() -> forms.CatalogueFilterForm:
    form = forms.CatalogueFilterForm(request.args)
    from flask_babel import gettext as _

    everything = [("", _("All"))]
    form.theme.choices = options(everything + list(hallmarks.THEMES))
    form.municipality.choices = options(everything + [
        (str(m.id), m.name) for m in queries.municipalities_in_catalogue()])
    form.cost.choices = options(everything + hallmarks.cost_choices())
    form.group.choices = options(everything + hallmarks.group_choices())
    form.season.choices = options(everything + list(hallmarks.SEASONS))
    form.dimension.choices = options(everything + list(hallmarks.DIMENSIONS))
    return form


def _filters(form) -> queries.Filters:
    """What the form asks for; a value not among the choices is left out (a hand-made
    address filters nothing rather than failing)."""
    def chosen(f):
        return f.data if f.data and f.data in {c.value for c in f.choices} else ""

    municipality = chosen(form.municipality)
    return queries.Filters(
        text=(form.q.data or "")[:100] if not form.q.errors else "",
        theme=chosen(form.theme), municipality=int(municipality) if municipality else None,
        cost=chosen(form.cost), group=chosen(form.group), season=chosen(form.season),
        dimension=chosen(form.dimension),
        hallmarks=tuple(k for k in (form.hallmark.data or ()) if k in hallmarks.HALLMARK_KEYS))


@bp.get("/catalogue")
def catalogue():
    form = _filter_form()
    form.validate()
    number = request.args.get("page", 1, type=int) or 1
    page = queries.search(_filters(form), min(max(number, 1), 10_000))
    args = {k: v for k, v in request.args.items(multi=True) if k != "page"}
    return render_template("learning/catalogue/list.html", form=form, page=page,
                           args=args, themes=dict(hallmarks.THEMES))


@bp.get("/catalogue/<int:entry_id>")
def show_entry(entry_id: int):
    entry = queries.entry(entry_id) or abort(404)
    require("catalogue.view_entry", entry)
    rounds = evaluation.rounds_of(entry.project)
    return render_template(
        "learning/catalogue/show.html", entry=entry, project=entry.project,
        hallmarks=[(key, label, next((h for h in entry.hallmarks if h.hallmark == key), None))
                   for key, label, _help in hallmarks.HALLMARKS],
        themes=dict(hallmarks.THEMES), seasons=dict(hallmarks.SEASONS),
        dimensions=[dict(hallmarks.DIMENSIONS)[k] for k in entry.dimension_keys
                    if k in dict(hallmarks.DIMENSIONS)],
        rounds=[(r, evaluation.results(r)) for r in rounds],
        copies=lineage.copies_of(entry.project), proven=lineage.is_proven(entry.project),
        panel=None)


@bp.get("/catalogue/<int:entry_id>/photo")
def entry_photo(entry_id: int):
    entry = queries.entry(entry_id) or abort(404)
    require("catalogue.view_entry", entry)
    return pictures.image_response(entry.project_id, entry.photo_stored) or abort(404)
