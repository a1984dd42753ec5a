from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stedskaping.db import UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from stedskaping.accounts.models import User


class Municipality(db.Model):
    __tablename__ = "municipality"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # Where offline pledges are paid unless a campaign names its own (11 digits, MOD11).
    bank_account: Mapped[str | None] = mapped_column(sa.String(11))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    facilitator_memberships: Mapped[list[FacilitatorMembership]] = relationship(
        back_populates="municipality", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Municipality {self.slug}>"


class FacilitatorMembership(db.Model):
    """A user acts as facilitator (contact person) for a municipality."""

    __tablename__ = "facilitator_membership"
    __table_args__ = (sa.UniqueConstraint("municipality_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    municipality: Mapped[Municipality] = relationship(back_populates="facilitator_memberships")
    user: Mapped[User] = relationship(back_populates="facilitator_memberships")


class FacilitatorInvitation(db.Model):
    """An admin's invitation to act as facilitator, for an address without a confirmed
    account. The person accepts it signed in with that address, confirmed; we keep only
    the hash of the link's token."""

    __tablename__ = "facilitator_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    # Set when accepted, withdrawn or replaced by a newer invitation: the link is spent.
    closed_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"))

    municipality: Mapped[Municipality] = relationship()


class Programme(db.Model):
    """A group of projects run together, for example "Piloter 2027", with its process
    and start date."""

    __tablename__ = "programme"
    __table_args__ = (sa.UniqueConstraint("municipality_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    workflow_key: Mapped[str] = mapped_column(sa.String(64))
    start_on: Mapped[date]
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    municipality: Mapped[Municipality] = relationship()
