"""Proposals from neighbours: proposing, supporting, the team's answer, withdrawing."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from stedskaping import pages
from stedskaping.db import db, utcnow
from stedskaping.notifications.notify import notify
from stedskaping.participation import pictures
from stedskaping.participation.proposals.models import (
    ANSWERED,
    ANSWERS,
    UNANSWERED,
    Proposal,
    ProposalStatus,
    ProposalSupport,
    move,
)
from stedskaping.participation.taking_part import ParticipationError, check_person
from stedskaping.projects import events
from stedskaping.projects.process import workflow_for


@dataclass(frozen=True)
class NewProposal:
    title: str
    body: str
    location: str = ""
    photo: tuple[str, bytes] | None = None  # (file name, content)


def _open_for_proposals(project) -> None:
    if workflow_for(project).workflow.is_final(project.state):
        raise ParticipationError(_l("This project takes no more proposals."), status=409)


def propose(project, actor, data: NewProposal, *, link=None) -> Proposal:
    """A confirmed person proposes something for the place; the team is notified.
    The body may be up to PROPOSAL_BODY_MAX characters; a photo must be a PNG or JPEG."""
    check_person(project, actor)
    _open_for_proposals(project)
    title, body = data.title.strip(), data.body.strip()
    limit = current_app.config["PROPOSAL_BODY_MAX"]
    errors = {}
    if not title or len(title) > 160:
        errors["title"] = _l("Give the proposal a title of at most 160 characters.")
    if not body or len(body) > limit:
        errors["body"] = _l("Describe the proposal in at most %(n)d characters.", n=limit)
    if len(data.location.strip()) > 200:
        errors["location"] = _l("Write the place in at most 200 characters.")
    if errors:
        raise ParticipationError(_l("Some answers need another look."), errors=errors)
    photo = (pictures.store_image(project.id, *data.photo, field="photo")
             if data.photo else None)
    proposal = Proposal(project_id=project.id, author_id=actor.id, title=title, body=body,
                        location=data.location.strip(), photo=photo,
                        status=ProposalStatus.SUBMITTED)
    db.session.add(proposal)
    db.session.flush()
    events.record(project, actor, "proposal_made", proposal_id=proposal.id, title=title)
    for member in project.members:
        if member.user_id != actor.id:
            notify(member.user, "proposal", f"proposal:{proposal.id}:{member.user_id}",
                   "new", link=link, project=project.title, title=title, body=body)
    return proposal


def support(project, proposal: Proposal, actor) -> None:
    """One person supports a proposal once: a second support is refused, and so is
    supporting a withdrawn or hidden proposal or one's own."""
    check_person(project, actor)
    if proposal.status == ProposalStatus.WITHDRAWN or proposal.is_hidden:
        raise ParticipationError(_l("This proposal is withdrawn and cannot be supported."),
                                 status=409)
    if proposal.author_id == actor.id:
        raise ParticipationError(_l("You cannot support your own proposal."), status=409)
    try:
        with db.session.begin_nested():
            db.session.add(ProposalSupport(proposal_id=proposal.id, user_id=actor.id))
    except IntegrityError:
        raise ParticipationError(_l("You already support this proposal."), status=409) from None
    db.session.execute(sa.update(Proposal).where(Proposal.id == proposal.id)
                       .values(support_count=Proposal.support_count + 1)
                       .execution_options(synchronize_session=False))
    db.session.refresh(proposal, ["support_count"])


def answer(project, proposal: Proposal, actor, status: ProposalStatus, text: str, *,
           link=None) -> None:
    """The team's answer: evaluating, accepted into the concept, or not possible (with a
    reason). The author is notified."""
    text = (text or "").strip()
    if status not in ANSWERS:
        raise ParticipationError(_l("Choose one of the answers."), "status")
    if status == ProposalStatus.NOT_POSSIBLE and not text:
        raise ParticipationError(_l("Say why the proposal is not possible."), "text")
    if len(text) > 2000:
        raise ParticipationError(_l("Write at most 2000 characters."), "text")
    move(proposal, status)
    proposal.answer = text or None
    proposal.answered_by_id, proposal.answered_dt = actor.id, utcnow()
    events.record(project, actor, "proposal_answered", proposal_id=proposal.id,
                  title=proposal.title, status=str(status))
    db.session.flush()
    if proposal.author is not None and proposal.author_id != actor.id:
        notify(proposal.author, "proposal",
               f"proposal-answer:{proposal.id}:{status}:{proposal.answered_dt.isoformat()}",
               "answered", link=link, title=proposal.title, text=text)


def withdraw(project, proposal: Proposal, actor, reason: str) -> None:
    """The author withdraws a proposal, with a reason; it can no longer be supported."""
    reason = (reason or "").strip()
    if proposal.author_id != actor.id:
        raise ParticipationError(_l("Only the author can withdraw a proposal."), status=403)
    if not reason or len(reason) > 2000:
        raise ParticipationError(_l("Give a reason of at most 2000 characters."), "reason")
    if proposal.status in ANSWERED:
        raise ParticipationError(_l("The team has answered this proposal: it can no longer "
                                    "be withdrawn."), status=409)
    move(proposal, ProposalStatus.WITHDRAWN)
    proposal.withdrawn_reason = reason
    events.record(project, actor, "proposal_withdrawn", proposal_id=proposal.id,
                  title=proposal.title)
    db.session.flush()


def visible_page(project) -> pages.Page:
    """The page asked for of the project's proposals people see, most supported first
    (hidden ones left out), with their true number."""
    return pages.paginate(sa.select(Proposal).where(
        Proposal.project_id == project.id, Proposal.is_hidden.is_(False)).order_by(
        Proposal.support_count.desc(), Proposal.id))


def supported_by(user, proposal_ids) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not proposal_ids:
        return set()
    return set(db.session.scalars(sa.select(ProposalSupport.proposal_id).where(
        ProposalSupport.user_id == user.id, ProposalSupport.proposal_id.in_(proposal_ids))))


def counts(project) -> dict[str, int]:
    """The fact ``proposal_counts``: {status: number} of the proposals people see, with
    ``unanswered`` and ``answered`` totals (withdrawn ones are neither)."""
    rows = db.session.execute(
        sa.select(Proposal.status, sa.func.count()).where(
            Proposal.project_id == project.id, Proposal.is_hidden.is_(False))
        .group_by(Proposal.status)).all()
    found = {str(status): n for status, n in rows}
    result = {str(s): found.get(str(s), 0) for s in ProposalStatus}
    result["unanswered"] = sum(result[str(s)] for s in UNANSWERED)
    result["answered"] = sum(result[str(s)] for s in ANSWERED)
    return result


def set_hidden(proposal: Proposal, hidden: bool) -> None:
    """Moderation hides a proposal (left out of lists, counts and guards) or shows it."""
    proposal.is_hidden = hidden
    db.session.flush()
