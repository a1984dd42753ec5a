"""Reporting content, hiding it at enough reports, the facilitator's decisions, and
blocking a person. Every step is written to the project's activity log."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from stedskaping.db import db, utcnow
from stedskaping.participation.moderation import kinds
from stedskaping.participation.moderation.models import (
    IN_QUEUE,
    OTHER,
    REASONS,
    Moderation,
    ModerationStatus,
    ParticipationBlock,
    Report,
    move,
)
from stedskaping.participation.taking_part import ParticipationError, check_person, is_blocked
from stedskaping.projects import events
from stedskaping.projects.models import Project


@dataclass(frozen=True)
class Reported:
    """An item found by kind and id, with its project."""

    kind: kinds.Reportable
    item: object
    project: Project


def find(kind_key: str, item_id: int, user) -> Reported:
    """The item, if ``user`` may see it (otherwise it is not found, 404)."""
    kind = kinds.get(kind_key)
    item = kind.load(item_id) if kind else None
    project = db.session.get(Project, kind.project_id(item)) if item is not None else None
    if project is None or not kind.may_see(user, project, item):
        raise ParticipationError(_l("There is nothing to report here."), status=404)
    return Reported(kind, item, project)


def _moderation_for(found: Reported, item_id: int) -> Moderation:
    """The item's moderation row, locked; made by the first report (of two first
    reports at once, the unique key lets one make it and the other lock it)."""
    query = (sa.select(Moderation).where(Moderation.kind == found.kind.key,
                                         Moderation.item_id == item_id)
             .with_for_update().execution_options(populate_existing=True))
    moderation = db.session.scalar(query)
    if moderation is None:
        try:
            with db.session.begin_nested():
                db.session.add(Moderation(
                    kind=found.kind.key, item_id=item_id, project_id=found.project.id,
                    author_id=found.kind.author_id(found.item), report_count=0,
                    status=ModerationStatus.WAITING))
        except IntegrityError:
            pass
        moderation = db.session.scalar(query)
    return moderation


def report(found: Reported, item_id: int, actor, reason: str, text: str) -> Moderation:
    """Report an item: one report per person. At MODERATION_HIDE_AT reports the item is
    hidden until a facilitator restores or confirms it."""
    check_person(found.project, actor)
    text = (text or "").strip()
    if reason not in REASONS:
        raise ParticipationError(_l("Choose a reason."), "reason")
    if reason == OTHER and not text:
        raise ParticipationError(_l("Say what is wrong."), "text")
    if len(text) > 1000:
        raise ParticipationError(_l("Write at most 1000 characters."), "text")
    if found.kind.author_id(found.item) == actor.id:
        raise ParticipationError(_l("You cannot report what you wrote yourself."), status=409)
    moderation = _moderation_for(found, item_id)
    try:
        with db.session.begin_nested():
            db.session.add(Report(moderation_id=moderation.id, reporter_id=actor.id,
                                  reason=reason, text=text))
    except IntegrityError:
        raise ParticipationError(_l("You have already reported this."), status=409) from None
    moderation.report_count += 1
    events.record(found.project, actor, "moderation_reported", item_kind=found.kind.key,
                  item_id=item_id, reason=reason)
    _after_report(found, moderation)
    db.session.flush()
    return moderation


def _after_report(found: Reported, moderation: Moderation) -> None:
    if moderation.status == ModerationStatus.RESTORED:
        move(moderation, ModerationStatus.WAITING)  # back in the queue, still shown
    elif (moderation.status == ModerationStatus.WAITING
          and moderation.report_count >= current_app.config["MODERATION_HIDE_AT"]):
        move(moderation, ModerationStatus.HIDDEN)
        found.kind.set_hidden(found.item, True)
        events.record(found.project, None, "moderation_hidden", item_kind=found.kind.key,
                      item_id=moderation.item_id, reports=moderation.report_count)


def decide(moderation: Moderation, actor, restore: bool) -> None:
    """A facilitator restores the item (shown again) or confirms the reports (hidden)."""
    found = item_of(moderation)
    new = ModerationStatus.RESTORED if restore else ModerationStatus.CONFIRMED
    if moderation.status == new:
        raise ParticipationError(_l("This is already decided."), status=409)
    move(moderation, new)
    moderation.decided_by_id, moderation.decided_dt = actor.id, utcnow()
    if found is not None:
        found.kind.set_hidden(found.item, not restore)
    events.record(db.session.get(Project, moderation.project_id), actor,
                  "moderation_restored" if restore else "moderation_confirmed",
                  item_kind=moderation.kind, item_id=moderation.item_id)
    db.session.flush()


def item_of(moderation: Moderation) -> Reported | None:
    """The reported item (None when it is gone), for the queue and the decisions."""
    kind = kinds.get(moderation.kind)
    item = kind.load(moderation.item_id) if kind else None
    return Reported(kind, item, None) if item is not None else None


def block(moderation: Moderation, actor, justification: str) -> ParticipationBlock:
    """Block the author of a reported item from taking part in the projects of the
    item's municipality, with a written justification (kept, and logged)."""
    justification = (justification or "").strip()
    if not justification or len(justification) > 2000:
        raise ParticipationError(_l("Write a justification of at most 2000 characters."),
                                 "justification")
    project = db.session.get(Project, moderation.project_id)
    if moderation.author_id is None:
        raise ParticipationError(_l("The author is no longer here."), status=409)
    if moderation.author_id == actor.id:
        raise ParticipationError(_l("You cannot block yourself."), status=409)
    if is_blocked(moderation.author_id, project.municipality_id):
        raise ParticipationError(_l("This person is already blocked."), status=409)
    blocked = ParticipationBlock(user_id=moderation.author_id,
                                 municipality_id=project.municipality_id,
                                 justification=justification, blocked_by_id=actor.id)
    db.session.add(blocked)
    events.record(project, actor, "moderation_blocked", user_id=moderation.author_id,
                  justification=justification)
    db.session.flush()
    return blocked


def lift_block(blocked: ParticipationBlock, actor) -> None:
    if blocked.lifted_dt is not None:
        raise ParticipationError(_l("This block is already lifted."), status=409)
    blocked.lifted_dt, blocked.lifted_by_id = utcnow(), actor.id
    db.session.flush()


def queue(user) -> list[Moderation]:
    """The reported items waiting for a decision in the user's municipalities (all, for
    an admin), most reported first."""
    query = (sa.select(Moderation).join(Project, Project.id == Moderation.project_id)
             .where(Moderation.status.in_(IN_QUEUE))
             .order_by(Moderation.report_count.desc(), Moderation.id))
    if not user.is_admin:
        query = query.where(Project.municipality_id.in_(user.facilitated_municipality_ids()))
    return list(db.session.scalars(query))


def blocks(user) -> list[ParticipationBlock]:
    query = sa.select(ParticipationBlock).where(ParticipationBlock.lifted_dt.is_(None))
    if not user.is_admin:
        query = query.where(ParticipationBlock.municipality_id.in_(
            user.facilitated_municipality_ids()))
    return list(db.session.scalars(query.order_by(ParticipationBlock.id.desc())))


def waiting_counts(project_ids: list[int]) -> dict[int, int]:
    """{project id: reported items waiting for a decision}, for the dashboard."""
    rows = db.session.execute(
        sa.select(Moderation.project_id, sa.func.count())
        .where(Moderation.project_id.in_(project_ids), Moderation.status.in_(IN_QUEUE))
        .group_by(Moderation.project_id))
    return dict(rows.all())
