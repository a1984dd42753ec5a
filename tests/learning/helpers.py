"""Helpers for the learning tests: a project walked to its evaluation and completion."""

from __future__ import annotations

from stedskaping import plugins
from stedskaping.db import utcnow
from stedskaping.projects import process
from tests.fixtures.factories import complete_required_tasks, walk_to_crowdfunding
from tests.fixtures.participation import gather_for


def walk_to_evaluation(cast, monkeypatch) -> None:
    """Through every gate as its people pass them; the campaign's fact stands in for a
    campaign that reached its minimum (the funding tests walk the real one)."""
    project = cast["project"]
    walk_to_crowdfunding(project, cast["initiator"], cast["facilitator"])
    monkeypatch.setitem(plugins.current().facts, "campaign_minimum_reached", lambda p: True)
    process.advance(project, "campaign_succeeded", process.SYSTEM)
    complete_required_tasks(project, cast["initiator"])
    gather_for(project, "finish_camp")
    process.advance(project, "finish_camp", cast["initiator"])


def complete(cast) -> None:
    """The gate of ``complete`` reads the first evaluation round: the team and the
    facilitator answer it (as the demo's projects do)."""
    from stedskaping.learning.demo import answer_first_round

    project = cast["project"]
    answer_first_round(project, cast, utcnow().date())
    complete_required_tasks(project, cast["initiator"])
    process.advance(project, "complete", cast["facilitator"])


def completed_cast(cast, monkeypatch):
    walk_to_evaluation(cast, monkeypatch)
    complete(cast)
    return cast
