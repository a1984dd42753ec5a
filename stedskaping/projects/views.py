"""Project pages: start a project, its public page, the list, and the workspace."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from stedskaping import plugins
from stedskaping.access import require
from stedskaping.cache import cached_page
from stedskaping.domain import show_on_form
from stedskaping.engine.machine import EngineError
from stedskaping.fields import options
from stedskaping.municipalities.queries import all_municipalities, all_programmes
from stedskaping.projects import forms, operations, planning, queries, timeline_svg
from stedskaping.projects.blueprint import bp, project_view
from stedskaping.projects.process import allowed_triggers, workflow_for, workflows


def _lang() -> str:
    return str(get_locale())


def _today() -> date:
    return date.today()


@bp.get("/projects/")
@cached_page(args=("q", "municipality", "stage"))
def list_projects():
    form = forms.SearchForm(request.args)
    municipalities = all_municipalities()
    form.municipality.choices = options([("", _("All municipalities"))] + [
        (m.slug, m.name) for m in municipalities])
    stages = {}
    for compiled in workflows().latest():
        for stage in compiled.workflow.stages:
            stages.setdefault(stage.key, stage.title.get(_lang()))
    form.stage.choices = options([("", _("All stages"))] + list(stages.items()))
    form.validate()
    projects = queries.public_projects(
        search=form.q.data if not form.q.errors else None,
        municipality_slug=form.municipality.data or None,
        stage=form.stage.data or None,
    )
    return render_template("projects/list.html", form=form, projects=projects,
                           stage_titles=stages)


@bp.get("/projects/mine")
@login_required
def my_projects():
    return render_template("projects/mine.html", projects=queries.projects_of(current_user))


@bp.route("/projects/new", methods=["GET", "POST"])
@login_required
def new_project():
    require("project.create")
    form = forms.NewProjectForm(workflow=current_app.config["DEFAULT_WORKFLOW"])
    form.municipality.choices = options([(m.id, m.name) for m in all_municipalities()])
    offered = sorted(workflows().latest(), key=lambda c: (
        c.workflow.key != current_app.config["DEFAULT_WORKFLOW"], c.workflow.key))
    form.workflow.choices = options([(c.workflow.key, c.workflow.title.get(_lang()))
                                     for c in offered])
    form.programme.choices = options([("", _("None"))] + [
        (str(p.id), f"{p.name} ({p.municipality.name})") for p in all_programmes()])
    if form.validate_on_submit():
        from_start = form.plan_from.data == "start"
        try:
            project = operations.create_project(operations.NewProject(
                title=form.title.data, municipality_id=form.municipality.data,
                workflow_key=form.workflow.data, description=form.description.data,
                place_name=form.place_name.data, latitude=form.latitude.data,
                longitude=form.longitude.data,
                start_on=form.plan_date.data if from_start else None,
                camp_on=None if from_start else form.plan_date.data,
                programme_id=int(form.programme.data) if form.programme.data else None,
                today=_today(),
            ), current_user)
        except operations.ProjectError as error:
            # A refused plan (field "start_on", not on this form) is about the date typed in.
            if error.field not in form:
                error.field = "plan_date"
            show_on_form(form, error, "plan_date")
        else:
            flash(_("The project is created and its plan is ready. Start with the first "
                    "task below."), "success")
            return redirect(url_for(".home", project_id=project.id))
    return render_template("projects/new.html", form=form), 400 if form.errors else 200


def _picture(project, workflow, overview=None):
    overdue = {}
    for item in (overview.overdue if overview else []):
        overdue.setdefault(item.stage.key, []).append(item.progress.due_on)
    return timeline_svg.build(project, workflow, _today(), _lang(), overdue)


@bp.get("/projects/<int:project_id>")
@cached_page
@project_view("project.view")
def show_project(project):
    workflow = workflow_for(project).workflow
    return render_template("projects/public.html", project=project, workflow=workflow,
                           picture=_picture(project, workflow), lang=_lang(),
                           panels=plugins.current().panels_for("public", project))


@bp.get("/projects/<int:project_id>/home")
@cached_page
@project_view("project.view_internal")
def home(project):
    compiled = workflow_for(project)
    workflow = compiled.workflow
    progress = queries.progress_rows(project)
    overview = queries.overview(project, workflow, progress, _today())
    options = allowed_triggers(project, current_user, _lang())
    return render_template(
        "projects/home.html", project=project, workflow=workflow, overview=overview,
        picture=_picture(project, workflow, overview), lang=_lang(), today=_today(),
        stage_keys=[s.key for s in workflow.stages],
        panels=plugins.current().panels_for("home", project),
        move_url=lambda trigger: url_for(".move_on", project_id=project.id, trigger=trigger),
        options=options, reason_windows=operations.reason_windows(project, options, _today()),
        events=queries.recent_events(project), move_form=forms.MoveOnForm(),
        pending_request=queries.pending_camp_request(project),
        standing=planning.standing(project, workflow, _today()),
        calendar_url=url_for(".calendar", token=project.calendar_token, _external=True),
    )


@bp.post("/projects/<int:project_id>/move/<trigger>")
@project_view("project.move_on")
def move_on(project, trigger: str):
    form = forms.MoveOnForm()
    if not form.validate_on_submit():
        return render_template("projects/refused.html", project=project,
                               reasons=[e for errs in form.errors.values() for e in errs]), 400
    try:
        dest = operations.move_on(project, trigger, current_user, form.comment.data,
                                  confirmed=form.confirm.data)
    except EngineError as error:
        return render_template("projects/refused.html", project=project,
                               reasons=error.reasons), error.status
    except operations.ProjectError as error:
        return render_template("projects/refused.html", project=project,
                               reasons=[error.message]), error.status
    flash(_("Done: the project is now in “%(stage)s”.",
            stage=workflow_for(project).workflow.state_title(dest, _lang())), "success")
    return redirect(url_for(".home", project_id=project.id))


@bp.route("/projects/<int:project_id>/camp-date", methods=["GET", "POST"])
@project_view("project.request_camp_date")
def request_camp_date(project):
    form = forms.CampDateForm()
    if form.validate_on_submit():
        try:
            operations.request_camp_date(
                project, current_user, form.camp_on.data, form.reason.data, today=_today(),
                link=url_for("supervision.review", project_id=project.id, _external=True)
                + "#camp-heading")
        except operations.ProjectError as error:
            show_on_form(form, error, "camp_on")
        else:
            flash(_("Your request is sent to the facilitator."), "success")
            return redirect(url_for(".home", project_id=project.id))
    earliest = planning.earliest_new_camp_on(project, workflow_for(project).workflow, _today())
    form.camp_on.render_kw = {**(form.camp_on.render_kw or {}), "min": earliest.isoformat()}
    return render_template("projects/camp_date.html", project=project, form=form,
                           earliest=earliest, pending=queries.pending_camp_request(project)), \
        400 if form.errors else 200


@bp.get("/calendar/<token>.ics")
def calendar(token: str):
    from stedskaping.projects import calendar as ical

    project = queries.by_calendar_token(token)
    if project is None:
        abort(404)
    workflow = workflow_for(project).workflow
    texts = {"stage": _("{title}: {project}"), "camp_day": _("Camp day {n}: {project}"),
             "deadline": _("Deadline: {title} ({project})"), "required": _("Required task")}
    extra = [event for events in plugins.current().timelines for event in events(project)]
    body = ical.build(project, workflow, queries.progress_rows(project).values(), _lang(),
                      current_app.config.get("SERVER_NAME") or "stedskaping", texts, extra)
    return body, 200, {"Content-Type": "text/calendar; charset=utf-8",
                       "Content-Disposition": f'inline; filename="project-{project.id}.ics"'}
