"""The plan's physical measures (a bench, planting beds, a roof): what the camp builds,
what needs a permit, and what someone keeps afterwards."""

from __future__ import annotations


def register(registry) -> None:
    from stedskaping.realisation.measures import models, rules, views  # noqa: F401
