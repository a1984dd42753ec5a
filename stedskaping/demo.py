"""Demo data, so that a newcomer sees a living platform at once."""

from __future__ import annotations

import sqlalchemy as sa

from stedskaping.accounts import passwords
from stedskaping.accounts.models import User
from stedskaping.db import db
from stedskaping.municipalities.models import FacilitatorMembership, Municipality

PASSWORD = "demo-password-2026"  # noqa: S105  (published on purpose: demo accounts only)

ACCOUNTS = (
    ("admin", "admin@demo.stedskaping.no", "Ada Admin"),
    ("facilitator", "facilitator@demo.stedskaping.no", "Frida Fasilitator"),
    ("initiator", "initiator@demo.stedskaping.no", "Ivar Initiativtaker"),
    ("backer", "backer@demo.stedskaping.no", "Berit Bidragsyter"),
)


def _user(email: str, name: str) -> User:
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is None:
        # The demo password is known to all, so it skips the policy on purpose.
        user = User(email=email, name=name, locale="nb",
                    password_hash=passwords.hash_password(PASSWORD))
        db.session.add(user)
    return user


def _municipality() -> Municipality:
    municipality = db.session.scalar(sa.select(Municipality).where(Municipality.slug == "demo"))
    if municipality is None:
        municipality = Municipality(name="Demo kommune", slug="demo")
        db.session.add(municipality)
    return municipality


def seed() -> list[tuple[str, str]]:
    """Create (or find) the demo municipality and accounts; returns (role, e-mail) pairs."""
    users = {role: _user(email, name) for role, email, name in ACCOUNTS}
    users["admin"].is_admin = True
    municipality = _municipality()
    db.session.flush()
    if municipality.id not in users["facilitator"].facilitated_municipality_ids():
        db.session.add(FacilitatorMembership(municipality=municipality, user=users["facilitator"]))
    db.session.flush()
    return [(role, email) for role, email, _name in ACCOUNTS]
