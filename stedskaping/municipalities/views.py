"""Admin pages: municipalities and their facilitators."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from stedskaping import plugins
from stedskaping.access import require
from stedskaping.accounts.forms import ConfirmForm
from stedskaping.accounts.operations import normalise_email
from stedskaping.domain import show_on_form
from stedskaping.municipalities import forms, queries
from stedskaping.municipalities import operations as ops

bp = Blueprint("municipalities", __name__, url_prefix="/admin/municipalities")
# The invited person's page (not an admin page).
invitations = Blueprint("facilitator_invitations", __name__)


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
            show_on_form(form, error)
        else:
            flash(_("%(name)s is added.", name=municipality.name), "success")
            return redirect(url_for(".show_municipality", slug=municipality.slug))
    return render_template(
        "admin/municipalities.html", municipalities=queries.all_municipalities(), form=form
    ), 400 if form.errors else 200


def render_page(municipality, status=200, form=None, **given):
    """The municipality's admin page: its facilitators, then the sections the domains
    add (programmes, money...); ``given`` hands a failed form back to its section."""
    return render_template(
        "admin/municipality.html", municipality=municipality,
        form=form or forms.FacilitatorForm(formdata=None), remove_form=forms.RemoveForm(),
        invitations=ops.open_invitations(municipality),
        panels=plugins.current().panels_for("municipality", municipality, given),
    ), status


def load_or_404(slug: str):
    return _load(slug)


@bp.get("/<slug>")
def show_municipality(slug: str):
    municipality = _load(slug)
    require("municipality.view", municipality)
    return render_page(municipality)


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
            show_on_form(form, error, "email")
        else:
            if done.membership:
                flash(_("%(name)s is now a facilitator for %(place)s.",
                        name=done.membership.user.name, place=municipality.name), "success")
            else:
                flash(_("No confirmed account has the address %(email)s, so we sent it an "
                        "invitation. The person becomes facilitator on accepting it.",
                        email=done.email), "success")
            return redirect(url_for(".show_municipality", slug=slug))
    return render_page(municipality, 400, form=form)


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


@invitations.route("/account/facilitator-invitations/<token>", methods=["GET", "POST"])
@login_required
def facilitator_invitation(token: str):
    """An admin's invitation to act for a municipality, accepted by the invited address."""
    try:
        invitation = ops.invitation_for(token)
    except ops.MunicipalityError as error:
        return render_template("accounts/link_invalid.html", message=error.message,
                               again_url=url_for("main.index"),
                               again_label=_("To the front page")), 400
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            ops.accept_invitation(token, current_user)
        except ops.MunicipalityError as error:
            return render_template("municipalities/facilitator_invitation.html", form=form,
                                   invitation=invitation, error=error.message), error.status
        flash(_("You are now a facilitator for %(place)s.",
                place=invitation.municipality.name), "success")
        return redirect(url_for("supervision.dashboard"))
    # Say at once when the signed-in account is not the one invited (no button to press).
    wrong = not current_user.is_confirmed or \
        normalise_email(current_user.email) != invitation.email
    return render_template("municipalities/facilitator_invitation.html", form=form,
                           invitation=invitation, wrong_account=wrong, error=_(
                               "This invitation was sent to %(email)s. Log in with that "
                               "address (confirmed) to accept it.", email=invitation.email)
                           if wrong else None)
