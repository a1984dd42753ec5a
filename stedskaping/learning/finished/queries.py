"""What a finished project's public page shows: the story, before and after photos, who
took part, the hours, the ledger's figures, and the measures with their keepers."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.projects.models import TaskProgress
from stedskaping.projects.process import is_finished
from stedskaping.realisation.handover.queries import keepers_by_measure
from stedskaping.realisation.ledger.queries import ledger
from stedskaping.realisation.measures.queries import measures_of
from stedskaping.realisation.shifts.models import CampShift, CampSignup, SignupStatus

STORY_TASK, STORY_FIELD, PHOTO_FIELD = "project_story", "story", "photo"
BEFORE_FIELD = "photo_before"  # the place before the camp (the story task, v3 on)
PHOTO_FIELDS = {"after": PHOTO_FIELD, "before": BEFORE_FIELD}


@dataclass(frozen=True)
class Finished:
    story: str
    photo: dict | None  # the story task's file answer: the result
    before: dict | None  # and the place before
    team: int
    supporters: int
    volunteers: int  # checked in at least once
    ledger: object
    measures: list  # [(measure, confirmed keeper or None)]


def story_answers(project) -> dict:
    progress = db.session.scalar(sa.select(TaskProgress).where(
        TaskProgress.project_id == project.id, TaskProgress.task_key == STORY_TASK))
    return dict(progress.answers or {}) if progress is not None else {}


def volunteers_checked_in(project_id: int) -> int:
    return int(db.session.scalar(
        sa.select(sa.func.count(sa.distinct(CampSignup.volunteer_id)))
        .join(CampShift, CampShift.id == CampSignup.shift_id)
        .where(CampShift.project_id == project_id, CampSignup.status == SignupStatus.SEATED,
               CampSignup.checked_in_dt.is_not(None))) or 0)


def finished(project) -> Finished | None:
    """The figures of a project past its camp, or None before."""
    if not is_finished(project):
        return None
    from stedskaping.participation.supporters.queries import supporter_count

    answers = story_answers(project)
    photo, before = answers.get(PHOTO_FIELD), answers.get(BEFORE_FIELD)
    keepers = keepers_by_measure(project.id)
    measures = [(m, k if k is not None and k.confirmed_dt is not None else None)
                for m in measures_of(project.id) if m.will_build
                for k in [keepers.get(m.id)]]
    return Finished(
        story=answers.get(STORY_FIELD) or "",
        photo=photo if isinstance(photo, dict) and photo.get("stored") else None,
        before=before if isinstance(before, dict) and before.get("stored") else None,
        team=len(project.members), supporters=supporter_count(project),
        volunteers=volunteers_checked_in(project.id), ledger=ledger(project),
        measures=measures)
