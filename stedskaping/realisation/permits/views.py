"""The permit pages: add one to a measure, record its progress, fetch its document."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stedskaping.db import db
from stedskaping.domain import show_on_form
from stedskaping.projects import files
from stedskaping.projects.blueprint import project_view
from stedskaping.realisation.blueprint import bp
from stedskaping.realisation.measures.forms import ConfirmForm
from stedskaping.realisation.measures.views import ONE as MEASURE
from stedskaping.realisation.measures.views import measure_or_404
from stedskaping.realisation.permits import forms, operations
from stedskaping.realisation.permits.models import Permit, PermitStatus

PERMIT = MEASURE + "/permits/<int:permit_id>"


def _permit_or_404(measure, permit_id: int) -> Permit:
    permit = db.session.get(Permit, permit_id)
    if permit is None or permit.measure_id != measure.id:
        abort(404)
    return permit


def _plan(form) -> operations.PermitPlan:
    return operations.PermitPlan(
        grantor_kind=form.grantor_kind.data or "", grantor_name=form.grantor_name.data or "",
        status=PermitStatus(form.status.data), asked_on=form.asked_on.data,
        decided_on=form.decided_on.data, conditions=form.conditions.data or "",
        expires_on=form.expires_on.data)


def _upload(form):
    upload = form.document.data
    if not getattr(upload, "filename", ""):
        return None
    try:
        return upload.filename, upload.stream.read(operations.MAX_BYTES + 1)
    finally:
        upload.close()


def _page(project, measure, form, permit=None, status=200):
    return render_template("realisation/permit.html", project=project, measure=measure,
                           form=form, permit=permit, confirm=ConfirmForm()), status


def _save(project, measure, form, permit=None):
    if not form.validate_on_submit():
        return _page(project, measure, form, permit, 400 if form.is_submitted() else 200)
    try:
        if permit is None:
            operations.add_permit(measure, current_user, _plan(form), _upload(form))
        else:
            operations.change_permit(permit, current_user, _plan(form), _upload(form))
    except operations.PermitError as error:
        return _page(project, measure, form, permit, show_on_form(form, error))
    flash(_("The permit is saved."), "success")
    return redirect(url_for(".show_measure", project_id=project.id, measure_id=measure.id))


@bp.route(MEASURE + "/permits/new", methods=["GET", "POST"])
@project_view("realisation.manage")
def new_permit(project, measure_id: int):
    measure = measure_or_404(project, measure_id)
    return _save(project, measure, forms.PermitForm())


@bp.route(PERMIT, methods=["GET", "POST"])
@project_view("realisation.manage")
def edit_permit(project, measure_id: int, permit_id: int):
    measure = measure_or_404(project, measure_id)
    permit = _permit_or_404(measure, permit_id)
    return _save(project, measure, forms.PermitForm(obj=permit), permit)


@bp.post(PERMIT + "/delete")
@project_view("realisation.manage")
def delete_permit(project, measure_id: int, permit_id: int):
    measure = measure_or_404(project, measure_id)
    permit = _permit_or_404(measure, permit_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    operations.remove_permit(permit)
    flash(_("The permit is deleted."), "success")
    return redirect(url_for(".show_measure", project_id=project.id, measure_id=measure.id))


@bp.get(PERMIT + "/document")
@project_view("realisation.see_permits")
def permit_document(project, measure_id: int, permit_id: int):
    measure = measure_or_404(project, measure_id)
    permit = _permit_or_404(measure, permit_id)
    stream = permit.document_stored and files.open_file(project.id, permit.document_stored)
    if not stream:
        abort(404)
    return send_file(stream, mimetype=files.CONTENT_TYPES.get(permit.document_type,
                                                              "application/octet-stream"),
                     as_attachment=True, download_name=permit.document_name)
