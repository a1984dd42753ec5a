"""The dugnad ledger's page (the budget view and the grant lines) and its CSV export."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stedskaping.access import can
from stedskaping.csvfile import csv_text
from stedskaping.db import db
from stedskaping.domain import show_on_form
from stedskaping.input import nul_on_the_form
from stedskaping.projects.blueprint import project_view
from stedskaping.realisation.blueprint import bp
from stedskaping.realisation.camp import forms
from stedskaping.realisation.camp.days import CampError
from stedskaping.realisation.ledger import operations, queries
from stedskaping.realisation.ledger.models import LedgerGrant

LEDGER = "/projects/<int:project_id>/ledger"


def _page(project, form=None, status=200):
    form = form or forms.GrantForm()
    return render_template("realisation/ledger/ledger.html", project=project,
                           ledger=queries.ledger(project), form=form,
                           confirm=forms.ConfirmForm(),
                           may_edit=can(current_user, "ledger.manage", project)), status


@bp.get(LEDGER)
@project_view("ledger.view")
def show_ledger(project):
    return _page(project)


@bp.post(LEDGER + "/grants")
@project_view("ledger.manage")
@nul_on_the_form
def add_grant(project):
    form = forms.GrantForm()
    if form.validate_on_submit():
        try:
            operations.add_grant(project, current_user, form.name.data, form.amount.data)
        except CampError as error:
            return _page(project, form, status=show_on_form(form, error))
        flash(_("The grant is in the ledger."), "success")
        return redirect(url_for(".show_ledger", project_id=project.id))
    return _page(project, form, status=400)


@bp.post(LEDGER + "/grants/<int:grant_id>/delete")
@project_view("ledger.manage")
def delete_grant(project, grant_id: int):
    grant = db.session.get(LedgerGrant, grant_id)
    if grant is None or grant.project_id != project.id:
        abort(404)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    operations.remove_grant(grant, current_user)
    flash(_("The grant is taken out of the ledger."), "success")
    return redirect(url_for(".show_ledger", project_id=project.id))


def _amount(hundredths: int) -> str:
    """A number with two decimals and a comma, as Norwegian spreadsheets read it (the
    file's machine text, not a page): 123456 -> "1234,56"."""
    whole, rest = divmod(hundredths, 100)
    return f"{whole},{rest:02d}"


def _hours(minutes: int) -> str:
    return _amount(round(minutes * 100 / 60))


@bp.get(LEDGER + "/ledger.csv")
@project_view("ledger.view")
def ledger_csv(project):
    ledger = queries.ledger(project)
    rows = [
        (_("Own effort"), _("Volunteer hours (verified)"), _hours(ledger.minutes),
         _amount(ledger.hours_value)),
        (_("Own effort"), _("Materials (accepted)"), "", _amount(ledger.materials)),
        (_("Own effort"), _("Money from backers"), "", _amount(ledger.money)),
        (_("Grant"), _("Match funds"), "", _amount(ledger.matched)),
        *[(_("Grant"), grant.name, "", _amount(grant.amount)) for grant in ledger.grants],
        (_("Total"), _("Own effort"), "", _amount(ledger.own_effort)),
        (_("Total"), _("Grants"), "", _amount(ledger.grant_total)),
        (_("Total"), _("Budget"), "", _amount(ledger.total)),
    ]
    body = csv_text([_("Kind"), _("Line"), _("Hours"), _("Amount (NOK)")], rows)
    return body, 200, {"Content-Type": "text/csv; charset=utf-8",
                       "Content-Disposition":
                           f'attachment; filename="dugnad-ledger-{project.id}.csv"'}
