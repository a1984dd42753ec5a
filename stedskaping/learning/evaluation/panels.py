"""The evaluation's sections: on the project home, and the overdue rounds on the
facilitator's dashboard."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.learning.evaluation import queries, rounds
from stedskaping.learning.evaluation.models import EvaluationRound
from stedskaping.projects.models import Project
from stedskaping.projects.process import workflow_for


def home_panel(project, given) -> dict | None:
    """The latest round; no query for a project that has not reached the first one."""
    workflow = workflow_for(project).workflow
    if not rounds.reached(workflow, project.state, rounds.first_stage(workflow)):
        return None
    found = queries.rounds_of(project)
    if not found:
        return None
    return {"round": found[-1], "today": date.today(), "answered": len(found[-1].answers)}


def dashboard_panel(user, given) -> dict | None:
    """The overdue rounds of the projects the facilitator follows (two queries)."""
    ids = set(db.session.scalars(sa.select(EvaluationRound.project_id).distinct().join(
        Project, Project.id == EvaluationRound.project_id).where(
        sa.true() if user.is_admin
        else Project.municipality_id.in_(user.facilitated_municipality_ids()))))
    states = queries.dashboard_state(sorted(ids))
    overdue = sorted(pid for pid, (state, _day) in states.items() if state == "overdue")
    if not overdue:
        return None
    projects = db.session.scalars(sa.select(Project).where(Project.id.in_(overdue))
                                  .order_by(Project.title)).all()
    return {"overdue": [(p, states[p.id][1]) for p in projects]}
