"""The meeting pages: the list, one meeting (registering, the code, the minutes), and the
team's pages to plan, change and cancel, to check people in and to publish minutes."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stedskaping.access import can
from stedskaping.db import db, utcnow
from stedskaping.domain import show_on_form
from stedskaping.participation.blueprint import bp
from stedskaping.participation.meetings import forms, operations, queries, registrations
from stedskaping.participation.meetings.models import Meeting, RegistrationStatus
from stedskaping.projects.blueprint import project_view

BASE = "/projects/<int:project_id>/meetings"
ONE = BASE + "/<int:meeting_id>"


def _meeting_or_404(project, meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.project_id != project.id:
        abort(404)
    return meeting


def _to(meeting, endpoint=".show_meeting"):
    return redirect(url_for(endpoint, project_id=meeting.project_id, meeting_id=meeting.id))


@bp.get(BASE)
@project_view("project.view")
def list_meetings(project):
    return render_template("participation/meetings/list.html", project=project,
                           meetings=queries.meetings_page(project), now=utcnow(),
                           is_team=can(current_user, "meetings.manage", project))


@bp.get(ONE)
@project_view("project.view")
def show_meeting(project, meeting_id: int):
    meeting = _meeting_or_404(project, meeting_id)
    now = utcnow()
    return render_template(
        "participation/meetings/show.html", project=project, meeting=meeting, now=now,
        mine=registrations.registration_of(meeting, current_user),
        closed=registrations.closed_reason(meeting, now), counts=queries.counts(meeting),
        is_team=can(current_user, "meetings.manage", project), form=forms.ConfirmForm(),
        held=operations.is_held(meeting, now))


def _plan(form) -> operations.MeetingPlan:
    return operations.MeetingPlan(**{name: form[name].data for name in (
        "title", "description", "place", "online_link", "starts_dt", "ends_dt", "capacity",
        "is_registration_open", "registration_deadline_dt")})


def _edit_page(project, form, meeting=None, status=400):
    return render_template("participation/meetings/edit.html", project=project, form=form,
                           meeting=meeting), status if form.errors or form.form_errors else 200


@bp.route(BASE + "/new", methods=["GET", "POST"])
@project_view("meetings.manage")
def new_meeting(project):
    form = forms.MeetingForm()
    if form.validate_on_submit():
        try:
            meeting = operations.plan_meeting(project, current_user, _plan(form))
        except operations.MeetingError as error:
            return _edit_page(project, form, status=show_on_form(form, error))
        flash(_("The meeting is on the project's page."), "success")
        return _to(meeting)
    return _edit_page(project, form)


@bp.route(ONE + "/edit", methods=["GET", "POST"])
@project_view("meetings.manage")
def edit_meeting(project, meeting_id: int):
    meeting = _meeting_or_404(project, meeting_id)
    form = forms.MeetingForm(obj=meeting)
    if form.validate_on_submit():
        try:
            operations.change_meeting(meeting, current_user, _plan(form))
        except operations.MeetingError as error:
            return _edit_page(project, form, meeting, status=show_on_form(form, error))
        flash(_("The meeting is saved. Those registered are told if it moved."), "success")
        return _to(meeting)
    return _edit_page(project, form, meeting)


def _one_step(project, meeting_id: int, step, done: str):
    """A button that does one thing to a meeting: CSRF-checked, refusals shown."""
    meeting = _meeting_or_404(project, meeting_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    try:
        step(meeting)
    except operations.MeetingError as error:
        flash(str(error.message), "error")
        db.session.rollback()
    else:
        if done:
            flash(done, "success")
    return _to(meeting)


@bp.post(ONE + "/cancel")
@project_view("meetings.manage")
def cancel_meeting(project, meeting_id: int):
    return _one_step(project, meeting_id,
                     lambda m: operations.cancel_meeting(m, current_user),
                     _("The meeting is cancelled; those registered are told."))


@bp.post(ONE + "/register")
@project_view("meetings.register")
def register(project, meeting_id: int):
    def step(meeting):
        row = registrations.register(meeting, current_user)
        if row.status == RegistrationStatus.WAITLISTED:
            flash(_("The meeting is full: you are on the waitlist, and we tell you if a "
                    "seat becomes free."), "info")
        else:
            flash(_("You are registered. Your code for the door is %(code)s.",
                    code=row.code), "success")

    return _one_step(project, meeting_id, step, "")


@bp.post(ONE + "/unregister")
@project_view("meetings.register")
def unregister(project, meeting_id: int):
    return _one_step(project, meeting_id,
                     lambda m: registrations.cancel(m, current_user),
                     _("Your registration is cancelled."))


@bp.get(ONE + "/meeting.ics")
@project_view("project.view")
def meeting_ics(project, meeting_id: int):
    meeting = _meeting_or_404(project, meeting_id)
    page = url_for(".show_meeting", project_id=project.id, meeting_id=meeting.id,
                   _external=True)
    body = queries.ics(meeting, current_app.config.get("SERVER_NAME") or "stedskaping", page)
    return body, 200, {"Content-Type": "text/calendar; charset=utf-8",
                       "Content-Disposition": f'attachment; filename="meeting-{meeting.id}.ics"'}

