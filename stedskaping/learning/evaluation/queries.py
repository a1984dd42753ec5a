"""What the pages and the gate read of the evaluation rounds."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from stedskaping import formats
from stedskaping.db import db
from stedskaping.learning.evaluation.models import (
    FACILITATOR,
    TEAM,
    EvaluationAnswer,
    EvaluationRound,
)


def rounds_of(project) -> list[EvaluationRound]:
    return list(db.session.scalars(sa.select(EvaluationRound).where(
        EvaluationRound.project_id == project.id).options(
        selectinload(EvaluationRound.answers), selectinload(EvaluationRound.surveys))
        .order_by(EvaluationRound.position)))


def round_of(project, round_id: int) -> EvaluationRound | None:
    return next((r for r in rounds_of(project) if r.id == round_id), None)


def first_round_answered(project) -> bool:
    """The fact ``evaluation_answered``: the first round has an answer from the team (one
    member's is enough) and from a facilitator."""
    roles = set(db.session.scalars(sa.select(EvaluationAnswer.role).join(EvaluationRound).where(
        EvaluationRound.project_id == project.id, EvaluationRound.position == 0)))
    return {TEAM, FACILITATOR} <= roles


def overdue_since(round_: EvaluationRound, roles: set[str]) -> date | None:
    """The day the round became overdue (the team's or a facilitator's answer missing
    EVALUATION_OVERDUE_DAYS after it opened), or None."""
    if {TEAM, FACILITATOR} <= roles:
        return None
    return round_.opened_on + timedelta(days=current_app.config["EVALUATION_OVERDUE_DAYS"])


@dataclass
class Results:
    """A round's figures: the evaluations' counts and stories, the survey's numbers."""

    answers: int = 0
    in_use: Counter = field(default_factory=Counter)
    condition: Counter = field(default_factory=Counter)
    stories: list = field(default_factory=list)
    differently: list = field(default_factory=list)
    surveys: int = 0
    uses: int = 0
    score_total: int = 0
    comments: list = field(default_factory=list)

    @property
    def average_score(self) -> float | None:
        return self.score_total / self.surveys if self.surveys else None


def results(round_: EvaluationRound) -> Results:
    found = Results(answers=len(round_.answers), surveys=len(round_.surveys))
    for a in round_.answers:
        found.in_use[a.in_use] += 1
        found.condition[a.condition] += 1
        found.stories += [a.story] if a.story else []
        found.differently += [a.differently] if a.differently else []
    for s in round_.surveys:
        found.uses += s.uses
        found.score_total += s.score
        found.comments += [s.comment] if s.comment else []
    return found


def dashboard_state(project_ids: list[int]) -> dict[int, tuple[str, date]]:
    """The dashboard column for a page of projects, in two queries: the latest round of
    each, as ("overdue", since) or ("open", closes on) or ("done", closed on)."""
    if not project_ids:
        return {}
    latest = sa.select(EvaluationRound.project_id, sa.func.max(EvaluationRound.position)
                       .label("position")).where(EvaluationRound.project_id.in_(project_ids)) \
        .group_by(EvaluationRound.project_id).subquery()
    found = db.session.scalars(sa.select(EvaluationRound).join(latest, sa.and_(
        latest.c.project_id == EvaluationRound.project_id,
        latest.c.position == EvaluationRound.position))).all()
    roles: dict[int, set[str]] = {r.id: set() for r in found}
    for round_id, role in db.session.execute(sa.select(
            EvaluationAnswer.round_id, EvaluationAnswer.role).where(
            EvaluationAnswer.round_id.in_(list(roles))).distinct()):
        roles[round_id].add(role)
    today = date.today()
    return {r.project_id: _state(r, roles[r.id], today) for r in found}


def _state(round_: EvaluationRound, roles: set[str], today: date) -> tuple[str, date]:
    since = overdue_since(round_, roles)
    if since is not None and since <= today:
        return "overdue", since
    return ("open", round_.closes_on) if round_.is_open(today) else ("done", round_.closes_on)


def dashboard_text(value) -> str:
    if not value:
        return "–"
    state, day = value
    if state == "overdue":
        return _("Evaluation overdue since %(day)s", day=formats.date_text(day))
    if state == "open":
        return _("Evaluation open until %(day)s", day=formats.date_text(day))
    return _("Evaluated")


def first_round_answered_sql(project):
    """The guard ``evaluation_answered`` as SQL on the project row ``project`` (the review
    queue asks it of many projects at once); agrees with :func:`first_round_answered`."""
    def answered_by(role: str):
        return (sa.select(EvaluationAnswer.id).join(EvaluationRound)
                .where(EvaluationRound.project_id == project.id,
                       EvaluationRound.position == 0, EvaluationAnswer.role == role).exists())

    return sa.and_(answered_by(TEAM), answered_by(FACILITATOR))
