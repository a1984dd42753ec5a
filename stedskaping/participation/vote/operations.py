"""The concept vote: the team sets it up and publishes it, confirmed people vote once
inside its window, and at the close the results are published with the turnout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from stedskaping.db import db, utcnow
from stedskaping.participation import pictures
from stedskaping.participation.taking_part import ParticipationError, check_person
from stedskaping.participation.vote.models import (
    MAX_CONCEPTS,
    MIN_CONCEPTS,
    MODES,
    RANKING,
    Ballot,
    Concept,
    ConceptVote,
    VoteStatus,
    move,
)
from stedskaping.projects import events


@dataclass(frozen=True)
class NewConcept:
    title: str
    description: str
    cost_amount: int
    sketch: tuple[str, bytes] | None = None  # (file name, content)


def vote_of(project) -> ConceptVote | None:
    return db.session.scalar(sa.select(ConceptVote).where(ConceptVote.project_id == project.id))


def _editable(vote: ConceptVote) -> None:
    if vote.status != VoteStatus.DRAFT:
        raise ParticipationError(_l("The vote is published and can no longer be changed."),
                                 status=409)


def _check_times(opens_dt: datetime, closes_dt: datetime, now: datetime) -> None:
    if closes_dt <= opens_dt:
        raise ParticipationError(_l("The vote must close after it opens."), "closes_dt")
    if closes_dt <= now:
        raise ParticipationError(_l("The closing time has passed: choose a later one."),
                                 "closes_dt")


def save_vote(project, actor, mode: str, opens_dt: datetime, closes_dt: datetime) -> ConceptVote:
    """Set up the vote (or change its draft): single choice or ranking, and its window."""
    if mode not in MODES:
        raise ParticipationError(_l("Choose single choice or ranking."), "mode")
    _check_times(opens_dt, closes_dt, utcnow())
    vote = vote_of(project)
    if vote is None:
        vote = ConceptVote(project_id=project.id, created_by_id=actor.id,
                           status=VoteStatus.DRAFT)
        db.session.add(vote)
    else:
        _editable(vote)
    vote.mode, vote.opens_dt, vote.closes_dt = mode, opens_dt, closes_dt
    db.session.flush()
    return vote


def add_concept(project, vote: ConceptVote, actor, data: NewConcept) -> Concept:
    """Add a concept (title, description, estimated cost, sketch) to a draft vote."""
    _editable(vote)
    errors = {}
    if not data.title.strip() or len(data.title.strip()) > 160:
        errors["title"] = _l("Give the concept a title of at most 160 characters.")
    if not data.description.strip() or len(data.description) > 5000:
        errors["description"] = _l("Describe the concept in at most 5000 characters.")
    if len(vote.concepts) >= MAX_CONCEPTS:
        errors[None] = _l("A vote has at most %(n)d concepts.", n=MAX_CONCEPTS)
    if errors:
        raise ParticipationError(_l("Some answers need another look."), errors=errors)
    sketch = (pictures.store_image(project.id, *data.sketch, field="sketch")
              if data.sketch else None)
    concept = Concept(title=data.title.strip(), description=data.description.strip(),
                      cost_amount=data.cost_amount, sketch=sketch,
                      position=max((c.position for c in vote.concepts), default=0) + 1)
    vote.concepts.append(concept)
    db.session.flush()
    return concept


def remove_concept(vote: ConceptVote, concept_id: int) -> None:
    _editable(vote)
    concept = next((c for c in vote.concepts if c.id == concept_id), None)
    if concept is None:
        raise ParticipationError(_l("This concept is not part of the vote."), status=404)
    vote.concepts.remove(concept)
    db.session.flush()


def publish(project, vote: ConceptVote, actor) -> None:
    """Publish the vote: from its opening time people can vote until it closes."""
    _editable(vote)
    if not MIN_CONCEPTS <= len(vote.concepts) <= MAX_CONCEPTS:
        raise ParticipationError(_l("Publish two to five concepts."), status=409)
    _check_times(vote.opens_dt, vote.closes_dt, utcnow())
    move(vote, VoteStatus.PUBLISHED)
    events.record(project, actor, "vote_published", concepts=len(vote.concepts))
    db.session.flush()


def _clean_choices(vote: ConceptVote, choices: list[int]) -> list[int]:
    ids = [c.id for c in vote.concepts]
    if vote.mode == RANKING:
        if sorted(choices) != sorted(ids) or len(set(choices)) != len(choices):
            raise ParticipationError(_l("Rank every concept, each with its own place."),
                                     "choices")
        return list(choices)
    if len(choices) != 1 or choices[0] not in ids:
        raise ParticipationError(_l("Choose one concept."), "choices")
    return list(choices)


def cast(project, vote: ConceptVote, actor, choices: list[int]) -> Ballot:
    """A confirmed person votes, once, while the vote is open. A second ballot is refused
    (the unique key decides between requests that arrive at once). The vote row is read
    with a shared lock, so the close, which locks it for update, counts every ballot."""
    check_person(project, actor)
    db.session.execute(sa.select(ConceptVote.id).where(ConceptVote.id == vote.id)
                       .with_for_update(read=True))
    db.session.refresh(vote, ["status"])
    if not vote.is_open(utcnow()):
        raise ParticipationError(_l("The vote is not open: it opens %(opens)s and closes "
                                    "%(closes)s.", opens=_when(vote.opens_dt),
                                    closes=_when(vote.closes_dt)), status=409)
    ballot = Ballot(vote_id=vote.id, voter_id=actor.id, choices=_clean_choices(vote, choices))
    try:
        with db.session.begin_nested():
            db.session.add(ballot)
    except IntegrityError:
        raise ParticipationError(_l("You have already voted. Each person votes once."),
                                 status=409) from None
    return ballot


def _when(moment: datetime):
    from flask_babel.speaklater import LazyString

    from stedskaping.formats import datetime_text

    return LazyString(datetime_text, moment, "short")


def has_voted(vote: ConceptVote, user) -> bool:
    if vote is None or not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(sa.select(sa.func.count()).select_from(Ballot).where(
        Ballot.vote_id == vote.id, Ballot.voter_id == user.id)) > 0


def ballot_count(vote_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(sa.select(Ballot.vote_id, sa.func.count())
                              .where(Ballot.vote_id.in_(vote_ids)).group_by(Ballot.vote_id))
    return dict(rows.all())
