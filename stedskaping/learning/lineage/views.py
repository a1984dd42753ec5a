"""Starting a project like a proven one (the form, for anyone signed in)."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stedskaping.domain import DomainError, show_on_form
from stedskaping.fields import options
from stedskaping.learning.blueprint import bp
from stedskaping.learning.lineage import forms, operations
from stedskaping.municipalities.queries import all_municipalities
from stedskaping.projects.blueprint import project_view


@bp.route("/projects/<int:project_id>/start-like", methods=["GET", "POST"])
@project_view("lineage.start_like")
def start_like(project):
    form = forms.StartLikeForm(municipality=project.municipality_id)
    form.municipality.choices = options([(m.id, m.name) for m in all_municipalities()])
    status = 200
    if form.validate_on_submit():
        try:
            copy = operations.start_like(project, current_user, operations.Copy(
                title=form.title.data, place_name=form.place_name.data,
                municipality_id=form.municipality.data, start_on=form.start_on.data,
                today=date.today()))
        except DomainError as error:
            status = show_on_form(form, error, "start_on")
        else:
            flash(_("The project is started with the plan of “%(origin)s”: its measures, "
                    "budget lines, materials, day plan and shifts. Change them to fit your "
                    "place.", origin=project.title), "success")
            return redirect(url_for("projects.home", project_id=copy.id))
    return render_template("learning/lineage/start.html", project=project, form=form), \
        status if status != 200 else (400 if form.errors else 200)
