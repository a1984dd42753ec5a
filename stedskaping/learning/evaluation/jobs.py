"""The evaluation sweep: open each round when it falls due, remind once before a round
closes. Safe to run twice: a round is unique per project and place in the plan, and each
notice has its key."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from stedskaping.db import commit, db
from stedskaping.learning.evaluation import asking, rounds
from stedskaping.learning.evaluation.models import EvaluationRound
from stedskaping.projects.models import Project
from stedskaping.projects.process import workflow_for, workflows


def _candidates() -> list[Project]:
    """Projects that have reached their workflow's first round (not paused or ended)."""
    versions = db.session.execute(sa.select(Project.workflow_key, Project.workflow_version)
                                  .distinct()).all()
    found = []
    for key, version in versions:
        workflow = workflows().get(key, version).workflow
        first = rounds.first_stage(workflow)
        states = [s.key for s in workflow.stages if rounds.reached(workflow, s.key, first)]
        found += db.session.scalars(sa.select(Project).where(
            Project.workflow_key == key, Project.workflow_version == version,
            Project.state.in_(states)).options(selectinload(Project.members),
                                               selectinload(Project.windows))
            .order_by(Project.id)).all()
    return found


def evaluation_rounds(today: date) -> int:
    """Open the rounds that are due, then send the reminders that are due; how many
    rounds were opened and people reminded."""
    made = 0
    for project in _candidates():
        made += open_due(project, today)
        commit()
    for round_ in db.session.scalars(sa.select(EvaluationRound).where(
            EvaluationRound.reminded_dt.is_(None), EvaluationRound.closes_on >= today)
            .order_by(EvaluationRound.id)).all():
        if asking.reminder_due(round_, today):
            made += asking.remind(db.session.get(Project, round_.project_id), round_)
            commit()
    return made


def open_due(project: Project, today: date) -> int:
    """Open the project's rounds that are due and not yet open; how many."""
    workflow = workflow_for(project).workflow
    have = set(db.session.scalars(sa.select(EvaluationRound.position).where(
        EvaluationRound.project_id == project.id)))
    opened = 0
    for position, spec in enumerate(rounds.specs(workflow)):
        due = rounds.due_on(project, workflow, spec, today)
        if position not in have and due is not None and due <= today:
            asking.open_round(project, position, spec, today)
            opened += 1
    return opened
