"""Participation: supporters, open meetings, proposals, the concept vote, moderation.

Each part is a subpackage of its own (models, operations, forms, views, jobs) with a
``register(registry)``; this package registers them in order. They share one blueprint
(``participation.blueprint.bp``) and the templates under ``templates/participation/``.
"""

from __future__ import annotations

import importlib

# The parts of the domain, in the order they register.
PARTS: tuple[str, ...] = ("supporters", "meetings", "people", "proposals", "vote",
                          "moderation")


def register(registry) -> None:
    from stedskaping.participation.blueprint import bp

    for part in PARTS:
        importlib.import_module(f"stedskaping.participation.{part}").register(registry)
    registry.blueprint(bp)
