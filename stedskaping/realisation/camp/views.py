"""The camp pages: the programme (public, with the team's tools), the team's pages to
plan activities, and the safety briefing."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stedskaping.access import can
from stedskaping.db import db
from stedskaping.domain import show_on_form
from stedskaping.input import nul_on_the_form
from stedskaping.projects.blueprint import project_view
from stedskaping.realisation.blueprint import bp
from stedskaping.realisation.camp import forms, operations, queries
from stedskaping.realisation.camp.days import CampError, camp_days, date_of
from stedskaping.realisation.camp.models import CampActivity
from stedskaping.realisation.measures.models import Measure
from stedskaping.realisation.shifts import queries as shift_queries
from stedskaping.realisation.shifts import signups

CAMP = "/projects/<int:project_id>/camp"
ACTIVITY = CAMP + "/activities/<int:activity_id>"


def activity_or_404(project, activity_id: int) -> CampActivity:
    activity = db.session.get(CampActivity, activity_id)
    if activity is None or activity.project_id != project.id:
        abort(404)
    return activity


def _to_plan(project):
    return redirect(url_for(".show_camp", project_id=project.id))


@bp.get(CAMP)
@project_view("project.view")
def show_camp(project):
    is_team = can(current_user, "camp.manage", project)
    mine = None
    if current_user.is_authenticated:
        pledge = signups.hours_pledge(project.id, current_user)
        volunteer = signups.volunteer_for(project.id, current_user, create=False)
        mine = {"pledge": pledge, "volunteer": volunteer,
                "minutes": signups.signed_up_minutes(volunteer)}
    return render_template(
        "realisation/camp/plan.html", project=project, days=queries.programme(project),
        is_team=is_team, mine=mine, briefing=operations.briefing_of(project),
        backers=shift_queries.hour_backers(project.id) if is_team else [])


def _choices(form, project):
    team = sorted(((m.user_id, m.user.name) for m in project.members), key=lambda p: p[1])
    form.lead_id.choices = [("", _("Nobody from the team"))] + team
    measures = db.session.execute(db.select(Measure.id, Measure.title).where(
        Measure.project_id == project.id).order_by(Measure.position, Measure.id)).all()
    form.measure_id.choices = [("", _("No measure"))] + [tuple(m) for m in measures]


def _plan(form) -> operations.ActivityPlan:
    return operations.ActivityPlan(**{name: form[name].data for name in (
        "day_on", "starts_at", "ends_at", "title", "place", "description", "lead_id",
        "lead_name", "measure_id")})


def _edit_page(project, form, activity=None, status=400):
    days = camp_days(project)
    if days:
        form.day_on.render_kw = {**(form.day_on.render_kw or {}), "min": days[0].isoformat(),
                                 "max": days[-1].isoformat()}
    return render_template("realisation/camp/edit_activity.html", project=project, form=form,
                           activity=activity, days=days), \
        status if form.errors or form.form_errors else 200


@bp.route(CAMP + "/activities/new", methods=["GET", "POST"])
@project_view("camp.manage")
@nul_on_the_form
def new_activity(project):
    form = forms.ActivityForm()
    _choices(form, project)
    if form.validate_on_submit():
        try:
            operations.add_activity(project, current_user, _plan(form))
        except CampError as error:
            return _edit_page(project, form, status=show_on_form(form, error))
        flash(_("The activity is on the camp's programme."), "success")
        return _to_plan(project)
    return _edit_page(project, form)


@bp.route(ACTIVITY + "/edit", methods=["GET", "POST"])
@project_view("camp.manage")
@nul_on_the_form
def edit_activity(project, activity_id: int):
    activity = activity_or_404(project, activity_id)
    form = forms.ActivityForm(obj=activity)
    _choices(form, project)
    if not form.is_submitted():
        form.day_on.data = date_of(project, activity.day_number)
    if form.validate_on_submit():
        try:
            operations.change_activity(activity, project, current_user, _plan(form))
        except CampError as error:
            return _edit_page(project, form, activity, status=show_on_form(form, error))
        flash(_("The activity is saved."), "success")
        return _to_plan(project)
    return _edit_page(project, form, activity)


@bp.post(ACTIVITY + "/delete")
@project_view("camp.manage")
def delete_activity(project, activity_id: int):
    activity = activity_or_404(project, activity_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    try:
        operations.remove_activity(activity, current_user)
    except CampError as error:
        flash(str(error.message), "error")
    else:
        flash(_("The activity is taken off the programme."), "success")
    return _to_plan(project)


@bp.route(CAMP + "/briefing", methods=["GET", "POST"])
@project_view("camp.manage")
@nul_on_the_form
def edit_briefing(project):
    briefing = operations.briefing_of(project)
    form = forms.BriefingForm(obj=briefing)
    if form.validate_on_submit():
        try:
            operations.save_briefing(project, current_user, form.text.data)
        except CampError as error:
            status = show_on_form(form, error, "text")
        else:
            flash(_("The safety briefing is saved."), "success")
            return _to_plan(project)
    else:
        status = 400 if form.errors else 200
    return render_template("realisation/camp/briefing.html", project=project,
                           form=form), status


@bp.context_processor
def _camp_helpers():
    """``at(day, time)``: a camp day's local time as a moment, for ``format_time``;
    ``hours(minutes)``: hours as a number in the reader's style (3,5)."""
    from stedskaping.formats import number, percent
    from stedskaping.realisation.camp.days import moment

    return {"at": moment, "percent": percent,
            "hours": lambda minutes: number((minutes or 0) / 60, "#,##0.##")}
