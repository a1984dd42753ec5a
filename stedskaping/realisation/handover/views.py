"""The handover pages: the team's overview and keeper form per measure, and the
keeper's confirmation page (by the link in the mail, no account needed)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from stedskaping.db import db
from stedskaping.domain import show_on_form
from stedskaping.projects.blueprint import project_view
from stedskaping.projects.models import Project
from stedskaping.realisation.blueprint import bp
from stedskaping.realisation.handover import forms, operations, queries
from stedskaping.realisation.handover.models import MaintenanceTask
from stedskaping.realisation.measures.forms import ConfirmForm
from stedskaping.realisation.measures.views import measure_or_404

BASE = "/projects/<int:project_id>/handover"
ONE = BASE + "/<int:measure_id>"


@bp.get(BASE)
@project_view("realisation.manage")
def handover(project):
    return render_template("realisation/handover.html", project=project,
                           rows=queries.handover_rows(project),
                           rhythms=forms.RHYTHM_LABELS)


def _keeper_page(project, measure, keeper_form=None, task_form=None, status=200):
    keeper = operations.keeper_of(measure)
    if keeper_form is None:
        keeper_form = forms.KeeperForm(formdata=None, obj=keeper)
        if keeper is not None:
            keeper_form.permanence.data = "permanent" if keeper.is_permanent else "temporary"
    return render_template(
        "realisation/keeper.html", project=project, measure=measure, keeper=keeper,
        keeper_form=keeper_form, task_form=task_form or forms.TaskForm(formdata=None),
        confirm=ConfirmForm(), rhythms=forms.RHYTHM_LABELS), status


@bp.get(ONE)
@project_view("realisation.manage")
def show_keeper(project, measure_id: int):
    measure = measure_or_404(project, measure_id)
    if not measure.will_build:
        abort(404)
    return _keeper_page(project, measure)


@bp.post(ONE)
@project_view("realisation.manage")
def invite_keeper(project, measure_id: int):
    measure = measure_or_404(project, measure_id)
    form = forms.KeeperForm()
    if not form.validate_on_submit():
        return _keeper_page(project, measure, keeper_form=form, status=400)
    plan = operations.KeeperPlan(
        name=form.name.data, email=form.email.data, is_organisation=form.is_organisation.data,
        is_permanent=form.permanence.data != "temporary", until_on=form.until_on.data,
        locale=str(get_locale()))
    try:
        sent = operations.invite_keeper(measure, current_user, plan)
    except operations.HandoverError as error:
        return _keeper_page(project, measure, keeper_form=form,
                            status=show_on_form(form, error))
    flash(_("The invitation is sent: the keeper confirms by the link in the mail.") if sent
          else _("The keeper is saved."), "success")
    return redirect(url_for(".show_keeper", project_id=project.id, measure_id=measure.id))


def _keeper_or_404(measure):
    keeper = operations.keeper_of(measure)
    if keeper is None:
        abort(404)
    return keeper


@bp.post(ONE + "/resend")
@project_view("realisation.manage")
def resend_keeper(project, measure_id: int):
    measure = measure_or_404(project, measure_id)
    keeper = _keeper_or_404(measure)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        operations.resend(keeper, current_user)
    except operations.HandoverError as error:
        flash(str(error.message), "error")
    else:
        flash(_("A new link is sent to %(email)s; the old one no longer works.",
                email=keeper.email), "success")
    return redirect(url_for(".show_keeper", project_id=project.id, measure_id=measure.id))


@bp.post(ONE + "/tasks")
@project_view("realisation.manage")
def add_task(project, measure_id: int):
    measure = measure_or_404(project, measure_id)
    keeper = _keeper_or_404(measure)
    form = forms.TaskForm()
    if not form.validate_on_submit():
        return _keeper_page(project, measure, task_form=form, status=400)
    try:
        operations.add_task(keeper, form.title.data, form.rhythm.data, form.first_on.data)
    except operations.HandoverError as error:
        return _keeper_page(project, measure, task_form=form, status=show_on_form(form, error))
    flash(_("The task is added; the keeper is reminded when it falls due."), "success")
    return redirect(url_for(".show_keeper", project_id=project.id, measure_id=measure.id))


@bp.post(ONE + "/tasks/<int:task_id>/delete")
@project_view("realisation.manage")
def delete_task(project, measure_id: int, task_id: int):
    measure = measure_or_404(project, measure_id)
    keeper = _keeper_or_404(measure)
    task = db.session.get(MaintenanceTask, task_id)
    if task is None or task.keeper_id != keeper.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    operations.remove_task(task)
    flash(_("The task is removed."), "success")
    return redirect(url_for(".show_keeper", project_id=project.id, measure_id=measure.id))


def _keeper_by_link(token: str):
    try:
        return operations.keeper_for(token)
    except operations.HandoverError:
        abort(404)


@bp.get("/handover/<token>")
def confirm_page(token: str):
    keeper = _keeper_by_link(token)
    return render_template("realisation/confirm.html", keeper=keeper, token=token,
                           form=ConfirmForm(), rhythms=forms.RHYTHM_LABELS,
                           project=db.session.get(Project, keeper.project_id))


@bp.post("/handover/<token>")
def confirm(token: str):
    _keeper_by_link(token)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    operations.confirm(token)
    flash(_("Thank you: you have confirmed. The team is told."), "success")
    return redirect(url_for(".confirm_page", token=token))
