"""One person across the project: the team's page of who took part in what.

Each part of the domain adds what it knows with ``queries.SOURCES`` (a function
``source(project) -> list[Activity]``); see docs/participation.md "Participants"."""

from __future__ import annotations


def register(registry) -> None:
    from stedskaping.participation.people import sources, views  # noqa: F401  (page, rule)
    from stedskaping.participation.people.queries import SOURCES

    for source in (sources.proposals, sources.votes):
        if source not in SOURCES:  # an app made twice (tests, commands) adds them once
            SOURCES.append(source)
