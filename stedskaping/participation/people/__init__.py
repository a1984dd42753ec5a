"""One person across the project: the team's page of who took part in what.

Each part of the domain adds what it knows with ``queries.SOURCES`` (a function
``source(project) -> list[Activity]``); see docs/participation.md "Participants"."""

from __future__ import annotations


def register(registry) -> None:
    from stedskaping.participation.people import views  # noqa: F401  (the page and its rule)
