"""Stage checklists, task pages with guidance and deliverables, and deliverable files."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from stedskaping.access import can, require
from stedskaping.accounts.models import User
from stedskaping.cache import cached_page
from stedskaping.db import db
from stedskaping.projects import deliverable_forms, files, forms, operations, queries
from stedskaping.projects.blueprint import bp, project_view
from stedskaping.projects.process import workflow_for


def _stage_or_404(project, stage_key):
    workflow = workflow_for(project).workflow
    stage = workflow.stage(stage_key)
    if stage is None or stage.final:
        abort(404)
    return workflow, stage


@bp.get("/projects/<int:project_id>/stages/<stage_key>")
@project_view("project.view_internal")
def show_stage(project, stage_key: str):
    workflow, stage = _stage_or_404(project, stage_key)
    progress = queries.progress_rows(project)
    return render_template("projects/stage.html", project=project, workflow=workflow,
                           stage=stage, progress=progress, window=project.window(stage.key),
                           today=date.today(), lang=str(get_locale()))


def _task_or_404(project, stage_key, task_key):
    workflow, stage = _stage_or_404(project, stage_key)
    task = stage.task(task_key)
    if task is None:
        abort(404)
    return workflow, stage, task


def _checked_upload(spec, ext: str, data: bytes) -> tuple[bytes | None, str | None]:
    """(the bytes to store, None), or (None, why the file is refused)."""
    if ext not in spec.accept:
        return None, _("Upload a file of type %(types)s.", types=", ".join(spec.accept))
    if len(data) > (spec.max_bytes or 0):
        return None, _("The file is too large: at most %(mb)d MB.",
                       mb=(spec.max_bytes or 0) // (1024 * 1024))
    prepared = files.prepare(ext, data)  # photos lose their EXIF and GPS tags here
    if prepared is None:
        return None, _("The file's content does not match its type (.%(ext)s).", ext=ext)
    return prepared, None


def _uploads(form, task, project, previous: dict) -> tuple[dict, bool]:
    """Check and store uploaded files. Returns (file answers, all ok).

    A stored file is removed again if the request fails or rolls back
    (files.store); a saved file stays unless replaced or its remove box is ticked.
    """
    answers, ok = {}, True
    for spec in task.fields:
        if spec.type != "file":
            continue
        upload = form[spec.key].data
        if not upload or not getattr(upload, "filename", ""):
            remove = form._fields.get(deliverable_forms.remove_field(spec.key))
            if previous.get(spec.key) and not (remove and remove.data):
                answers[spec.key] = previous[spec.key]
            continue
        ext = files.extension(upload.filename)
        data, error = _checked_upload(spec, ext, upload.read())
        if error:
            form[spec.key].errors.append(error)
            ok = False
            continue
        answers[spec.key] = {"stored": files.store(project.id, ext, data),
                             "name": files.display_name(upload.filename), "type": ext,
                             "size": len(data)}
    return answers, ok


def _save(form, project, stage, task, progress):
    """Save the posted deliverable; returns a redirect, or None with the errors on the form
    (and the conflict, if someone saved in between)."""
    complete = request.form.get("action") == "complete"
    if not form.validate_on_submit():
        return None, None
    file_answers, files_ok = _uploads(form, task, project, progress.answers or {})
    if not files_ok:
        return None, None
    answers = {**deliverable_forms.answers_from(form, task), **file_answers}
    try:
        operations.save_task(project, stage.key, task.key, current_user, answers,
                             complete=complete, version=deliverable_forms.started_from(form))
    except operations.EditConflict as conflict:
        # The next save from this page is a deliberate one over the version shown.
        form[deliverable_forms.VERSION_FIELD].data = str(conflict.version)
        form.form_errors.append(conflict.message)
        return None, conflict
    except operations.ProjectError as error:
        for key, message in error.errors.items():
            form[key].errors.append(message)
        return None, None
    flash(_("The task is marked as done.") if complete else _("Your draft is saved."),
          "success")
    return redirect(url_for(".show_task", project_id=project.id, stage_key=stage.key,
                            task_key=task.key)), None


@bp.route("/projects/<int:project_id>/tasks/<stage_key>/<task_key>", methods=["GET", "POST"])
@cached_page
@project_view("project.view_internal")
def show_task(project, stage_key: str, task_key: str, comment_form=None):
    workflow, stage, task = _task_or_404(project, stage_key, task_key)
    progress = operations.task_progress(project, stage.key, task.key)
    lang = str(get_locale())
    form = deliverable_forms.form_for(task, lang, progress.answers or {},
                                      version=progress.version)
    status, conflict = (200 if comment_form is None else 400), None
    if request.method == "POST" and comment_form is None:
        require("project.edit", project)
        done, conflict = _save(form, project, stage, task, progress)
        if done is not None:
            return done
        status = 409 if conflict else 400
    return render_template(
        "projects/task.html", project=project, workflow=workflow, stage=stage, task=task,
        progress=progress, form=form, lang=lang, can_edit=can(current_user, "project.edit",
                                                             project),
        conflict=conflict, conflict_by=_user(conflict.updated_by_id) if conflict else None,
        history=queries.recent_events(project, limit=20, task=(stage.key, task.key)),
        comments=operations.task_comments(project, stage.key, task.key),
        comment_form=comment_form or forms.CommentForm(formdata=None),
    ), status


def _user(user_id):
    return db.session.get(User, user_id) if user_id else None


@bp.get("/projects/<int:project_id>/files/<stored>")
@project_view("project.view_internal")
def download_file(project, stored: str):
    # The access check came first (project_view); then only a file an answer names.
    answer = queries.file_answer(project, stored)
    stream = files.open_file(project.id, stored) if answer else None
    if stream is None:
        abort(404)
    # Streamed from storage in blocks; the name is the one it was uploaded with, as
    # saved, never taken from the address.
    return send_file(stream, as_attachment=True,
                     download_name=files.display_name(str(answer.get("name") or stored)))


@bp.post("/projects/<int:project_id>/tasks/<stage_key>/<task_key>/comments")
@project_view("project.comment")
def comment_on_task(project, stage_key: str, task_key: str):
    _task_or_404(project, stage_key, task_key)
    form = forms.CommentForm()
    if not form.validate_on_submit():
        return show_task.undecorated(project, stage_key, task_key, comment_form=form)
    link = url_for(".show_task", project_id=project.id, stage_key=stage_key,
                   task_key=task_key, _external=True) + "#comments"
    operations.comment_on_task(project, stage_key, task_key, current_user, form.body.data,
                               link=link)
    return redirect(url_for(".show_task", project_id=project.id, stage_key=stage_key,
                            task_key=task_key) + "#comments")
