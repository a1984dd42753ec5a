"""Check-in on the day, from a phone: the shift lead (or the team) checks people in by
name or by code, adds walk-ins and corrects the hours worked."""

from __future__ import annotations

from flask import abort, flash, render_template
from flask_babel import gettext as _

from stedskaping.access import require
from stedskaping.domain import show_on_form
from stedskaping.input import nul_on_the_form
from stedskaping.projects.blueprint import project_view
from stedskaping.realisation.blueprint import bp
from stedskaping.realisation.camp import forms
from stedskaping.realisation.camp.days import CampError, date_of, local_today
from stedskaping.realisation.camp.operations import briefing_of
from stedskaping.realisation.shifts import checkin, queries
from stedskaping.realisation.shifts.views import SHIFT, _to, shift_or_404


def _lead_shift(project, shift_id: int):
    shift = shift_or_404(project, shift_id)
    require("camp.check_in", shift)
    return shift


def _page(project, shift, code_form=None, walk_in_form=None, hours_forms=None, status=400):
    code_form, walk_in_form = code_form or forms.CodeForm(), walk_in_form or forms.WalkInForm()
    failed = any(f.errors or f.form_errors for f in (code_form, walk_in_form,
                                                      *(hours_forms or {}).values()))
    day = date_of(project, shift.activity.day_number)
    people = queries.people_on(shift)
    return render_template(
        "realisation/shifts/check_in.html", project=project, shift=shift, day=day,
        is_today=day == local_today(), closed=checkin.closed_reason(shift, project),
        people=people, code_form=code_form,
        walk_in_form=walk_in_form, arrived_form=forms.ArrivedForm(),
        hours_forms=hours_forms or {}, hours_form=forms.HoursForm,
        briefing=briefing_of(project),
        checked_in=sum(1 for p in people if p.checked_in_dt),
        minutes=sum(p.worked_minutes or 0 for p in people if p.checked_in_dt)), \
        status if failed else 200


@bp.get(SHIFT + "/check-in")
@project_view("project.view")
def check_in_page(project, shift_id: int):
    return _page(project, _lead_shift(project, shift_id))


@bp.post(SHIFT + "/check-in/code")
@project_view("project.view")
def check_in_code(project, shift_id: int):
    shift = _lead_shift(project, shift_id)
    form = forms.CodeForm()
    if form.validate_on_submit():
        try:
            row = checkin.check_in_code(shift, project, form.code.data, form.acknowledged.data)
        except CampError as error:
            return _page(project, shift, code_form=form,
                         status=show_on_form(form, error, "code"))
        flash(_("Welcome, %(name)s: checked in.", name=row.volunteer.name), "success")
        return _to(shift, ".check_in_page")
    return _page(project, shift, code_form=form)


@bp.post(SHIFT + "/check-in/<int:signup_id>")
@project_view("project.view")
def check_in_person(project, shift_id: int, signup_id: int):
    shift = _lead_shift(project, shift_id)
    form = forms.ArrivedForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        row = checkin.check_in(shift, project, signup_id, form.acknowledged.data)
    except CampError as error:
        if error.status == 404:
            abort(404)
        flash(str(error.message), "error")
        return _to(shift, ".check_in_page")
    flash(_("Welcome, %(name)s: checked in.", name=row.volunteer.name), "success")
    return _to(shift, ".check_in_page")


@bp.post(SHIFT + "/check-in/walk-in")
@project_view("project.view")
@nul_on_the_form
def add_walk_in(project, shift_id: int):
    shift = _lead_shift(project, shift_id)
    form = forms.WalkInForm()
    if form.validate_on_submit():
        try:
            row = checkin.add_walk_in(shift, project, form.name.data, form.email.data,
                                      form.acknowledged.data)
        except CampError as error:
            return _page(project, shift, walk_in_form=form,
                         status=show_on_form(form, error, "name"))
        flash(_("Welcome, %(name)s: added and checked in.", name=row.volunteer.name),
              "success")
        return _to(shift, ".check_in_page")
    return _page(project, shift, walk_in_form=form)


@bp.post(SHIFT + "/hours/<int:signup_id>")
@project_view("project.view")
def record_hours(project, shift_id: int, signup_id: int):
    shift = _lead_shift(project, shift_id)
    form = forms.HoursForm(prefix=f"hours-{signup_id}")
    if form.validate_on_submit():
        try:
            row = checkin.record_hours(shift, project, signup_id, form.hours.data)
        except CampError as error:
            if error.status == 404:
                abort(404)
            return _page(project, shift, hours_forms={signup_id: form},
                         status=show_on_form(form, error, "hours"))
        flash(_("Hours saved for %(name)s.", name=row.volunteer.name), "success")
        return _to(shift, ".check_in_page")
    return _page(project, shift, hours_forms={signup_id: form})
