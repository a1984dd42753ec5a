"""The measure pages: the list with its permit table, and one measure to change."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from stedskaping.db import db
from stedskaping.domain import show_on_form
from stedskaping.projects.blueprint import project_view
from stedskaping.realisation.blueprint import bp
from stedskaping.realisation.measures import forms, operations
from stedskaping.realisation.measures.models import Measure
from stedskaping.realisation.measures.queries import camp_window
from stedskaping.realisation.permits.queries import permit_table

BASE = "/projects/<int:project_id>/measures"
ONE = BASE + "/<int:measure_id>"


def measure_or_404(project, measure_id: int) -> Measure:
    measure = db.session.get(Measure, measure_id)
    if measure is None or measure.project_id != project.id:
        abort(404)
    return measure


def _plan(form) -> operations.MeasurePlan:
    return operations.MeasurePlan(**{name: form[name].data for name in (
        "title", "description", "will_build", "is_permit_free")})


def _list_page(project, form, status=200):
    from stedskaping.realisation.permits.forms import GRANTOR_LABELS, STATUS_LABELS

    return render_template("realisation/measures.html", project=project, form=form,
                           table=permit_table(project), window=camp_window(project),
                           confirm=forms.ConfirmForm(), statuses=STATUS_LABELS,
                           grantors=GRANTOR_LABELS), status


@bp.get(BASE)
@project_view("realisation.manage")
def list_measures(project):
    return _list_page(project, forms.MeasureForm(formdata=None))


@bp.post(BASE)
@project_view("realisation.manage")
def add_measure(project):
    form = forms.MeasureForm()
    if not form.validate_on_submit():
        return _list_page(project, form, 400)
    try:
        measure = operations.add_measure(project, _plan(form))
    except operations.MeasureError as error:
        return _list_page(project, form, show_on_form(form, error))
    flash(_("The measure is added. Record its permits next."), "success")
    return redirect(url_for(".show_measure", project_id=project.id, measure_id=measure.id))


@bp.route(ONE, methods=["GET", "POST"])
@project_view("realisation.manage")
def show_measure(project, measure_id: int):
    from stedskaping.realisation.permits import forms as permit_forms
    from stedskaping.realisation.permits.queries import permits_by_measure

    measure = measure_or_404(project, measure_id)
    form, status = forms.MeasureForm(obj=measure), 200
    if form.validate_on_submit():
        try:
            operations.change_measure(measure, _plan(form))
        except operations.MeasureError as error:
            status = show_on_form(form, error)
        else:
            flash(_("The measure is saved."), "success")
            return redirect(url_for(".list_measures", project_id=project.id))
    elif form.errors:
        status = 400
    return render_template(
        "realisation/measure.html", project=project, measure=measure, form=form,
        permits=permits_by_measure(project.id).get(measure.id, []),
        permit_form=permit_forms.PermitForm(formdata=None), confirm=forms.ConfirmForm(),
        statuses=permit_forms.STATUS_LABELS, grantors=permit_forms.GRANTOR_LABELS), status


def _one_step(project, measure_id: int, step, done: str):
    measure = measure_or_404(project, measure_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    step(measure)
    flash(done, "success")
    return redirect(url_for(".list_measures", project_id=project.id))


@bp.post(ONE + "/up")
@project_view("realisation.manage")
def move_measure_up(project, measure_id: int):
    return _one_step(project, measure_id, lambda m: operations.move_measure(m, up=True),
                     _("The measure is moved up."))


@bp.post(ONE + "/down")
@project_view("realisation.manage")
def move_measure_down(project, measure_id: int):
    return _one_step(project, measure_id, lambda m: operations.move_measure(m, up=False),
                     _("The measure is moved down."))


@bp.post(ONE + "/delete")
@project_view("realisation.manage")
def delete_measure(project, measure_id: int):
    return _one_step(project, measure_id, operations.remove_measure,
                     _("The measure is deleted, with its permits."))
