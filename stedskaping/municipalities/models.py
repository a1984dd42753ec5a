from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stedskaping.db import created, db, intpk, user_fk, user_ref, utcnow
from stedskaping.statuses import Moves

if TYPE_CHECKING:
    from stedskaping.accounts.models import User


class Municipality(db.Model):
    __tablename__ = "municipality"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(sa.String(120))
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # Where offline pledges are paid unless a campaign names its own (11 digits, MOD11).
    bank_account: Mapped[str | None] = mapped_column(sa.String(11))
    created_dt: Mapped[created]

    facilitator_memberships: Mapped[list[FacilitatorMembership]] = relationship(
        back_populates="municipality", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Municipality {self.slug}>"


class FacilitatorMembership(db.Model):
    """A user acts as facilitator (contact person) for a municipality."""

    __tablename__ = "facilitator_membership"
    __table_args__ = (sa.UniqueConstraint("municipality_id", "user_id"),)

    id: Mapped[intpk]
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[user_fk]
    created_dt: Mapped[created]

    municipality: Mapped[Municipality] = relationship(back_populates="facilitator_memberships")
    user: Mapped[User] = relationship(back_populates="facilitator_memberships")


class FacilitatorInvitationStatus(StrEnum):
    """A facilitator invitation's status, read from when its link was spent and how."""

    OPEN = "open"  # (it may have expired: see expires_dt)
    ACCEPTED = "accepted"
    CLOSED = "closed"  # withdrawn, or replaced by a newer invitation


FACILITATOR_INVITATION_MOVES = Moves("FacilitatorInvitation", {
    None: {FacilitatorInvitationStatus.OPEN},
    FacilitatorInvitationStatus.OPEN: {FacilitatorInvitationStatus.ACCEPTED,
                                       FacilitatorInvitationStatus.CLOSED},
})


class FacilitatorInvitation(db.Model):
    """An admin's invitation to act as facilitator, for an address without a confirmed
    account. The person accepts it signed in with that address, confirmed; we keep only
    the hash of the link's token."""

    __tablename__ = "facilitator_invitation"

    id: Mapped[intpk]
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    invited_by_id: Mapped[user_ref | None]
    created_dt: Mapped[created]
    expires_dt: Mapped[datetime]
    # Set when accepted, withdrawn or replaced by a newer invitation: the link is spent.
    # The two store the status (FacilitatorInvitationStatus): write it with ``move``.
    closed_dt: Mapped[datetime | None]
    accepted_by_id: Mapped[user_ref | None]

    municipality: Mapped[Municipality] = relationship()

    @hybrid_property
    def status(self) -> FacilitatorInvitationStatus:
        if self.closed_dt is None:
            return FacilitatorInvitationStatus.OPEN
        if self.accepted_by_id is not None:
            return FacilitatorInvitationStatus.ACCEPTED
        return FacilitatorInvitationStatus.CLOSED

    @status.inplace.expression
    @classmethod
    def _status_expression(cls):
        return sa.case((cls.closed_dt.is_(None), FacilitatorInvitationStatus.OPEN.value),
                       (cls.accepted_by_id.is_not(None),
                        FacilitatorInvitationStatus.ACCEPTED.value),
                       else_=FacilitatorInvitationStatus.CLOSED.value)

    @staticmethod
    def status_values(new: FacilitatorInvitationStatus, by_id: int | None = None) -> dict:
        """The column values that store ``new`` (for ``move`` and bulk updates);
        ``by_id`` is who accepted."""
        if new == FacilitatorInvitationStatus.OPEN:
            return {"closed_dt": None, "accepted_by_id": None}
        if new == FacilitatorInvitationStatus.ACCEPTED and by_id is None:
            raise ValueError("an accepted invitation needs the person who accepted it")
        accepted_by = by_id if new == FacilitatorInvitationStatus.ACCEPTED else None
        return {"closed_dt": utcnow(), "accepted_by_id": accepted_by}


def move(invitation: FacilitatorInvitation, new: FacilitatorInvitationStatus,
         by_id: int | None = None) -> None:
    """Move a facilitator invitation to ``new``; IllegalMove if the table forbids it.
    The only place its status is written (a bulk update names its sources with
    ``FACILITATOR_INVITATION_MOVES.sources`` and writes ``status_values``)."""
    FACILITATOR_INVITATION_MOVES.check(invitation, new)
    if invitation.status == new:
        return  # not a move: keep when the link was spent
    for column, value in FacilitatorInvitation.status_values(new, by_id).items():
        setattr(invitation, column, value)


class Programme(db.Model):
    """A group of projects run together, for example "Piloter 2027", with its process
    and start date."""

    __tablename__ = "programme"
    __table_args__ = (sa.UniqueConstraint("municipality_id", "name"),)

    id: Mapped[intpk]
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    workflow_key: Mapped[str] = mapped_column(sa.String(64))
    start_on: Mapped[date]
    created_dt: Mapped[created]

    municipality: Mapped[Municipality] = relationship()
