"""Helpers for the learning tests: a project walked to its evaluation and completion."""

from __future__ import annotations

from stedskaping import plugins
from stedskaping.projects import process
from tests.fixtures.factories import complete_required_tasks, walk_to_crowdfunding


def walk_to_evaluation(cast, monkeypatch) -> None:
    """Through every gate as its people pass them; the campaign's fact stands in for a
    campaign that reached its minimum (the funding tests walk the real one)."""
    project = cast["project"]
    walk_to_crowdfunding(project, cast["initiator"], cast["facilitator"])
    monkeypatch.setitem(plugins.current().facts, "campaign_minimum_reached", lambda p: True)
    process.advance(project, "campaign_succeeded", process.SYSTEM)
    complete_required_tasks(project, cast["initiator"])
    process.advance(project, "finish_camp", cast["initiator"])


def complete(cast) -> None:
    project = cast["project"]
    complete_required_tasks(project, cast["initiator"])
    process.advance(project, "complete", cast["facilitator"])


def completed_cast(cast, monkeypatch):
    walk_to_evaluation(cast, monkeypatch)
    complete(cast)
    return cast
