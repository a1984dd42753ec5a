"""Realisation: the six camp days. The plan's physical measures and their permits, the
camp's day programme, volunteer shifts and check-in, materials, the daily log, the dugnad
ledger, and the handover to the people who keep the result. See docs/realisation.md.

Each part is a subpackage of its own (models, operations, forms, views, jobs) with a
``register(registry)``; this package registers them in order. They share one blueprint
(``realisation.blueprint.bp``) and the templates under ``templates/realisation/``.
"""

from __future__ import annotations

import importlib

# The parts of the domain, in the order they register.
PARTS: tuple[str, ...] = ("measures", "permits", "materials", "camp", "shifts", "log",
                          "handover", "ledger")


def register(registry) -> None:
    from stedskaping.realisation.blueprint import bp

    for part in PARTS:
        importlib.import_module(f"stedskaping.realisation.{part}").register(registry)
    registry.blueprint(bp)
