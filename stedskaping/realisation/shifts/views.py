"""The shift pages: one shift (signing up, the code, the waitlist), and the team's pages to
plan, change and cancel shifts."""

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
from stedskaping.realisation.camp import forms
from stedskaping.realisation.camp.days import CampError, date_of
from stedskaping.realisation.camp.views import ACTIVITY, CAMP, activity_or_404
from stedskaping.realisation.shifts import operations, queries, signups
from stedskaping.realisation.shifts.models import CampShift, SignupStatus

SHIFT = CAMP + "/shifts/<int:shift_id>"


def shift_or_404(project, shift_id: int) -> CampShift:
    shift = db.session.get(CampShift, shift_id)
    if shift is None or shift.project_id != project.id:
        abort(404)
    return shift


def _to(shift, endpoint=".show_shift"):
    return redirect(url_for(endpoint, project_id=shift.project_id, shift_id=shift.id))


def _shift_page(project, shift, form=None, clashes=(), status=200):
    form = form or forms.SignUpForm()
    if shift.minimum_age:  # the box says what the person confirms
        form.is_age_confirmed.label.text = _("I am at least %(age)d years old.",
                                             age=shift.minimum_age)
    volunteer = signups.volunteer_for(project.id, current_user, create=False) \
        if current_user.is_authenticated else None
    return render_template(
        "realisation/shifts/show.html", project=project, shift=shift,
        day=date_of(project, shift.activity.day_number), form=form,
        mine=signups.signup_of(shift, volunteer), volunteer=volunteer,
        taken=signups.places_taken(shift), closed=signups.closed_reason(shift, project),
        is_team=can(current_user, "camp.manage", project),
        may_check_in=can(current_user, "camp.check_in", shift), clashes=clashes,
        pledge=signups.hours_pledge(project.id, current_user)
        if current_user.is_authenticated else None,
        confirm=forms.ConfirmForm()), status


@bp.get(SHIFT)
@project_view("project.view")
def show_shift(project, shift_id: int):
    return _shift_page(project, shift_or_404(project, shift_id))


@bp.post(SHIFT + "/sign-up")
@project_view("camp.sign_up")
def sign_up(project, shift_id: int):
    shift = shift_or_404(project, shift_id)
    form = forms.SignUpForm()
    if not form.validate_on_submit():
        abort(400)
    choice = signups.SignUp(is_age_confirmed=form.is_age_confirmed.data,
                            is_overlap_accepted=form.is_overlap_accepted.data)
    try:
        row = signups.sign_up(shift, project, current_user, choice)
    except signups.OverlapWarning as warning:
        db.session.rollback()
        return _shift_page(project, shift_or_404(project, shift_id), form,
                           clashes=warning.shifts, status=409)
    except CampError as error:
        db.session.rollback()
        shift = shift_or_404(project, shift_id)
        return _shift_page(project, shift, form, status=show_on_form(form, error))
    if row.status == SignupStatus.WAITLISTED:
        flash(_("The shift is full: you are on the waitlist, and we tell you if a place "
                "becomes free."), "info")
    else:
        flash(_("You are on the shift. Your code for check-in is %(code)s.",
                code=row.volunteer.code), "success")
    return _to(shift)


@bp.post(SHIFT + "/withdraw")
@project_view("camp.sign_up")
def withdraw(project, shift_id: int):
    shift = shift_or_404(project, shift_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    try:
        signups.cancel(shift, project, current_user)
    except CampError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        flash(_("You are off the shift."), "success")
    return _to(shift)


def _lead_choices(form, project):
    team = sorted(((m.user_id, m.user.name) for m in project.members), key=lambda p: p[1])
    form.lead_id.choices = [("", _("Nobody yet"))] + team


def _plan(form) -> operations.ShiftPlan:
    return operations.ShiftPlan(**{name: form[name].data for name in (
        "title", "starts_at", "ends_at", "capacity", "skills", "minimum_age", "lead_id",
        "is_safety")})


def _edit_page(project, activity, form, shift=None, status=400):
    return render_template("realisation/shifts/edit.html", project=project, activity=activity,
                           form=form, shift=shift,
                           day=date_of(project, activity.day_number)), \
        status if form.errors or form.form_errors else 200


@bp.route(ACTIVITY + "/shifts/new", methods=["GET", "POST"])
@project_view("camp.manage")
@nul_on_the_form
def new_shift(project, activity_id: int):
    activity = activity_or_404(project, activity_id)
    form = forms.ShiftForm()
    _lead_choices(form, project)
    if not form.is_submitted():
        form.starts_at.data, form.ends_at.data = activity.starts_at, activity.ends_at
    if form.validate_on_submit():
        try:
            shift = operations.plan_shift(project, activity, current_user, _plan(form))
        except CampError as error:
            return _edit_page(project, activity, form, status=show_on_form(form, error))
        flash(_("The shift is open for sign-up."), "success")
        return _to(shift)
    return _edit_page(project, activity, form)


@bp.route(SHIFT + "/edit", methods=["GET", "POST"])
@project_view("camp.manage")
@nul_on_the_form
def edit_shift(project, shift_id: int):
    shift = shift_or_404(project, shift_id)
    form = forms.ShiftForm(obj=shift)
    _lead_choices(form, project)
    if form.validate_on_submit():
        try:
            moved = operations.change_shift(shift, project, current_user, _plan(form))
        except CampError as error:
            return _edit_page(project, shift.activity, form, shift,
                              status=show_on_form(form, error))
        flash(_("The shift is saved; those on it are told of the new time.") if moved
              else _("The shift is saved."), "success")
        return _to(shift)
    return _edit_page(project, shift.activity, form, shift)


@bp.route(SHIFT + "/cancel", methods=["GET", "POST"])
@project_view("camp.manage")
def cancel_shift(project, shift_id: int):
    """A confirmation first: cancelling a shift with people on it cannot be undone."""
    shift = shift_or_404(project, shift_id)
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        try:
            told = operations.cancel_shift(shift, current_user)
        except CampError as error:
            flash(str(error.message), "error")
        else:
            flash(_("The shift is cancelled; %(n)d people on it are told.", n=told), "success")
        return _to(shift)
    return render_template("realisation/shifts/cancel.html", project=project, shift=shift,
                           form=form, people=queries.people_on(shift),
                           day=date_of(project, shift.activity.day_number))
