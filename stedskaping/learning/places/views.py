"""The place pages: the team sets the project's point and area, the nearby initiatives
and partners, the municipality's areas (admin and facilitators)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stedskaping.access import can, require
from stedskaping.db import db
from stedskaping.domain import DomainError, show_on_form
from stedskaping.fields import options
from stedskaping.learning.blueprint import bp
from stedskaping.learning.places import forms, operations, panels, queries
from stedskaping.learning.places.models import PlaceArea
from stedskaping.municipalities.views import load_or_404
from stedskaping.projects.blueprint import project_or_404, project_view

BASE = "/projects/<int:project_id>"
AREAS = "/municipalities/<slug>/areas"


def _area_choices(project):
    return options([("", _("No area"))] + [
        (str(a.id), a.name) for a in operations.areas_of(project.municipality_id)])


@bp.route(f"{BASE}/place", methods=["GET", "POST"])
@project_view("places.edit")
def edit_place(project):
    place = operations.place_of(project)
    form = forms.PlaceForm(data=None if request.method == "POST" else {
        "place_name": project.place_name, "latitude": project.latitude,
        "longitude": project.longitude,
        "area": str(place.area_id) if place and place.area_id else ""})
    form.area.choices = _area_choices(project)
    status = 200
    if form.validate_on_submit():
        try:
            operations.set_place(project, current_user, latitude=form.latitude.data,
                                 longitude=form.longitude.data,
                                 place_name=form.place_name.data,
                                 area_id=int(form.area.data) if form.area.data else None)
        except DomainError as error:
            status = show_on_form(form, error)
        else:
            flash(_("The place is saved."), "success")
            return redirect(url_for("projects.home", project_id=project.id))
    elif form.errors:
        status = 400
    return render_template("learning/places/edit.html", project=project, form=form,
                           tiles=current_app.config["MAP_TILE_URL"],
                           attribution=current_app.config["MAP_TILE_ATTRIBUTION"]), status


@bp.get(f"{BASE}/nearby")
@project_view("project.view")
def nearby_page(project, form=None, status=200):
    place = operations.place_of(project)
    return render_template(
        "learning/places/nearby.html", project=project,
        placed=project.latitude is not None or bool(place and place.area_id),
        nearby=queries.nearby(project, panels.stage_titles(project)),
        partners=queries.partners_of(project), form=form or forms.PartnerForm(formdata=None),
        confirm=forms.ConfirmForm(),
        may_link=can(current_user, "places.link_partners", project)), status


@bp.post(f"{BASE}/partners")
@project_view("places.link_partners")
def link_partner(project):
    form = forms.PartnerForm()
    if not form.validate_on_submit():
        return nearby_page.undecorated(project, form=form, status=400)
    other = db.session.get(type(project), form.partner.data)
    if other is None:
        form.partner.errors = [_("There is no project with that number.")]
        return nearby_page.undecorated(project, form=form, status=400)
    if not can(current_user, "places.link_partners", other):
        form.partner.errors = [_("You can link only projects you facilitate.")]
        return nearby_page.undecorated(project, form=form, status=403)
    try:
        operations.link_partners(project, other, current_user)
    except DomainError as error:
        status = show_on_form(form, error, "partner")
        return nearby_page.undecorated(project, form=form, status=status)
    flash(_("%(title)s is linked as a partner.", title=other.title), "success")
    return redirect(url_for(".nearby_page", project_id=project.id))


@bp.post(f"{BASE}/partners/<int:other_id>/remove")
@project_view("places.link_partners")
def unlink_partner(project, other_id: int):
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    other = project_or_404(other_id)
    if operations.partner_link(project, other) is None:
        abort(404)
    operations.unlink_partners(project, other)
    flash(_("The partner link is removed."), "success")
    return redirect(url_for(".nearby_page", project_id=project.id))


def _municipality(slug):
    municipality = load_or_404(slug)
    require("places.manage_areas", municipality)
    return municipality


def _area(municipality, area_id) -> PlaceArea:
    area = db.session.get(PlaceArea, area_id)
    if area is None or area.municipality_id != municipality.id:
        abort(404)
    return area


@bp.route(AREAS, methods=["GET", "POST"])
def list_areas(slug: str):
    municipality = _municipality(slug)
    form, status = forms.AreaForm(), 200
    if form.validate_on_submit():
        try:
            area = operations.add_area(municipality, form.name.data, form.description.data)
        except DomainError as error:
            status = show_on_form(form, error, "name")
        else:
            flash(_("%(name)s is added.", name=area.name), "success")
            return redirect(url_for(".list_areas", slug=slug))
    elif form.errors:
        status = 400
    return render_template("learning/places/areas.html", municipality=municipality,
                           areas=operations.areas_of(municipality.id), form=form,
                           confirm=forms.ConfirmForm()), status


@bp.route(f"{AREAS}/<int:area_id>", methods=["GET", "POST"])
def edit_area(slug: str, area_id: int):
    municipality = _municipality(slug)
    area = _area(municipality, area_id)
    form = forms.AreaForm(obj=None if request.method == "POST" else area)
    status = 200
    if form.validate_on_submit():
        try:
            operations.change_area(area, form.name.data, form.description.data)
        except DomainError as error:
            status = show_on_form(form, error, "name")
        else:
            flash(_("The area is saved."), "success")
            return redirect(url_for(".list_areas", slug=slug))
    elif form.errors:
        status = 400
    return render_template("learning/places/area.html", municipality=municipality,
                           area=area, form=form), status


@bp.post(f"{AREAS}/<int:area_id>/remove")
def remove_area(slug: str, area_id: int):
    municipality = _municipality(slug)
    area = _area(municipality, area_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    operations.remove_area(area)
    flash(_("The area is removed."), "success")
    return redirect(url_for(".list_areas", slug=slug))


@bp.app_template_global("project_map")
def project_map(projects):
    """What the public list's map needs: the numbered dots of the outline, the tile
    server (empty: the outline only)."""
    from stedskaping.learning.places.outline import HEIGHT, WIDTH, outline

    return {"dots": outline(projects), "tiles": current_app.config["MAP_TILE_URL"],
            "attribution": current_app.config["MAP_TILE_ATTRIBUTION"],
            "width": int(WIDTH), "height": int(HEIGHT)}
