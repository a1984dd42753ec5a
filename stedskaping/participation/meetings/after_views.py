"""The team's pages at and after a meeting: the door (codes and the list), the minutes
and the photos; and the photos themselves."""

from __future__ import annotations

from flask import abort, flash, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user

from stedskaping.access import can
from stedskaping.db import db, utcnow
from stedskaping.domain import show_on_form
from stedskaping.participation.blueprint import bp
from stedskaping.participation.meetings import forms, operations, photos, queries, registrations
from stedskaping.participation.meetings.models import MeetingPhoto
from stedskaping.participation.meetings.views import ONE, _meeting_or_404, _to
from stedskaping.projects.blueprint import project_view


def _door_page(project, meeting, code_form=None, list_form=None, status=400):
    code_form, list_form = code_form or forms.CodeForm(), list_form or forms.AttendanceForm(
        walk_ins=meeting.walk_in_count)
    failed = code_form.errors or code_form.form_errors or list_form.errors or \
        list_form.form_errors
    return render_template("participation/meetings/attendance.html", project=project,
                           meeting=meeting, code_form=code_form, list_form=list_form,
                           rows=queries.registrations(meeting), counts=queries.counts(meeting),
                           now=utcnow()), status if failed else 200


@bp.get(ONE + "/attendance")
@project_view("meetings.manage")
def attendance(project, meeting_id: int):
    return _door_page(project, _meeting_or_404(project, meeting_id))


@bp.post(ONE + "/attendance/code")
@project_view("meetings.manage")
def check_in(project, meeting_id: int):
    meeting = _meeting_or_404(project, meeting_id)
    form = forms.CodeForm()
    if form.validate_on_submit():
        try:
            row = registrations.check_in(meeting, form.code.data)
        except operations.MeetingError as error:
            return _door_page(project, meeting, code_form=form,
                              status=show_on_form(form, error, "code"))
        flash(_("Welcome, %(name)s: checked in.", name=row.user.name), "success")
        return _to(meeting, ".attendance")
    return _door_page(project, meeting, code_form=form)


@bp.post(ONE + "/attendance/list")
@project_view("meetings.manage")
def record_attendance(project, meeting_id: int):
    meeting = _meeting_or_404(project, meeting_id)
    form = forms.AttendanceForm()
    if form.validate_on_submit():
        came = {int(v) for v in request.form.getlist("came") if v.isdigit() and len(v) < 12}
        try:
            total = registrations.record_attendance(meeting, came, form.walk_ins.data)
        except operations.MeetingError as error:
            return _door_page(project, meeting, list_form=form,
                              status=show_on_form(form, error, "walk_ins"))
        flash(_("Attendance saved: %(n)d came.", n=total), "success")
        return _to(meeting, ".attendance")
    return _door_page(project, meeting, list_form=form)


def _minutes_page(project, meeting, minutes_form=None, photo_form=None, status=400):
    minutes_form = minutes_form or forms.MinutesForm(minutes=meeting.minutes)
    photo_form = photo_form or forms.PhotoForm()
    failed = minutes_form.errors or minutes_form.form_errors or photo_form.errors or \
        photo_form.form_errors
    return render_template("participation/meetings/minutes.html", project=project,
                           meeting=meeting, minutes_form=minutes_form, photo_form=photo_form,
                           delete_form=forms.ConfirmForm(), now=utcnow()), \
        status if failed else 200


@bp.get(ONE + "/minutes")
@project_view("meetings.manage")
def minutes(project, meeting_id: int):
    return _minutes_page(project, _meeting_or_404(project, meeting_id))


@bp.post(ONE + "/minutes")
@project_view("meetings.manage")
def publish_minutes(project, meeting_id: int):
    meeting = _meeting_or_404(project, meeting_id)
    form = forms.MinutesForm()
    if form.validate_on_submit():
        try:
            operations.publish_minutes(meeting, current_user, form.minutes.data)
        except operations.MeetingError as error:
            return _minutes_page(project, meeting, minutes_form=form,
                                 status=show_on_form(form, error, "minutes"))
        flash(_("The minutes are published on the meeting's page."), "success")
        return _to(meeting)
    return _minutes_page(project, meeting, minutes_form=form)


@bp.post(ONE + "/photos")
@project_view("meetings.manage")
def add_photo(project, meeting_id: int):
    meeting = _meeting_or_404(project, meeting_id)
    form = forms.PhotoForm()
    upload = form.photo.data
    if form.validate_on_submit() and not getattr(upload, "filename", ""):
        form.photo.errors = [_("Choose a photo.")]
    elif form.validate_on_submit():
        try:
            data = upload.stream.read(photos.MAX_BYTES + 1)
        finally:
            upload.close()  # a large upload is a temporary file: let it go at once
        try:
            photos.add_photo(meeting, upload.filename, data, form.caption.data)
        except operations.MeetingError as error:
            return _minutes_page(project, meeting, photo_form=form,
                                 status=show_on_form(form, error, "photo"))
        flash(_("The photo is added."), "success")
        return _to(meeting, ".minutes")
    return _minutes_page(project, meeting, photo_form=form)


def _photo_or_404(meeting, photo_id: int) -> MeetingPhoto:
    photo = db.session.get(MeetingPhoto, photo_id)
    if photo is None or photo.meeting_id != meeting.id:
        abort(404)
    return photo


@bp.post(ONE + "/photos/<int:photo_id>/delete")
@project_view("meetings.manage")
def delete_photo(project, meeting_id: int, photo_id: int):
    meeting = _meeting_or_404(project, meeting_id)
    photo = _photo_or_404(meeting, photo_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    photos.remove_photo(meeting, photo)
    flash(_("The photo is removed."), "success")
    return _to(meeting, ".minutes")


@bp.get(ONE + "/photos/<int:photo_id>")
@project_view("project.view")
def show_photo(project, meeting_id: int, photo_id: int):
    meeting = _meeting_or_404(project, meeting_id)
    photo = _photo_or_404(meeting, photo_id)
    # Visitors see the photos with the published minutes; the team sees them at once.
    if meeting.minutes_published_dt is None and not can(current_user, "meetings.manage",
                                                        project):
        abort(404)
    stream = photos.photo_stream(meeting, photo)
    if stream is None:
        abort(404)
    return send_file(stream, mimetype="image/png" if photo.file_type == "png" else "image/jpeg",
                     max_age=3600)
