"""Closing a concept vote: count the ballots, publish the results with the turnout,
and hand the winning concept's cost to the planning stage as a starting value."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from stedskaping.db import db, utcnow
from stedskaping.formats import Money
from stedskaping.links import link
from stedskaping.notifications.notify import notify
from stedskaping.participation.taking_part import ParticipationError
from stedskaping.participation.vote import results
from stedskaping.participation.vote.models import Ballot, ConceptVote, VoteStatus, move
from stedskaping.projects import events, from_domains
from stedskaping.projects.models import Project
from stedskaping.projects.process import SYSTEM, workflow_for

# The workflow's role naming the money field that takes the winning concept's cost,
# as "task.field" (``roles: {concept_cost: budget.minimum}``).
COST_ROLE = "concept_cost"


def close_vote(vote_id: int, actor=SYSTEM) -> ConceptVote:
    """Close a published vote whose closing time has passed: lock it (casts hold a
    shared lock, so no ballot is half-counted), count, publish. Closing twice is
    refused, so the job and a person pressing the button cannot both close it."""
    vote = db.session.scalar(sa.select(ConceptVote).where(ConceptVote.id == vote_id)
                             .with_for_update().execution_options(populate_existing=True))
    if vote is None or vote.status != VoteStatus.PUBLISHED:
        raise ParticipationError(_l("This vote is not open, so it cannot be closed."),
                                 status=409)
    if vote.closes_dt > utcnow():
        raise ParticipationError(_l("The vote closes at its closing time, not before."),
                                 status=409)
    ballots = list(db.session.scalars(sa.select(Ballot.choices).where(Ballot.vote_id == vote.id)))
    counted = results.count([c.id for c in vote.concepts], ballots, vote.mode)
    move(vote, VoteStatus.CLOSED)
    vote.results = {"points": counted["points"], "first": counted["first"]}
    vote.turnout, vote.winner_id, vote.closed_dt = len(ballots), counted["winner"], utcnow()
    project = db.session.get(Project, vote.project_id)
    winner = next((c for c in vote.concepts if c.id == vote.winner_id), None)
    events.record(project, actor, "vote_closed", turnout=vote.turnout,
                  winner=winner.title if winner else None)
    if winner is not None:
        _hand_on_cost(project, winner, actor)
    db.session.flush()
    _tell_the_team(project, vote, winner)
    return vote


def _hand_on_cost(project, winner, actor) -> None:
    """The winner's cost becomes the starting value of the field the workflow names."""
    target = workflow_for(project).workflow.role(COST_ROLE)
    if target:
        task_key, field_key = target.split(".", 1)
        from_domains.set_starting_value(project, task_key, field_key, winner.cost_amount,
                                        actor, source="concept_vote", concept=winner.title)


def _tell_the_team(project, vote, winner) -> None:
    page = link("participation.show_vote", project_id=project.id)
    params = ({"concept": winner.title, "cost": Money(winner.cost_amount), "n": vote.turnout}
              if winner else {})
    for member in project.members:
        notify(member.user, "vote_closed", f"vote-closed:{vote.id}:{member.user_id}",
               "won" if winner else "empty", link=page, project=project.title, **params)
