"""The team's page of participants ("one person across the project")."""

from __future__ import annotations

from flask import render_template

from stedskaping.access import rule
from stedskaping.participation.blueprint import bp
from stedskaping.participation.people import queries
from stedskaping.projects.blueprint import project_view


@rule("participants.view")
def _team(user, project) -> bool:
    """The team only: people took part in the project, not in the municipality's files."""
    return project.member(user.id) is not None


@bp.get("/projects/<int:project_id>/participants")
@project_view("participants.view")
def participants(project):
    return render_template("participation/people/participants.html", project=project,
                           people=queries.participants(project))
