"""When a project's evaluation rounds fall due, and who is asked in them.

The rounds come from the workflow (``plan: evaluation_rounds``, engine/rounds.py); a
workflow that names none gets ``DEFAULT``: one round when the project reaches the stage
after the camp (the evaluation), then +3 and +12 months after the camp's last day.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from stedskaping.db import db
from stedskaping.engine.spec import EvaluationRoundSpec
from stedskaping.learning.evaluation.models import FACILITATOR, KEEPER, TEAM
from stedskaping.projects.models import ProjectMember
from stedskaping.projects.operations import facilitators_of

DEFAULT = (EvaluationRoundSpec(at=None), EvaluationRoundSpec(months=3),
           EvaluationRoundSpec(months=12))


def specs(workflow) -> tuple[EvaluationRoundSpec, ...]:
    """The workflow's rounds, the stage of an ``at`` filled in (the default's first round
    opens at the stage after the camp stage)."""
    return tuple(EvaluationRoundSpec(at=s.at or _after_camp(workflow), months=s.months)
                 if s.months is None else s
                 for s in (workflow.evaluation_rounds or DEFAULT))


def _after_camp(workflow) -> str:
    keys = [s.key for s in workflow.stages]
    camp = workflow.camp_stage if workflow.camp_stage in keys else keys[-2]
    return keys[min(keys.index(camp) + 1, len(keys) - 1)]


def first_stage(workflow) -> str:
    """The earliest stage at which a round opens: before it, no round is due."""
    stages = [s.at for s in specs(workflow) if s.at] or [_after_camp(workflow)]
    return min(stages, key=workflow.stage_position)


def reached(workflow, state: str, stage: str) -> bool:
    """Whether a project in ``state`` has reached ``stage`` (a side state: no)."""
    here, there = workflow.stage_position(state), workflow.stage_position(stage)
    return here is not None and there is not None and here >= there


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def camp_last_day(project, workflow) -> date:
    """The camp stage's last planned day (after any re-planning), else the camp date."""
    window = project.window(workflow.camp_stage) if workflow.camp_stage else None
    return window.ends_on if window is not None else project.camp_on


def due_on(project, workflow, spec: EvaluationRoundSpec, today: date) -> date | None:
    """The day the round falls due, or None while the project has not reached the
    rounds' first stage (a round of months waits for the one at completion)."""
    if spec.at is not None:
        if not reached(workflow, project.state, spec.at):
            return None
        window = project.window(spec.at)
        entered = window.entered_dt if window is not None else None
        return entered.date() if entered is not None else today
    if not reached(workflow, project.state, first_stage(workflow)):
        return None
    return add_months(camp_last_day(project, workflow), spec.months)


def closes_on(opened_on: date, days: int) -> date:
    return opened_on + timedelta(days=days)


def respondents(project) -> list[tuple[object, str]]:
    """Who is asked for the longer evaluation, as (person, role): the project's team and
    the facilitators of its municipality (accounts, ``User``), then the realisation
    domain's confirmed measure keepers (role ``KEEPER``, a ``Keeper``: no account; they
    answer by the signed link in their mail). Three queries, whatever the numbers."""
    team = [(m.user, TEAM) for m in db.session.scalars(  # one query, not one per member
        sa.select(ProjectMember).where(ProjectMember.project_id == project.id)
        .options(joinedload(ProjectMember.user)).order_by(ProjectMember.id))]
    seen = {user.id for user, _role in team}
    people = team + [(u, FACILITATOR) for u in facilitators_of(project) if u.id not in seen]
    return people + [(k, KEEPER) for k in confirmed_keepers(project)]


def accounts(project) -> list[tuple[object, str]]:
    """The respondents with an account (the team, the facilitators)."""
    return [(person, role) for person, role in respondents(project) if role != KEEPER]


def confirmed_keepers(project) -> list:
    """The keepers who confirmed, one per address (a keeper of two measures answers
    once)."""
    from stedskaping.realisation.handover.models import Keeper

    found: dict[str, Keeper] = {}
    for keeper in db.session.scalars(sa.select(Keeper).where(
            Keeper.project_id == project.id, Keeper.confirmed_dt.is_not(None))
            .order_by(Keeper.id)):
        found.setdefault(keeper.email.lower(), keeper)
    return list(found.values())
