"""The interest form (public) and the facilitators' list of organisations, with the
invitation to a forum and the links to projects."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stedskaping.access import require
from stedskaping.db import db
from stedskaping.domain import DomainError, show_on_form
from stedskaping.extensions import limiter
from stedskaping.fields import options
from stedskaping.learning.blueprint import bp
from stedskaping.learning.forums import operations as forums
from stedskaping.learning.forums.models import Forum
from stedskaping.learning.organisations import forms, operations
from stedskaping.learning.organisations.models import Organisation
from stedskaping.learning.places import operations as places
from stedskaping.municipalities.views import load_or_404
from stedskaping.projects.models import Project

BASE = "/municipalities/<slug>/organisations"


@bp.route("/municipalities/<slug>/interest", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def register_interest(slug: str):
    municipality = load_or_404(slug)
    form = forms.InterestForm()
    form.areas.choices = options([(str(a.id), a.name) for a in places.areas_of(municipality.id)])
    status = 200
    if form.validate_on_submit():
        try:
            operations.register_interest(municipality, operations.Interest(
                name=form.name.data, kind=form.kind.data, contact_name=form.contact_name.data,
                email=form.email.data, offer=form.offer.data, phone=form.phone.data or "",
                area_ids=tuple(int(a) for a in form.areas.data or ())))
        except DomainError as error:
            status = show_on_form(form, error, "name")
        else:
            flash(_("Thank you: the municipality's facilitators will be in touch."), "success")
            return redirect(url_for(".list_forums"))
    elif form.errors:
        status = 400
    return render_template("learning/organisations/interest.html", municipality=municipality,
                           form=form), status


def _municipality(slug):
    municipality = load_or_404(slug)
    require("forums.manage", municipality)
    return municipality


def _organisation(municipality, organisation_id) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or organisation.municipality_id != municipality.id:
        abort(404)
    return organisation


@bp.get(BASE)
def list_organisations(slug: str):
    municipality = _municipality(slug)
    return render_template("learning/organisations/list.html", municipality=municipality,
                           organisations=operations.organisations_of(municipality),
                           kinds=forms.KIND_LABELS)


def _page(municipality, organisation, invite=None, link=None, status=200):
    invite = invite or forms.InviteForm(formdata=None)
    invite.forum.choices = options([("", _("Choose a forum"))] + [
        (str(f.id), f.title) for f in forums.forums(municipality.id)])
    return render_template(
        "learning/organisations/show.html", municipality=municipality,
        organisation=organisation, kinds=forms.KIND_LABELS, invite=invite,
        link=link or forms.LinkForm(formdata=None), confirm=forms.ConfirmForm(),
        projects=operations.linked_projects(organisation)), status


@bp.get(f"{BASE}/<int:organisation_id>")
def show_organisation(slug: str, organisation_id: int):
    municipality = _municipality(slug)
    return _page(municipality, _organisation(municipality, organisation_id))


@bp.post(f"{BASE}/<int:organisation_id>/invite")
def invite_organisation(slug: str, organisation_id: int):
    municipality = _municipality(slug)
    organisation = _organisation(municipality, organisation_id)
    form = forms.InviteForm()
    form.forum.choices = options([(str(f.id), f.title) for f in forums.forums(municipality.id)])
    if not form.validate_on_submit():
        return _page(municipality, organisation, invite=form, status=400)
    try:
        operations.invite_to_forum(organisation, db.session.get(Forum, int(form.forum.data)),
                                   current_user)
    except DomainError as error:
        return _page(municipality, organisation, invite=form,
                     status=show_on_form(form, error, "forum"))
    flash(_("The invitation is sent to %(email)s.", email=organisation.email), "success")
    return redirect(url_for(".show_organisation", slug=slug, organisation_id=organisation.id))


@bp.post(f"{BASE}/<int:organisation_id>/projects")
def link_organisation(slug: str, organisation_id: int):
    municipality = _municipality(slug)
    organisation = _organisation(municipality, organisation_id)
    form = forms.LinkForm()
    project = db.session.get(Project, form.project.data) if form.validate_on_submit() else None
    if project is None:
        if not form.errors:
            form.project.errors = [_("There is no project with that number.")]
        return _page(municipality, organisation, link=form, status=400)
    try:
        operations.link_to_project(organisation, project, current_user)
    except DomainError as error:
        return _page(municipality, organisation, link=form,
                     status=show_on_form(form, error, "project"))
    flash(_("%(name)s is linked to %(title)s.", name=organisation.name, title=project.title),
          "success")
    return redirect(url_for(".show_organisation", slug=slug, organisation_id=organisation.id))


@bp.post(f"{BASE}/<int:organisation_id>/projects/<int:project_id>/remove")
def unlink_organisation(slug: str, organisation_id: int, project_id: int):
    municipality = _municipality(slug)
    organisation = _organisation(municipality, organisation_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    operations.unlink_from_project(organisation, project_id)
    flash(_("The link is removed."), "success")
    return redirect(url_for(".show_organisation", slug=slug, organisation_id=organisation.id))
