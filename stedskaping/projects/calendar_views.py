"""Giving the project's calendar feed a new secret address."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stedskaping.projects import forms
from stedskaping.projects.blueprint import bp, project_view


@bp.post("/projects/<int:project_id>/calendar/rotate")
@project_view("project.rotate_calendar")
def rotate_calendar(project):
    if not forms.PostForm().validate_on_submit():
        abort(400)
    from stedskaping.projects import calendar  # icalendar loads only when used

    calendar.rotate_token(project, current_user)
    flash(_("The calendar has a new address; the old one no longer works. Subscribe again "
            "with the new address."), "success")
    return redirect(url_for(".home", project_id=project.id) + "#plan-heading")
