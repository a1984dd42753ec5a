"""The dugnad ledger: verified hours, materials and money against grants, the own-effort
share and the grant rules, and a CSV for the grant report. See docs/realisation-camp.md."""

from __future__ import annotations


def register(registry) -> None:
    from stedskaping.realisation.ledger import models, views  # noqa: F401
