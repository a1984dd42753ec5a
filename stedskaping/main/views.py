from flask import Blueprint, abort, current_app, render_template
from flask_babel import get_locale

from stedskaping.engine.diagram import mermaid

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
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
