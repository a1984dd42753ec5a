"""Supporting a project from its page; the confirmation and withdrawal links; the
team's list, export and updates."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from stedskaping.csvfile import csv_text
from stedskaping.domain import show_on_form
from stedskaping.extensions import limiter
from stedskaping.participation.blueprint import bp
from stedskaping.participation.supporters import forms, operations, queries
from stedskaping.projects.blueprint import project_or_404, project_view


def support_form():
    form = forms.SupportForm()
    if current_user.is_authenticated and not form.is_submitted():
        form.name.data, form.email.data = current_user.name, current_user.email
    return form


@bp.route("/projects/<int:project_id>/support", methods=["GET", "POST"])
@project_view("project.view")
@limiter.limit("20 per hour", methods=["POST"])
def support(project):
    form = support_form()
    if form.validate_on_submit():
        user = current_user if current_user.is_authenticated else None
        try:
            supporter = operations.support(project, operations.NewSupport(
                name=form.name.data, email=form.email.data, area=form.area.data,
                wants_updates=form.wants_updates.data, locale=str(get_locale())), user)
        except operations.SupportError as error:
            show_on_form(form, error, "email")
        else:
            if supporter.is_confirmed:
                flash(_("Thank you: you support %(title)s.", title=project.title), "success")
                return redirect(url_for("projects.show_project", project_id=project.id))
            return render_template("participation/supporters/check_email.html",
                                   project=project, email=supporter.email)
    return render_template("participation/supporters/support.html", project=project,
                           form=form, consent=operations.consent_text()), \
        400 if form.errors or form.form_errors else 200


def _token_page(token: str, purpose: str, max_age=None):
    try:
        return operations.supporter_for_token(token, purpose, max_age), None
    except operations.SupportError as error:
        return None, (render_template("participation/supporters/link_invalid.html",
                                      message=error.message), 404)


@bp.route("/support/confirm/<token>", methods=["GET", "POST"])
def confirm_support(token: str):
    """The link in the mail: one click confirms (a mail scanner that opens links does
    not)."""
    supporter, refused = _token_page(token, "confirm", operations.CONFIRM_MAX_AGE)
    if refused:
        return refused
    form = forms.ConfirmForm()
    project = project_or_404(supporter.project_id)
    if form.validate_on_submit() or supporter.is_confirmed:
        operations.confirm(token)
        flash(_("Thank you: you support %(title)s.", title=project.title), "success")
        return redirect(url_for("projects.show_project", project_id=project.id))
    return render_template("participation/supporters/confirm.html", project=project,
                           supporter=supporter, form=form)


@bp.route("/support/leave/<token>", methods=["GET", "POST"])
def leave_support(token: str):
    supporter, refused = _token_page(token, "leave")
    if refused:
        return refused
    form = forms.ConfirmForm()
    project = project_or_404(supporter.project_id)
    if form.validate_on_submit():
        operations.withdraw(supporter)
        flash(_("You no longer support %(title)s; your details are deleted.",
                title=project.title), "success")
        return redirect(url_for("projects.show_project", project_id=project.id))
    return render_template("participation/supporters/leave.html", project=project, form=form)


@bp.get("/projects/<int:project_id>/supporters")
@project_view("supporters.manage")
def list_supporters(project, form=None):
    return render_template("participation/supporters/list.html", project=project,
                           supporters=queries.confirmed_page(project),
                           waiting=queries.unconfirmed_count(project),
                           form=form or forms.UpdateForm()), 400 if form else 200


@bp.get("/projects/<int:project_id>/supporters.csv")
@project_view("supporters.manage")
def export_supporters(project):
    header = [_("Name"), _("Street or area"), _("Supported on"), _("Wants updates"),
              _("E-mail address")]
    rows = [[*row[:3], _("yes") if row[3] == "yes" else _("no"), row[4]]
            for row in queries.export_rows(project)]
    return csv_text(header, rows), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="supporters-{project.id}.csv"'}


@bp.post("/projects/<int:project_id>/supporters/update")
@project_view("supporters.manage")
def mail_update(project):
    form = forms.UpdateForm()
    if not form.validate_on_submit():
        return list_supporters.undecorated(project, form)
    try:
        sent = operations.mail_update(project, current_user, form.subject.data, form.body.data)
    except operations.SupportError as error:
        show_on_form(form, error, "subject")
        return list_supporters.undecorated(project, form)
    flash(_("The update is sent to %(n)d supporters.", n=sent), "success")
    return redirect(url_for(".list_supporters", project_id=project.id))


def public_panel(project, given) -> dict | None:
    """The supporters and the way to join them; once the project is past its camp the
    finished page counts them instead, and asks no one to sign up."""
    from stedskaping.projects.process import is_finished

    if is_finished(project):
        return None
    return {"count": queries.supporter_count(project)}




def home_panel(project, given) -> dict | None:
    count, waiting = queries.confirmed_and_waiting(project)
    return {"count": count, "waiting": waiting}
