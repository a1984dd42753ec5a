"""The catalogue pages: nominate, assess and publish (the project's people), the public
catalogue with its search and filters, an entry and its photo."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stedskaping.access import can, require
from stedskaping.domain import DomainError, show_on_form
from stedskaping.learning.blueprint import bp
from stedskaping.learning.catalogue import forms, hallmarks, operations
from stedskaping.participation import pictures
from stedskaping.projects.blueprint import project_view

BASE = "/projects/<int:project_id>/catalogue"


@bp.route(f"{BASE}/nominate", methods=["GET", "POST"])
@project_view("catalogue.nominate")
def nominate_entry(project):
    if operations.entry_of(project) is not None:
        return redirect(url_for(".assess_entry", project_id=project.id))
    form, status = forms.NominateForm(), 200
    if form.validate_on_submit():
        try:
            operations.nominate(project, current_user, operations.Nomination(
                theme=form.theme.data, why=form.why.data, story=form.story.data or "",
                photo=pictures.read_upload(form.photo.data)))
        except DomainError as error:
            status = show_on_form(form, error, "why")
        else:
            flash(_("The project is nominated; a facilitator assesses the hallmarks."),
                  "success")
            return redirect(url_for(".assess_entry", project_id=project.id))
    return render_template("learning/catalogue/nominate.html", project=project, form=form,
                           completed=operations.is_completed(project)), \
        status if status != 200 else (400 if form.errors else 200)


def _assessment(form) -> operations.Assessment:
    marks = {}
    for key in hallmarks.HALLMARK_KEYS:
        met = form[f"{key}_met"].data
        marks[key] = (None if met not in ("yes", "no") else met == "yes",
                      form[f"{key}_why"].data or "")
    return operations.Assessment(hallmarks=marks, dimensions=tuple(form.dimensions.data or ()))


def _filled(entry) -> dict:
    data = {f"{h.hallmark}_met": "yes" if h.is_met else "no" for h in entry.hallmarks}
    data |= {f"{h.hallmark}_why": h.justification for h in entry.hallmarks}
    return data | {"dimensions": entry.dimension_keys}


def _save_assessment(project, entry, form) -> int | None:
    """None when saved, else the status of the page with its errors."""
    valid = form.validate()
    try:
        if valid:
            operations.assess(project, entry, current_user, _assessment(form))
    except DomainError as error:
        return show_on_form(form, error)
    return None if valid else 400


@bp.route(f"{BASE}", methods=["GET", "POST"])
@project_view("catalogue.follow")
def assess_entry(project):
    """The entry as its people see it; the facilitators assess it here."""
    entry = operations.entry_of(project) or abort(404)
    form = forms.AssessForm(data=None if request.method == "POST" else _filled(entry))
    status = 200
    if request.method == "POST":
        require("catalogue.assess", project)
        status = _save_assessment(project, entry, form)
        if status is None:
            flash(_("The assessment is saved."), "success")
            return redirect(url_for(".assess_entry", project_id=project.id))
    return render_template("learning/catalogue/entry_status.html", project=project,
                           entry=entry, form=form, publish=forms.PublishForm(),
                           may_assess=can(current_user, "catalogue.assess", project)), status


@bp.post(f"{BASE}/publish")
@project_view("catalogue.assess")
def publish_entry(project):
    entry = operations.entry_of(project) or abort(404)
    if not forms.PublishForm().validate_on_submit():
        abort(400)
    try:
        operations.publish(project, entry, current_user)
    except DomainError as error:
        flash(str(error.message), "error")
        return redirect(url_for(".assess_entry", project_id=project.id))
    flash(_("The entry is published in the catalogue."), "success")
    return redirect(url_for(".show_entry", entry_id=entry.id))
