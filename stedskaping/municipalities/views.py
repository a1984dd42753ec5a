"""Admin pages: municipalities and their facilitators."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from stedskaping.access import require
from stedskaping.municipalities import forms, queries
from stedskaping.municipalities import operations as ops

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


def _show(municipality, form=None, status=200):
    return render_template(
        "admin/municipality.html", municipality=municipality,
        form=form or forms.FacilitatorForm(formdata=None), remove_form=forms.RemoveForm(),
    ), status


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
            membership = ops.add_facilitator(municipality, form.email.data)
        except ops.MunicipalityError as error:
            form.email.errors.append(error.message)
        else:
            flash(_("%(name)s is now a facilitator for %(place)s.",
                    name=membership.user.name, place=municipality.name), "success")
            return redirect(url_for(".show_municipality", slug=slug))
    return _show(municipality, form, 400)


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
