"""A municipality's programmes: a section of its admin page, and the form that adds one."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from stedskaping.access import require
from stedskaping.db import db
from stedskaping.domain import show_on_form
from stedskaping.fields import options
from stedskaping.municipalities.models import Programme
from stedskaping.municipalities.views import load_or_404, render_page
from stedskaping.projects.operations import ProjectError
from stedskaping.projects.process import workflows
from stedskaping.supervision.forms import ProgrammeForm
from stedskaping.supervision.operations import create_programme

# The municipality's admin pages live under /admin/municipalities (municipalities' blueprint).
bp = Blueprint("programmes", __name__, url_prefix="/admin/municipalities")


def programme_form(formdata=None) -> ProgrammeForm:
    form = ProgrammeForm(formdata=formdata) if formdata is not None else ProgrammeForm(
        formdata=None)
    form.workflow.choices = options([(c.workflow.key, c.workflow.title.get(str(get_locale())))
                                     for c in workflows().latest()])
    return form


def municipality_panel(municipality, given) -> dict:
    """The programmes section of the municipality's admin page."""
    programmes = db.session.scalars(sa.select(Programme).where(
        Programme.municipality_id == municipality.id).order_by(Programme.start_on)).all()
    lang = str(get_locale())
    titles = {c.workflow.key: c.workflow.title.get(lang) for c in workflows().latest()}
    return {"programmes": programmes, "titles": titles,
            "form": given.get("programme_form") or programme_form()}


@bp.post("/<slug>/programmes")
def add_programme(slug: str):
    municipality = load_or_404(slug)
    require("programme.create", municipality)
    form = programme_form(request.form)
    if form.validate_on_submit():
        try:
            create_programme(municipality, form.name.data, form.workflow.data,
                             form.start_on.data)
        except ProjectError as error:
            show_on_form(form, error, "name")
        else:
            flash(_("The programme is created."), "success")
            return redirect(url_for("municipalities.show_municipality", slug=slug))
    return render_page(municipality, 400, programme_form=form)
