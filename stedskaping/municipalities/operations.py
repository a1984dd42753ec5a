"""Municipalities and their facilitators."""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from stedskaping.accounts.operations import find_by_email
from stedskaping.db import db
from stedskaping.domain import DomainError
from stedskaping.funding.bank import clean_number, is_valid_account
from stedskaping.municipalities.models import FacilitatorMembership, Municipality


class MunicipalityError(DomainError):
    """A refused change to a municipality or its facilitators."""


_NORDIC = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_NORDIC))
    text = text.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:64]


def create_municipality(name: str, slug: str | None = None) -> Municipality:
    """Add a municipality; its slug (the name in addresses) must be unique."""
    slug = slugify(slug or name)
    if not slug:
        raise MunicipalityError(_l("Use letters or digits in the short name."), "slug")
    if db.session.scalar(sa.select(Municipality.id).where(Municipality.slug == slug)):
        raise MunicipalityError(_l("Another municipality already uses this short name."), "slug")
    municipality = Municipality(name=name.strip(), slug=slug)
    db.session.add(municipality)
    db.session.flush()
    return municipality


def add_facilitator(municipality: Municipality, email: str) -> FacilitatorMembership:
    """Make the user with this e-mail address a facilitator of the municipality."""
    user = find_by_email(email)
    if user is None:
        raise MunicipalityError(
            _l("No account has this e-mail address. Ask the person to register first."), "email"
        )
    if municipality.id in user.facilitated_municipality_ids():
        raise MunicipalityError(_l("%(name)s is already a facilitator here.", name=user.name),
                                "email")
    membership = FacilitatorMembership(municipality=municipality, user=user)
    db.session.add(membership)
    db.session.flush()
    return membership


def remove_facilitator(municipality: Municipality, user_id: int) -> None:
    membership = db.session.scalar(
        sa.select(FacilitatorMembership).where(
            FacilitatorMembership.municipality_id == municipality.id,
            FacilitatorMembership.user_id == user_id,
        )
    )
    if membership is None:
        raise MunicipalityError(_l("This person is not a facilitator here."))
    db.session.delete(membership)
    db.session.flush()


def set_bank_account(municipality: Municipality, account: str | None) -> None:
    """Set (or clear, with None) the account offline pledges are paid to."""
    if account and not is_valid_account(account):
        raise MunicipalityError(_l("This is not a valid Norwegian account number."),
                                "bank_account")
    municipality.bank_account = clean_number(account) or None
    db.session.flush()
