"""Municipalities and their facilitators."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from stedskaping.accounts import tokens
from stedskaping.accounts.operations import find_confirmed, normalise_email
from stedskaping.db import db, utcnow
from stedskaping.domain import DomainError
from stedskaping.municipalities.models import (
    FACILITATOR_INVITATION_MOVES,
    FacilitatorInvitation,
    FacilitatorInvitationStatus,
    FacilitatorMembership,
    Municipality,
    move,
)
from stedskaping.notifications.operations import queue_mail


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


@dataclass(frozen=True)
class Appointment:
    """What ``add_facilitator`` did: made ``user`` facilitator, or mailed an invitation."""

    email: str
    membership: FacilitatorMembership | None = None
    invitation: FacilitatorInvitation | None = None


def add_facilitator(municipality: Municipality, email: str, inviter,
                    locale: str | None) -> Appointment:
    """Make the confirmed account with this address a facilitator (and tell them), or,
    when no confirmed account has it, mail the address an invitation to accept.

    Rights never go to an unconfirmed address: whoever registered it unconfirmed
    gets them only by confirming it and accepting the invitation.
    """
    email = normalise_email(email)
    user = find_confirmed(email)
    if user is None:
        return Appointment(email, invitation=_invite(municipality, email, inviter, locale))
    if municipality.id in user.facilitated_municipality_ids():
        raise MunicipalityError(_l("%(name)s is already a facilitator here.", name=user.name),
                                "email")
    membership = _make_member(municipality, user)
    queue_mail(kind="facilitator_added", recipient=user.email, user_id=user.id,
               locale=user.locale or locale,
               subject=_l("You are a facilitator for %(place)s", place=municipality.name),
               template="facilitator_added", user=user, municipality=municipality)
    return Appointment(email, membership=membership)


def _make_member(municipality: Municipality, user) -> FacilitatorMembership:
    membership = FacilitatorMembership(municipality=municipality, user=user)
    db.session.add(membership)
    db.session.flush()
    return membership


def _close_open_invitations(municipality_id: int, email: str) -> None:
    closed = FacilitatorInvitationStatus.CLOSED
    db.session.execute(  # a bulk move, only from the table's sources of closed (open)
        sa.update(FacilitatorInvitation)
        .where(FacilitatorInvitation.municipality_id == municipality_id,
               FacilitatorInvitation.email == email,
               FacilitatorInvitation.status.in_(FACILITATOR_INVITATION_MOVES.sources(closed)))
        .values(**FacilitatorInvitation.status_values(closed)))


def _invite(municipality: Municipality, email: str, inviter, locale) -> FacilitatorInvitation:
    _close_open_invitations(municipality.id, email)  # only the newest link works
    token, digest = tokens.new_secret()
    days = current_app.config["INVITATION_DAYS"]
    invitation = FacilitatorInvitation(
        municipality_id=municipality.id, email=email, token_hash=digest,
        invited_by_id=inviter.id, expires_dt=utcnow() + timedelta(days=days))
    db.session.add(invitation)
    db.session.flush()
    queue_mail(kind="facilitator_invitation", recipient=email, locale=locale,
               subject=_l("You are invited to be a facilitator for %(place)s",
                          place=municipality.name),
               template="facilitator_invitation", municipality=municipality, inviter=inviter,
               token=token, days=days)
    return invitation


def open_invitations(municipality: Municipality) -> list[FacilitatorInvitation]:
    return list(db.session.scalars(sa.select(FacilitatorInvitation).where(
        FacilitatorInvitation.municipality_id == municipality.id,
        FacilitatorInvitation.status == FacilitatorInvitationStatus.OPEN,
        FacilitatorInvitation.expires_dt > utcnow()).order_by(FacilitatorInvitation.email)))


def withdraw_invitation(municipality: Municipality, invitation_id: int) -> None:
    invitation = db.session.get(FacilitatorInvitation, invitation_id)
    if (invitation is None or invitation.municipality_id != municipality.id
            or invitation.status != FacilitatorInvitationStatus.OPEN):
        raise MunicipalityError(_l("This invitation is not open."), status=404)
    move(invitation, FacilitatorInvitationStatus.CLOSED)
    db.session.flush()


def invitation_for(token: str) -> FacilitatorInvitation:
    """The open facilitator invitation behind a link; MunicipalityError says why not."""
    invitation = db.session.scalar(sa.select(FacilitatorInvitation).where(
        FacilitatorInvitation.token_hash == tokens.hash_token(token)))
    if invitation is None:
        raise MunicipalityError(_l("This invitation link is not valid."))
    if invitation.status != FacilitatorInvitationStatus.OPEN:
        raise MunicipalityError(_l("This invitation has already been used or withdrawn."))
    if invitation.expires_dt < utcnow():
        raise MunicipalityError(_l("This invitation has expired. Ask the admin for a new one."))
    return invitation


def accept_invitation(token: str, user) -> FacilitatorMembership | None:
    """Accept as ``user``, who must be signed in with the invited address, confirmed."""
    invitation = invitation_for(token)
    if not user.is_confirmed or normalise_email(user.email) != invitation.email:
        raise MunicipalityError(_l("This invitation was sent to %(email)s. Log in with that "
                                   "address (confirmed) to accept it.", email=invitation.email),
                                status=403)
    accepted = FacilitatorInvitationStatus.ACCEPTED
    spent = db.session.execute(  # a bulk move, so that only one of two racing answers wins
        sa.update(FacilitatorInvitation)
        .where(FacilitatorInvitation.id == invitation.id,
               FacilitatorInvitation.status.in_(FACILITATOR_INVITATION_MOVES.sources(accepted)))
        .values(**FacilitatorInvitation.status_values(accepted, by_id=user.id))).rowcount
    if spent != 1:
        raise MunicipalityError(_l("This invitation has already been used or withdrawn."))
    municipality = invitation.municipality
    if municipality.id in user.facilitated_municipality_ids():
        return None
    return _make_member(municipality, user)


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
