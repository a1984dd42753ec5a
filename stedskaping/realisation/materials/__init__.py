"""Materials logistics: accepted material pledges and bought or borrowed items, each with
a delivery day, a measure and a state; ``queries.missing_for_measures`` for the day plan."""

from __future__ import annotations


def register(registry) -> None:
    from stedskaping.realisation.materials import models, views  # noqa: F401
