"""The facilitator's pages: dashboard (and its CSV), review queue, project review."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from stedskaping import pages, plugins
from stedskaping.access import require
from stedskaping.cache import cached_page
from stedskaping.csvfile import csv_text
from stedskaping.domain import show_on_form
from stedskaping.engine.machine import EngineError
from stedskaping.fields import options
from stedskaping.formats import date_text, datetime_text, percent
from stedskaping.input import nul_on_the_form
from stedskaping.projects import queries as project_queries
from stedskaping.projects import timeline_svg
from stedskaping.projects.blueprint import project_view
from stedskaping.projects.operations import ProjectError, reason_windows
from stedskaping.projects.process import allowed_triggers, workflow_for, workflows
from stedskaping.supervision import forms, health, operations, queries, sorting

bp = Blueprint("supervision", __name__, url_prefix="/supervision")

HEALTH_LABELS = {health.ON_TRACK: _l("On track"), health.AT_RISK: _l("At risk"),
                 health.LATE: _l("Late"), health.NOT_APPLICABLE: "–"}
BASE_COLUMNS = [
    ("title", _l("Project")), ("municipality", _l("Municipality")), ("stage", _l("Stage")),
    ("days", _l("Days in stage")), ("done", _l("Required tasks done")),
    ("overdue", _l("Overdue tasks")), ("deadline", _l("Next deadline")),
    ("slip", _l("Slip (days)")),
]
LAST_COLUMNS = [("activity", _l("Last activity")), ("health", _l("Health"))]


def columns() -> list[tuple[str, object]]:
    """The dashboard's columns: the title and the health first (the most important, so
    that a narrow screen never hides them), then ours, those the domains add (funding...),
    and the last activity."""
    added = [(c.key, c.label) for c in plugins.current().dashboard_columns]
    health = [c for c in LAST_COLUMNS if c[0] == "health"]
    return [BASE_COLUMNS[0], *health, *BASE_COLUMNS[1:], *added,
            *(c for c in LAST_COLUMNS if c[0] != "health")]
SORTABLE = {"title", "stage", "days", "done", "overdue", "deadline", "slip", "activity",
            "health"}


def cells(row: queries.Row) -> dict[str, str]:
    """What each column shows for a row: the page and the CSV use the same text."""
    return {
        "title": row.project.title, "municipality": row.project.municipality_name,
        "stage": row.stage_title, "days": str(row.days_in_stage),
        "done": f"{row.required_done}/{row.required_total} ({percent(row.done_share)})",
        "overdue": str(row.overdue),
        "deadline": date_text(row.next_deadline, "short"),
        "slip": str(row.slip_days),
        **{c.key: c.text(row.extra.get(c.key)) for c in plugins.current().dashboard_columns},
        "activity": datetime_text(row.last_activity, "short"),
        "health": str(HEALTH_LABELS[row.health]),
    }


def _filters():
    lang = str(get_locale())
    form = forms.FilterForm(request.args)
    form.municipality.choices = options([("", _("All"))] + [
        (m.slug, m.name) for m in queries.municipalities_for(current_user)])
    form.programme.choices = options([("", _("All"))] + [
        (str(p.id), f"{p.name} ({p.municipality.name})")
        for p in queries.programmes_for(current_user)])
    stages = {}
    for compiled in workflows().all():
        for key in compiled.workflow.states:
            stages.setdefault(key, compiled.workflow.state_title(key, lang))
    form.stage.choices = options([("", _("All"))] + list(stages.items()))
    form.health.choices = options([("", _("All"))] + [(k, str(v)) for k, v in HEALTH_LABELS.items()
                                              if k != health.NOT_APPLICABLE])
    form.sort.choices = options([(k, str(label)) for k, label in columns() if k in SORTABLE])
    form.validate()
    for name in ("municipality", "programme", "stage", "health", "sort", "order"):
        if getattr(form, name).errors:  # an unknown value is ignored, not an error page
            getattr(form, name).data = ""
    return form, lang


def _choices(form, lang):
    return {"today": date.today(), "lang": lang,
            "municipality": form.municipality.data or None,
            "programme": int(form.programme.data) if form.programme.data else None,
            "stage": form.stage.data or None, "health_flag": form.health.data or None,
            "sort": form.sort.data or "health", "descending": form.order.data == "desc"}


def _rows(form, lang):
    return queries.dashboard(current_user, **_choices(form, lang))


@bp.get("/")
@cached_page(args=("municipality", "programme", "stage", "health", "sort", "order"))
def dashboard():
    require("supervision.view")
    form, lang = _filters()
    choices = _choices(form, lang)
    if choices["sort"] in sorting.SQL_SORTS:  # SQL sorts and pages: 50 rows computed
        page, counts = sorting.dashboard_page(current_user, **choices)
    else:
        rows = queries.dashboard(current_user, **choices)
        page = pages.page_of(rows)
        counts = {flag: sum(1 for r in rows if r.health == flag) for flag in HEALTH_LABELS}
    queries.add_columns(page.items)  # the domains' columns: for this page's projects only
    return render_template(
        "supervision/dashboard.html", form=form, rows=page, cells=cells,
        columns=[(key, str(label)) for key, label in columns()],  # translated once, not per cell
        counts=counts,
        health_labels=HEALTH_LABELS, queue_size=queries.decisions_waiting(current_user),
        panels=plugins.current().panels_for("dashboard", current_user),
        export_url=url_for(".export", **request.args))


@bp.get("/export.csv")
def export():
    require("supervision.view")
    form, lang = _filters()
    rows = ([shown[key] for key, _label in columns()]
            for shown in map(cells, queries.add_columns(_rows(form, lang))))
    return csv_text([label for _key, label in columns()], rows), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="stedskaping-{date.today()}.csv"'}


@bp.get("/reviews")
def review_queue():
    require("supervision.view")
    return render_template("supervision/queue.html",
                           queue=queries.review_page(current_user, str(get_locale())),
                           requests=queries.pending_camp_requests(current_user))


def _review_stage(workflow, project):
    """The stage whose work is being judged: before a gate, the stage before it."""
    current = workflow.stage(project.state) or workflow.stage(project.paused_from or "")
    if current is None:
        return None
    position = workflow.stage_position(current.key)
    if current.gate and position:
        return workflow.stages[position - 1]
    return current


def _aim_at_step(form, trigger: str | None, options) -> None:
    """A refused step's form comes back with the ids of that step's form on the page
    (several step forms share it, so their ids carry the trigger): the error summary's
    links land on them. Errors no shown field can carry go above the form."""
    shown = trigger is not None and any(o.allowed and o.trigger == trigger for o in options)
    for name in ("comment", "confirm", "csrf_token"):
        field = form[name]
        if shown and name != "csrf_token":
            field.id = f"{name}-{trigger}"
        elif field.errors:
            form.form_errors.extend(field.errors)
            field.errors = []


def _review_page(project, status=200, trigger=None, **forms_given):
    lang = str(get_locale())
    workflow = workflow_for(project).workflow
    options = allowed_triggers(project, current_user, lang)
    if "decision_form" in forms_given:
        _aim_at_step(forms_given["decision_form"], trigger, options)
    context = {
        "decision_form": forms.DecisionForm(formdata=None),
        "camp_form": forms.CampDecisionForm(formdata=None),
        "note_form": forms.NoteForm(formdata=None),
    }
    context.update(forms_given)
    return render_template(
        "supervision/review.html", project=project, workflow=workflow, lang=lang,
        stage_keys=[s.key for s in workflow.stages],
        decide_url=lambda trigger: url_for(".decide", project_id=project.id, trigger=trigger),
        stage=_review_stage(workflow, project), progress=project_queries.progress_rows(project),
        options=options, reason_windows=reason_windows(project, options, date.today()),
        picture=timeline_svg.build(project, workflow, date.today(), lang),
        replans=project_queries.replans(project),
        pending=project_queries.pending_camp_request(project),
        notes=operations.notes(project), events=project_queries.recent_events(project),
        panels=plugins.current().panels_for("review", project), **context), status


@bp.get("/projects/<int:project_id>")
@project_view("project.supervise")
def review(project):
    return _review_page(project)


@bp.post("/projects/<int:project_id>/decide/<trigger>")
@nul_on_the_form
@project_view("project.supervise")
def decide(project, trigger: str):
    form = forms.DecisionForm()
    if not form.validate_on_submit():
        return _review_page(project, 400, trigger, decision_form=form)
    try:
        dest = operations.decide(project, trigger, current_user, form.comment.data,
                                 confirmed=form.confirm.data)
    except EngineError as error:
        field = form[getattr(error, "field", "comment")]  # the confirm box, or the comment
        field.errors = [*field.errors, *error.reasons]
        return _review_page(project, error.status, trigger, decision_form=form)
    except ProjectError as error:
        show_on_form(form, error, "comment")
        return _review_page(project, error.status, trigger, decision_form=form)
    flash(_("Done: the project is now in “%(stage)s”, and the team has been told.",
            stage=workflow_for(project).workflow.state_title(dest, str(get_locale()))),
          "success")
    return redirect(url_for(".review", project_id=project.id))


@bp.post("/projects/<int:project_id>/camp-date/<int:request_id>")
@project_view("project.supervise")
def decide_camp_date(project, request_id: int):
    form = forms.CampDecisionForm()
    if not form.validate_on_submit():
        return _review_page(project, 400, camp_form=form)
    try:
        pending = operations.pending_request(project, request_id)
        operations.decide_camp_date(project, pending, current_user,
                                    approve=request.form.get("decision") == "approve",
                                    comment=form.comment.data)
    except ProjectError as error:
        show_on_form(form, error, "comment")
        return _review_page(project, 409 if error.field is None else 400, camp_form=form)
    flash(_("The decision is saved and the team has been told."), "success")
    return redirect(url_for(".review", project_id=project.id))


@bp.post("/projects/<int:project_id>/notes")
@nul_on_the_form
@project_view("project.supervise")
def add_note(project):
    form = forms.NoteForm()
    if not form.validate_on_submit():
        return _review_page(project, 400, note_form=form)
    operations.add_note(project, current_user, form.body.data)
    flash(_("The note is saved."), "success")
    return redirect(url_for(".review", project_id=project.id) + "#notes")


@bp.get("/overview")
def overview():
    require("admin.view")
    lang = str(get_locale())
    workflow = workflows().get(current_app.config["DEFAULT_WORKFLOW"]).workflow
    stages = [(key, workflow.state_title(key, lang)) for key in workflow.states]
    return render_template("supervision/overview.html", figures=queries.overview(),
                           stages=stages)
