"""The concept vote: concepts, one ballot per confirmed person, results at the close."""

from __future__ import annotations

from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l

from stedskaping.engine.guards import yes_or_no
from stedskaping.plugins import Notice
from stedskaping.text import mark


def vote_closed(project) -> bool:
    """The fact ``concept_vote_closed``: the project's vote has closed and published
    its results."""
    from stedskaping.participation.vote.models import VoteStatus
    from stedskaping.participation.vote.operations import vote_of

    vote = vote_of(project)
    return vote is not None and vote.status == VoteStatus.CLOSED


def _why_not(facts, wanted):
    return (_l("The concept vote has not closed yet.") if wanted
            else _l("The concept vote has already closed."))


def _why_blocked(facts, wanted):
    return _l("The concept vote has closed.") if wanted else _l("The concept vote is not closed.")


def panel(project, given):
    from stedskaping.participation.vote.operations import vote_of

    return {"vote": vote_of(project)}


def public_panel(project, given):
    from stedskaping.participation.vote.models import VoteStatus
    from stedskaping.participation.vote.operations import vote_of

    vote = vote_of(project)
    return {"vote": vote} if vote is not None and vote.status != VoteStatus.DRAFT else None


def calendar_events(project) -> list:
    """The vote's opening and closing in the project's calendar feed, once published."""
    from stedskaping.participation.vote.forms import local_zone
    from stedskaping.participation.vote.models import VoteStatus
    from stedskaping.participation.vote.operations import vote_of
    from stedskaping.plugins import TimelineEvent

    vote = vote_of(project)
    if vote is None or vote.status == VoteStatus.DRAFT:
        return []
    opens, closes = (moment.astimezone(local_zone()).date()
                     for moment in (vote.opens_dt, vote.closes_dt))
    return [TimelineEvent(f"concept-vote-{vote.id}", str(_l("Concept vote: %(title)s",
                                                            title=project.title)),
                          opens, closes)]


def turnout(project_ids: list[int]) -> dict[int, tuple]:
    """{project id: (status, ballots)} of the projects' votes, in two queries."""
    import sqlalchemy as sa

    from stedskaping.db import db
    from stedskaping.participation.vote.models import ConceptVote
    from stedskaping.participation.vote.operations import ballot_count

    votes = db.session.execute(sa.select(ConceptVote.id, ConceptVote.project_id,
                                         ConceptVote.status)
                               .where(ConceptVote.project_id.in_(project_ids))).all()
    counts = ballot_count([v.id for v in votes]) if votes else {}
    return {v.project_id: (v.status, counts.get(v.id, 0)) for v in votes}


def turnout_text(value) -> str:
    from stedskaping.participation.vote.models import VoteStatus

    if not value or value[0] == VoteStatus.DRAFT:
        return "–"
    status, ballots = value
    text = ngettext("%(num)d vote", "%(num)d votes", ballots)
    return text if status == VoteStatus.CLOSED else gettext("%(votes)s (open)", votes=text)


def register(registry) -> None:
    from stedskaping.participation.vote import jobs, views  # noqa: F401

    registry.fact("concept_vote_closed")(vote_closed)
    registry.guard("vote_closed", why_not=_why_not, why_blocked=_why_blocked,
                   param=yes_or_no)(lambda facts, wanted: facts.get("concept_vote_closed")
                                    is wanted)
    registry.panel("home", "participation/vote/_home_panel.html", panel)
    registry.panel("public", "participation/vote/_public_panel.html", public_panel)
    registry.timeline(calendar_events)
    registry.job("concept_vote_close", jobs.close_due_votes,
                 {"trigger": "interval", "minutes": 5},
                 "close concept votes at their closing time and publish the results")
    registry.dashboard_column("turnout", _l("Vote turnout"), turnout, turnout_text)
    closed = mark.gettext("The concept vote in %(project)s has closed")
    registry.notification_kind("vote_closed", _l("Results of a concept vote"), notices={
        "won": Notice(closed, mark.gettext("%(concept)s won, with an estimated cost of "
                                           "%(cost)s. %(n)d people voted.")),
        "empty": Notice(closed, mark.gettext("Nobody voted.")),
    })
