from flask import Blueprint, abort

from stedskaping.projects.queries import load_project

bp = Blueprint("projects", __name__)


def project_or_404(project_id: int):
    project = load_project(project_id)
    if project is None:
        abort(404)
    return project
