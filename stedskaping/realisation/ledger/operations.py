"""The grant lines the team enters in the dugnad ledger."""

from __future__ import annotations

from stedskaping.db import db
from stedskaping.realisation.camp.days import CampError
from stedskaping.realisation.ledger.models import LedgerGrant
from stedskaping.text import _l


def add_grant(project, actor, name: str, amount: int | None) -> LedgerGrant:
    """A grant the project got, by name and amount (øre), for the own-effort share."""
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _l("Give the grant's name (who gave it).")
    if amount is None or amount <= 0:
        errors["amount"] = _l("Give the amount of the grant, more than 0.")
    if errors:
        raise CampError(next(iter(errors.values())), errors=errors)
    grant = LedgerGrant(project_id=project.id, name=name[:160], amount=amount)
    db.session.add(grant)
    db.session.flush()
    return grant


def remove_grant(grant: LedgerGrant, actor) -> None:
    """Take a grant line out of the ledger."""
    db.session.delete(grant)
    db.session.flush()
