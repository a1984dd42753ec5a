"""The projects blueprint, and the loader every project page uses."""

from __future__ import annotations

import functools

from flask import Blueprint, abort

from stedskaping.access import require
from stedskaping.projects.queries import load_project

bp = Blueprint("projects", __name__)


def project_or_404(project_id: int):
    project = load_project(project_id)
    if project is None:
        abort(404)
    return project


def project_view(action: str):
    """Decorator for views of ``/projects/<int:project_id>/...``: load the project (404
    when there is none), check that the user may do ``action`` to it (403, or the login
    page), and call the view with the project instead of its id."""

    def decorate(view):
        @functools.wraps(view)
        def load_and_check(project_id: int, **kwargs):
            project = project_or_404(project_id)
            require(action, project)
            return view(project, **kwargs)

        load_and_check.undecorated = view  # for views that render another's page
        return load_and_check

    return decorate
