from datetime import date

from flask import Blueprint, abort, current_app, render_template
from flask_babel import get_locale
from flask_wtf import FlaskForm
from jinja2 import pass_context

from stedskaping.engine.diagram import mermaid

bp = Blueprint("main", __name__)


@bp.get("/")
def index():  # reads nothing from the database: the page cache would only add a query
    return render_template("main/index.html")


@bp.get("/workflows/")
def list_workflows():
    return render_template("main/workflows.html", workflows=[
        c.workflow for c in current_app.extensions["stedskaping.workflows"].latest()])


@bp.get("/workflows/<key>")
def show_workflow(key: str):
    try:
        compiled = current_app.extensions["stedskaping.workflows"].get(key)
    except LookupError:
        abort(404)
    lang = str(get_locale())
    return render_template("main/workflow.html", workflow=compiled.workflow, lang=lang,
                           diagram=mermaid(compiled.workflow, lang))


# The accessibility statement (tilgjengelighetserklæring): the date it was last checked,
# which the page shows; change it with each new assessment.
STATEMENT_CHECKED_ON = date(2026, 12, 1)


@bp.get("/accessibility")
def accessibility():
    return render_template("main/accessibility.html", checked_on=STATEMENT_CHECKED_ON,
                           contact=current_app.config.get("ACCESSIBILITY_CONTACT_EMAIL"))


@bp.app_template_global()
@pass_context
def page_has_errors(context) -> bool:
    """Whether a form on the page being rendered was refused: base.html then starts the
    title with "Error:" (the view passes its forms to the template)."""
    return any(isinstance(value, FlaskForm) and value.errors for value in context.values())


@bp.after_app_request
def close_unsent_file(response):
    """A 304 (the browser's copy of a static file is current) sends no body, and Werkzeug
    then never closes the file it opened for it: close it here, rather than leave it to
    the garbage collector (a ResourceWarning each time)."""
    if response.status_code == 304:
        response.close()
    return response
