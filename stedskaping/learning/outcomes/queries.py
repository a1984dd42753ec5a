"""Outcomes per municipality, for the admin's comparison (the Swedish platforms'
follow-up): in a fixed number of grouped queries, whatever the number of projects."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from flask import current_app

from stedskaping.db import db
from stedskaping.funding.models import Campaign, CampaignStatus
from stedskaping.funding.totals import totals_for
from stedskaping.learning.evaluation.models import EvaluationAnswer, EvaluationRound
from stedskaping.municipalities.models import Municipality
from stedskaping.projects.models import Project, StageWindow
from stedskaping.projects.process import workflows
from stedskaping.realisation.ledger.models import LedgerGrant
from stedskaping.realisation.measures.models import Measure
from stedskaping.realisation.shifts.models import CampShift, CampSignup, SignupStatus

IN_USE_MONTHS = 12


@dataclass
class Outcomes:
    """One municipality's figures; None where nothing can be counted yet."""

    municipality: Municipality
    projects: int = 0
    completed: int = 0
    camps_held: int = 0
    idea_to_camp: list = field(default_factory=list)  # days, per project that held its camp
    slips: list = field(default_factory=list)  # days after the approved plan
    measures_asked: int = 0  # built measures of projects answered at +12 months
    measures_in_use: int = 0
    minutes: int = 0  # worked at the camps held
    own: int = 0  # øre: hours at the rate, materials, backers' money
    grants: int = 0  # øre: match funds and entered grants

    @property
    def completed_share(self) -> float | None:
        return self.completed / self.projects if self.projects else None

    @property
    def median_idea_to_camp(self) -> float | None:
        return statistics.median(self.idea_to_camp) if self.idea_to_camp else None

    @property
    def median_slip(self) -> float | None:
        return statistics.median(self.slips) if self.slips else None

    @property
    def in_use_share(self) -> float | None:
        return self.measures_in_use / self.measures_asked if self.measures_asked else None

    @property
    def hours_per_project(self) -> float | None:
        return self.minutes / 60 / self.camps_held if self.camps_held else None

    @property
    def own_share(self) -> float | None:
        total = self.own + self.grants
        return self.own / total if total else None


def _day(value) -> date:
    if isinstance(value, str):  # SQLite gives dates back as text in some queries
        return datetime.fromisoformat(value).date()
    return value.date() if isinstance(value, datetime) else value


def _past_camp(workflow, state: str) -> bool:
    here, camp = workflow.stage_position(state), workflow.stage_position(workflow.camp_stage)
    return here is not None and camp is not None and here > camp


def outcomes() -> list[Outcomes]:
    """Per municipality (by name): the share of projects completed; the median days from
    the idea (the project's start) to the camp's start (after any re-planning), and of
    the camp's slip after the last approved plan, over the projects that entered their
    camp stage; the share
    of built measures still in use at the +12-month round (a project's measures count as
    in use when most of its answers say "yes" or "partly"); the hours worked per camp
    held; and the own effort's share of the ledger (hours at the rate, materials and
    backers' money against match funds and grants) over the projects past their camp."""
    found = {m.id: Outcomes(m) for m in db.session.scalars(
        sa.select(Municipality).order_by(Municipality.name))}
    compiled = workflows()
    projects = {}
    for pid, mid, key, version, state in db.session.execute(sa.select(
            Project.id, Project.municipality_id, Project.workflow_key,
            Project.workflow_version, Project.state)):
        workflow = compiled.get(key, version).workflow
        projects[pid] = (mid, workflow, _past_camp(workflow, state))
        row = found[mid]
        row.projects += 1
        row.completed += bool(workflow.stage(state) and workflow.is_final(state))
    camp_stages = {c.workflow.camp_stage for c in compiled.all()}
    for pid, stage, starts, approved, idea in db.session.execute(sa.select(
            StageWindow.project_id, StageWindow.stage_key, StageWindow.starts_on,
            StageWindow.approved_starts_on, Project.start_on)
            .join(Project, Project.id == StageWindow.project_id)
            .where(StageWindow.stage_key.in_(camp_stages),
                   StageWindow.entered_dt.is_not(None))):
        mid, workflow, _past = projects[pid]
        if stage != workflow.camp_stage:
            continue
        row = found[mid]
        row.idea_to_camp.append((_day(starts) - _day(idea)).days)
        row.slips.append((_day(starts) - _day(approved)).days)
    held = {pid for pid, (_m, _w, past) in projects.items() if past}
    for pid in held:
        found[projects[pid][0]].camps_held += 1
    _in_use(found, projects)
    _effort(found, projects, held)
    return list(found.values())


def _in_use(found, projects) -> None:
    answers: dict[int, Counter] = defaultdict(Counter)
    for pid, in_use, count in db.session.execute(
            sa.select(EvaluationRound.project_id, EvaluationAnswer.in_use, sa.func.count())
            .join(EvaluationAnswer, EvaluationAnswer.round_id == EvaluationRound.id)
            .where(EvaluationRound.months == IN_USE_MONTHS)
            .group_by(EvaluationRound.project_id, EvaluationAnswer.in_use)):
        answers[pid][in_use] += count
    built = dict(db.session.execute(
        sa.select(Measure.project_id, sa.func.count()).where(Measure.will_build.is_(True))
        .group_by(Measure.project_id)).all())
    for pid, counted in answers.items():
        row = found[projects[pid][0]]
        measures = built.get(pid, 0)
        row.measures_asked += measures
        if (counted["yes"] + counted["partly"]) * 2 > sum(counted.values()):
            row.measures_in_use += measures


def _effort(found, projects, held) -> None:
    minutes = dict(db.session.execute(
        sa.select(CampShift.project_id, sa.func.coalesce(sa.func.sum(CampSignup.worked_minutes), 0))
        .join(CampShift, CampShift.id == CampSignup.shift_id)
        .where(CampSignup.status == SignupStatus.SEATED, CampSignup.checked_in_dt.is_not(None))
        .group_by(CampShift.project_id)).all())
    grants = dict(db.session.execute(
        sa.select(LedgerGrant.project_id, sa.func.sum(LedgerGrant.amount))
        .group_by(LedgerGrant.project_id)).all())
    campaigns = {c.id: c for c in db.session.scalars(sa.select(Campaign).where(
        Campaign.status != CampaignStatus.FAILED))}
    sums = totals_for(list(campaigns), campaigns) if campaigns else {}
    rate = current_app.config["DUGNAD_HOUR_RATE"]
    for pid in held:
        row = found[projects[pid][0]]
        worked = int(minutes.get(pid) or 0)
        row.minutes += worked
        row.own += (worked * rate + 30) // 60
        row.grants += int(grants.get(pid) or 0)
    for campaign_id, totals in sums.items():
        pid = campaigns[campaign_id].project_id
        if pid in held:
            row = found[projects[pid][0]]
            row.own += totals.materials + totals.money
            row.grants += totals.matched
