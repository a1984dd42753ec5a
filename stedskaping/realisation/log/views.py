"""The daily log: the team's page to write it, and its photos for everyone."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stedskaping.db import db
from stedskaping.domain import show_on_form
from stedskaping.projects import files
from stedskaping.projects.blueprint import project_view
from stedskaping.realisation.blueprint import bp
from stedskaping.realisation.log import forms, operations
from stedskaping.realisation.log.models import LogEntry, LogPhoto
from stedskaping.realisation.measures.forms import ConfirmForm

BASE = "/projects/<int:project_id>/log"


def _page(project, entry_form=None, photo_form=None, photo_for=None, status=200):
    days = operations.camp_days(project)
    entry_form = entry_form or forms.EntryForm(formdata=None)
    entry_form.set_days(days)
    if entry_form.day_on.data is None and days:
        entry_form.day_on.data = days[-1]
    return render_template(
        "realisation/log.html", project=project, days=days,
        entries=operations.entries_of(project.id), entry_form=entry_form,
        photo_form=photo_form or forms.PhotoForm(formdata=None), photo_for=photo_for,
        blank_photo=forms.PhotoForm(formdata=None), confirm=ConfirmForm()), status


@bp.get(BASE)
@project_view("realisation.manage")
def daily_log(project):
    return _page(project)


@bp.post(BASE)
@project_view("realisation.manage")
def write_log(project):
    form = forms.EntryForm()
    if not form.validate_on_submit():
        return _page(project, entry_form=form, status=400)
    try:
        operations.write_entry(project, current_user, form.day_on.data, form.note.data)
    except operations.LogError as error:
        return _page(project, entry_form=form, status=show_on_form(form, error))
    flash(_("The day's note is on the project's page."), "success")
    return redirect(url_for(".daily_log", project_id=project.id))


def _entry_or_404(project, entry_id: int) -> LogEntry:
    entry = db.session.get(LogEntry, entry_id)
    if entry is None or entry.project_id != project.id:
        abort(404)
    return entry


@bp.post(BASE + "/<int:entry_id>/photos")
@project_view("realisation.manage")
def add_log_photo(project, entry_id: int):
    entry = _entry_or_404(project, entry_id)
    form = forms.PhotoForm()
    upload = form.photo.data
    if not form.validate_on_submit():
        return _page(project, photo_form=form, photo_for=entry.id, status=400)
    if not getattr(upload, "filename", ""):
        form.photo.errors = [_("Choose a photo.")]
        return _page(project, photo_form=form, photo_for=entry.id, status=400)
    try:
        data = upload.stream.read(operations.MAX_BYTES + 1)
    finally:
        upload.close()
    try:
        operations.add_photo(entry, upload.filename, data, form.caption.data)
    except operations.LogError as error:
        return _page(project, photo_form=form, photo_for=entry.id,
                     status=show_on_form(form, error, "photo"))
    flash(_("The photo is added."), "success")
    return redirect(url_for(".daily_log", project_id=project.id))


def _photo_or_404(project, photo_id: int) -> LogPhoto:
    photo = db.session.get(LogPhoto, photo_id)
    if photo is None or photo.entry.project_id != project.id:
        abort(404)
    return photo


@bp.post(BASE + "/photos/<int:photo_id>/delete")
@project_view("realisation.manage")
def delete_log_photo(project, photo_id: int):
    photo = _photo_or_404(project, photo_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    operations.remove_photo(photo.entry, photo)
    flash(_("The photo is removed."), "success")
    return redirect(url_for(".daily_log", project_id=project.id))


@bp.get(BASE + "/photos/<int:photo_id>")
@project_view("project.view")
def log_photo(project, photo_id: int):
    photo = _photo_or_404(project, photo_id)
    stream = files.open_file(project.id, photo.stored)
    if stream is None:
        abort(404)
    return send_file(stream, mimetype="image/png" if photo.file_type == "png" else "image/jpeg",
                     max_age=3600)
