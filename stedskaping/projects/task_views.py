"""Stage checklists, task pages with guidance and deliverables, and deliverable files."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from stedskaping.access import can, require
from stedskaping.engine.process import workflow_for
from stedskaping.projects import deliverable_forms, files, operations, queries
from stedskaping.projects.blueprint import bp, project_or_404
from stedskaping.supervision.forms import CommentForm


def _stage_or_404(project, stage_key):
    workflow = workflow_for(project).workflow
    stage = workflow.stage(stage_key)
    if stage is None or stage.final:
        abort(404)
    return workflow, stage


@bp.get("/projects/<int:project_id>/stages/<stage_key>")
def show_stage(project_id: int, stage_key: str):
    project = project_or_404(project_id)
    require("project.view_internal", project)
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


def _uploads(form, task, project, previous: dict) -> tuple[dict, list[str], bool]:
    """Check and store uploaded files. Returns (file answers, stored names, all ok)."""
    answers, stored, ok = {}, [], True
    for spec in task.fields:
        if spec.type != "file":
            continue
        upload = form[spec.key].data
        if not upload or not getattr(upload, "filename", ""):
            if previous.get(spec.key):
                answers[spec.key] = previous[spec.key]
            continue
        ext = files.extension(upload.filename)
        data = upload.read()
        if ext not in spec.accept:
            form[spec.key].errors.append(_("Upload a file of type %(types)s.",
                                           types=", ".join(spec.accept)))
            ok = False
        elif len(data) > (spec.max_bytes or 0):
            form[spec.key].errors.append(_("The file is too large: at most %(mb)d MB.",
                                           mb=(spec.max_bytes or 0) // (1024 * 1024)))
            ok = False
        elif not files.content_matches(ext, data):
            form[spec.key].errors.append(_("The file's content does not match its type "
                                           "(.%(ext)s).", ext=ext))
            ok = False
        else:
            name = files.store(project.id, ext, data)
            stored.append(name)
            answers[spec.key] = {"stored": name, "name": upload.filename[-200:], "type": ext,
                                 "size": len(data)}
    return answers, stored, ok


@bp.route("/projects/<int:project_id>/tasks/<stage_key>/<task_key>", methods=["GET", "POST"])
def show_task(project_id: int, stage_key: str, task_key: str, comment_form=None):
    project = project_or_404(project_id)
    require("project.view_internal", project)
    workflow, stage, task = _task_or_404(project, stage_key, task_key)
    progress = operations.task_progress(project, stage.key, task.key)
    lang = str(get_locale())
    form = deliverable_forms.form_for(task, lang, progress.answers or {})
    status = 200 if comment_form is None else 400
    if request.method == "POST" and comment_form is None:
        require("project.edit", project)
        complete = request.form.get("action") == "complete"
        if form.validate_on_submit():
            file_answers, stored, files_ok = _uploads(form, task, project, progress.answers or {})
            if files_ok:
                answers = {**deliverable_forms.answers_from(form, task), **file_answers}
                try:
                    operations.save_task(project, stage.key, task.key, current_user, answers,
                                         complete=complete)
                except operations.ProjectError as error:
                    for key, message in error.errors.items():
                        form[key].errors.append(message)
                else:
                    flash(_("The task is marked as done.") if complete else
                          _("Your draft is saved."), "success")
                    return redirect(url_for(".show_task", project_id=project.id,
                                            stage_key=stage.key, task_key=task.key))
            for name in stored:  # nothing was saved, so nothing may be kept
                files.discard(project.id, name)
        status = 400
    return render_template(
        "projects/task.html", project=project, workflow=workflow, stage=stage, task=task,
        progress=progress, form=form, lang=lang, can_edit=can(current_user, "project.edit",
                                                             project),
        history=queries.recent_events(project, limit=20, task=(stage.key, task.key)),
        comments=operations.task_comments(project, stage.key, task.key),
        comment_form=comment_form or CommentForm(formdata=None),
    ), status


@bp.get("/projects/<int:project_id>/files/<stored>")
def download_file(project_id: int, stored: str):
    project = project_or_404(project_id)
    require("project.view_internal", project)
    path = files.path_for(project.id, stored)
    if path is None:
        abort(404)
    return send_file(path, as_attachment=True, download_name=request.args.get("name") or stored)


@bp.post("/projects/<int:project_id>/tasks/<stage_key>/<task_key>/comments")
def comment_on_task(project_id: int, stage_key: str, task_key: str):
    project = project_or_404(project_id)
    require("project.comment", project)
    _task_or_404(project, stage_key, task_key)
    form = CommentForm()
    if not form.validate_on_submit():
        return show_task(project_id, stage_key, task_key, comment_form=form)
    operations.comment_on_task(project, stage_key, task_key, current_user, form.body.data)
    return redirect(url_for(".show_task", project_id=project_id, stage_key=stage_key,
                            task_key=task_key) + "#comments")
