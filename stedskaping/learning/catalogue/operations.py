"""Nominating a completed project, assessing VIPU's five hallmarks, publishing.

A project is nominated once (its team or a facilitator, with a theme and why); a
facilitator of its municipality assesses each hallmark, met or not, with a justification;
publishing needs all five met. A new assessment of a published entry takes it down until
it is published again.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from stedskaping.db import db, utcnow
from stedskaping.domain import DomainError
from stedskaping.learning.catalogue import hallmarks, notices
from stedskaping.learning.catalogue.models import (
    CatalogueEntry,
    EntryStatus,
    HallmarkAssessment,
    move,
)
from stedskaping.participation import pictures
from stedskaping.projects.process import workflow_for
from stedskaping.text import _l


class CatalogueError(DomainError):
    """A nomination, assessment or publication refused, with the reason."""


@dataclass(frozen=True)
class Nomination:
    theme: str
    why: str
    story: str
    photo: tuple[str, bytes] | None = None  # (file name, content)


@dataclass(frozen=True)
class Assessment:
    hallmarks: dict[str, tuple[bool, str]]  # {key: (met, justification)}
    dimensions: tuple[str, ...]


def is_completed(project) -> bool:
    stage = workflow_for(project).workflow.stage(project.state)
    return stage is not None and stage.final


def entry_of(project) -> CatalogueEntry | None:
    return db.session.scalar(sa.select(CatalogueEntry).where(
        CatalogueEntry.project_id == project.id))


def nominate(project, actor, data: Nomination) -> CatalogueEntry:
    """Put a completed project forward for the catalogue; the team and the
    municipality's facilitators are told."""
    if not is_completed(project):
        raise CatalogueError(_l("Only a completed project can be nominated."), status=409)
    if entry_of(project) is not None:
        raise CatalogueError(_l("The project is already nominated."), status=409)
    if data.theme not in {key for key, _label in hallmarks.THEMES}:
        raise CatalogueError(_l("Choose one of the themes."), "theme")
    if not data.why.strip():
        raise CatalogueError(_l("Say why it is a good practice."), "why")
    entry = CatalogueEntry(project_id=project.id, municipality_id=project.municipality_id,
                           theme=data.theme, why=data.why.strip(), story=data.story.strip(),
                           nominated_by_id=actor.id, status=EntryStatus.NOMINATED)
    if data.photo is not None:
        # A PNG or JPEG by its content, stored upright and scaled with no EXIF or GPS.
        entry.photo_stored = pictures.store_image(project.id, *data.photo, "photo")
    db.session.add(entry)
    db.session.flush()
    notices.nominated(project, entry, actor)
    return entry


def assess(project, entry: CatalogueEntry, actor, data: Assessment) -> CatalogueEntry:
    """Record the five hallmarks (each met or not, with a justification) and what the
    filters read of the project now: its group's size, the camp's season, its cost."""
    errors = _assessment_errors(data)
    if errors:
        raise CatalogueError(next(iter(errors.values())), errors=errors)
    existing = {h.hallmark: h for h in entry.hallmarks}
    for key in hallmarks.HALLMARK_KEYS:
        met, why = data.hallmarks[key]
        row = existing.get(key) or HallmarkAssessment(entry=entry, hallmark=key,
                                                      is_met=met, justification="")
        row.is_met, row.justification = met, why.strip()
        db.session.add(row)
    entry.dimensions = "," + ",".join(data.dimensions) + "," if data.dimensions else ""
    entry.hallmarks_met = sum(1 for met, _why in data.hallmarks.values() if met)
    entry.assessed_by_id, entry.assessed_dt, entry.published_dt = actor.id, utcnow(), None
    entry.group_size, entry.season, entry.cost_amount = _facts(project)
    move(entry, EntryStatus.ASSESSED)
    db.session.flush()
    notices.assessed(project, entry)
    return entry


def _assessment_errors(data: Assessment) -> dict:
    errors = {}
    for key in hallmarks.HALLMARK_KEYS:
        met, why = data.hallmarks.get(key, (None, ""))
        if met is None:
            errors[f"{key}_met"] = _l("Say whether the hallmark is met.")
        elif not why.strip():
            errors[f"{key}_why"] = _l("Give a short justification.")
    known = {key for key, _label in hallmarks.DIMENSIONS}
    if any(d not in known for d in data.dimensions):
        errors["dimensions"] = _l("Choose among the dimensions shown.")
    elif data.hallmarks.get("dimensions", (None, ""))[0] and len(data.dimensions) < 2:
        errors["dimensions"] = _l("The hallmark needs impact on at least two dimensions: "
                                  "tick them.")
    return errors


def _facts(project) -> tuple[int, str, int | None]:
    from stedskaping.funding.models import Campaign, CampaignStatus
    from stedskaping.participation.supporters.queries import supporter_count

    workflow = workflow_for(project).workflow
    window = project.window(workflow.camp_stage) if workflow.camp_stage else None
    cost = db.session.scalar(sa.select(Campaign.minimum_amount).where(
        Campaign.project_id == project.id, Campaign.status == CampaignStatus.SUCCEEDED)
        .order_by(Campaign.id.desc()).limit(1))
    return (len(project.members) + supporter_count(project),
            hallmarks.season_of(window.starts_on if window else project.camp_on), cost)


def publish(project, entry: CatalogueEntry, actor) -> CatalogueEntry:
    """Publish an assessed entry in the public catalogue: all five hallmarks met."""
    if entry.status == EntryStatus.PUBLISHED:
        return entry
    if entry.status != EntryStatus.ASSESSED:
        raise CatalogueError(_l("Assess the hallmarks first."), status=409)
    if entry.hallmarks_met < len(hallmarks.HALLMARK_KEYS):
        raise CatalogueError(_l("Publishing needs all five hallmarks met."), status=409)
    move(entry, EntryStatus.PUBLISHED)
    entry.published_dt = utcnow()
    db.session.flush()
    notices.published(project, entry)
    return entry
