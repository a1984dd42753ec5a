"""A municipality's money on its admin page: the account for bank transfers and the
match funds (a funding panel), and the forms that change them."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, url_for
from flask_babel import gettext as _

from stedskaping.access import require
from stedskaping.db import db
from stedskaping.domain import show_on_form
from stedskaping.funding import bank
from stedskaping.funding.forms import BankAccountForm, MatchFundForm
from stedskaping.funding.match_funds import create_match_fund, set_municipality_account
from stedskaping.funding.models import MatchFund
from stedskaping.funding.operations import FundingError
from stedskaping.funding.views import bp
from stedskaping.input import nul_on_the_form
from stedskaping.municipalities.views import load_or_404, render_page

# The page also has the programmes form (its own "name"): this form's ids carry a prefix.
FUND = "fund"


def municipality_panel(municipality, given) -> dict:
    funds = db.session.scalars(sa.select(MatchFund).where(
        MatchFund.municipality_id == municipality.id).order_by(MatchFund.name)).all()
    return {
        "funds": funds,
        "fund_form": given.get("fund_form") or MatchFundForm(formdata=None, prefix=FUND),
        "account_form": given.get("account_form") or BankAccountForm(
            formdata=None, bank_account=municipality.bank_account),
        "account_display": bank.format_account(municipality.bank_account),
    }


@bp.post("/admin/municipalities/<slug>/bank-account")
@nul_on_the_form
def set_bank_account(slug: str):
    municipality = load_or_404(slug)
    require("municipality.set_bank_account", municipality)
    form, status = BankAccountForm(), 400
    if form.validate_on_submit():
        try:
            set_municipality_account(municipality, form.bank_account.data)
        except FundingError as error:
            status = show_on_form(form, error, "bank_account")
        else:
            flash(_("The account for bank transfers is saved.") if municipality.bank_account
                  else _("The account for bank transfers is removed."), "success")
            return redirect(url_for("municipalities.show_municipality", slug=slug))
    return render_page(municipality, status, account_form=form)


@bp.post("/admin/municipalities/<slug>/match-funds")
@nul_on_the_form
def add_match_fund(slug: str):
    municipality = load_or_404(slug)
    require("match_fund.create", municipality)
    form = MatchFundForm(prefix=FUND)
    if form.validate_on_submit():
        try:
            create_match_fund(municipality, form.name.data, form.ratio_percent.data,
                              form.cap_per_project.data, form.cap_per_pledge.data)
        except FundingError as error:
            show_on_form(form, error, "ratio_percent")
        else:
            flash(_("The match fund is created."), "success")
            return redirect(url_for("municipalities.show_municipality", slug=slug))
    return render_page(municipality, 400, fund_form=form)
