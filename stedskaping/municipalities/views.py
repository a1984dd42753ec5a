"""Admin pages: municipalities and their facilitators."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from stedskaping.access import require
from stedskaping.fields import options
from stedskaping.funding.bank import format_account
from stedskaping.funding.forms import BankAccountForm, MatchFundForm
from stedskaping.funding.operations import FundingError, create_match_fund
from stedskaping.municipalities import forms, queries
from stedskaping.municipalities import operations as ops
from stedskaping.projects.operations import ProjectError
from stedskaping.projects.process import workflows
from stedskaping.supervision.forms import ProgrammeForm
from stedskaping.supervision.operations import create_programme

bp = Blueprint("municipalities", __name__, url_prefix="/admin/municipalities")


def _load(slug: str):
    municipality = queries.by_slug(slug)
    if municipality is None:
        abort(404)
    return municipality


@bp.route("/", methods=["GET", "POST"])
def list_municipalities():
    require("admin.view")
    form = forms.MunicipalityForm()
    if form.validate_on_submit():
        require("municipality.create")
        try:
            municipality = ops.create_municipality(form.name.data, form.slug.data)
        except ops.MunicipalityError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            flash(_("%(name)s is added.", name=municipality.name), "success")
            return redirect(url_for(".show_municipality", slug=municipality.slug))
    return render_template(
        "admin/municipalities.html", municipalities=queries.all_municipalities(), form=form
    ), 400 if form.errors else 200


def _programme_form(formdata=None):
    form = ProgrammeForm(formdata=formdata) if formdata is not None else ProgrammeForm(
        formdata=None)
    form.workflow.choices = options([(c.workflow.key, c.workflow.title.get(str(get_locale())))
                             for c in workflows().latest()])
    return form


def _show(municipality, form=None, status=200, programme_form=None, fund_form=None,
          account_form=None):
    return render_template(
        "admin/municipality.html", municipality=municipality,
        form=form or forms.FacilitatorForm(formdata=None), remove_form=forms.RemoveForm(),
        programme_form=programme_form or _programme_form(),
        programmes=queries.programmes_of(municipality),
        invitations=ops.open_invitations(municipality),
        fund_form=fund_form or MatchFundForm(formdata=None),
        funds=queries.match_funds_of(municipality),
        account_form=account_form or BankAccountForm(
            formdata=None, bank_account=municipality.bank_account),
        account_display=format_account(municipality.bank_account),
    ), status


@bp.post("/<slug>/bank-account")
def set_bank_account(slug: str):
    municipality = _load(slug)
    require("municipality.set_bank_account", municipality)
    form = BankAccountForm()
    if form.validate_on_submit():
        try:
            ops.set_bank_account(municipality, form.bank_account.data)
        except ops.MunicipalityError as error:
            form.bank_account.errors = [*form.bank_account.errors, error.message]
        else:
            flash(_("The account for bank transfers is saved.") if municipality.bank_account
                  else _("The account for bank transfers is removed."), "success")
            return redirect(url_for(".show_municipality", slug=slug))
    return _show(municipality, status=400, account_form=form)


@bp.post("/<slug>/match-funds")
def add_match_fund(slug: str):
    municipality = _load(slug)
    require("match_fund.create", municipality)
    form = MatchFundForm()
    if form.validate_on_submit():
        try:
            create_match_fund(municipality, form.name.data, form.ratio_percent.data,
                              form.cap_per_project.data, form.cap_per_pledge.data)
        except FundingError as error:
            form.ratio_percent.errors = [*form.ratio_percent.errors, error.message]
        else:
            flash(_("The match fund is created."), "success")
            return redirect(url_for(".show_municipality", slug=slug))
    return _show(municipality, status=400, fund_form=form)


@bp.get("/<slug>")
def show_municipality(slug: str):
    municipality = _load(slug)
    require("municipality.view", municipality)
    return _show(municipality)


@bp.post("/<slug>/facilitators")
def add_facilitator(slug: str):
    municipality = _load(slug)
    require("municipality.manage_facilitators", municipality)
    form = forms.FacilitatorForm()
    if form.validate_on_submit():
        try:
            done = ops.add_facilitator(municipality, form.email.data, current_user,
                                       str(get_locale()))
        except ops.MunicipalityError as error:
            form.email.errors.append(error.message)
        else:
            if done.membership:
                flash(_("%(name)s is now a facilitator for %(place)s.",
                        name=done.membership.user.name, place=municipality.name), "success")
            else:
                flash(_("No confirmed account has the address %(email)s, so we sent it an "
                        "invitation. The person becomes facilitator on accepting it.",
                        email=done.email), "success")
            return redirect(url_for(".show_municipality", slug=slug))
    return _show(municipality, form, 400)


@bp.post("/<slug>/invitations/<int:invitation_id>/withdraw")
def withdraw_invitation(slug: str, invitation_id: int):
    municipality = _load(slug)
    require("municipality.manage_facilitators", municipality)
    if not forms.RemoveForm().validate_on_submit():
        abort(400)
    try:
        ops.withdraw_invitation(municipality, invitation_id)
    except ops.MunicipalityError:
        abort(404)
    flash(_("The invitation is withdrawn: its link no longer works."), "success")
    return redirect(url_for(".show_municipality", slug=slug))


@bp.post("/<slug>/facilitators/<int:user_id>/remove")
def remove_facilitator(slug: str, user_id: int):
    municipality = _load(slug)
    require("municipality.manage_facilitators", municipality)
    if not forms.RemoveForm().validate_on_submit():
        abort(400)
    try:
        ops.remove_facilitator(municipality, user_id)
    except ops.MunicipalityError:
        abort(404)
    flash(_("The facilitator is removed."), "success")
    return redirect(url_for(".show_municipality", slug=slug))


@bp.post("/<slug>/programmes")
def add_programme(slug: str):
    municipality = _load(slug)
    require("programme.create", municipality)
    form = _programme_form(request.form)
    if form.validate_on_submit():
        try:
            create_programme(municipality, form.name.data, form.workflow.data,
                             form.start_on.data)
        except ProjectError as error:
            form.name.errors = [*form.name.errors, error.message]
        else:
            flash(_("The programme is created."), "success")
            return redirect(url_for(".show_municipality", slug=slug))
    return _show(municipality, status=400, programme_form=form)
