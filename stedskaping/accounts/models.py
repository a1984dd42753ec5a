from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stedskaping.db import created, db, intpk, user_fk, utcnow

if TYPE_CHECKING:
    from stedskaping.municipalities.models import FacilitatorMembership


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_disabled: Mapped[bool] = mapped_column(default=False)
    created_dt: Mapped[created]
    password_changed_dt: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when the owner opened the confirmation link; until then the address does not
    # count: the account cannot sign in and is given no rights.
    email_confirmed_dt: Mapped[datetime | None]

    facilitator_memberships: Mapped[list[FacilitatorMembership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_dt is not None

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return not self.is_disabled

    def facilitated_municipality_ids(self) -> set[int]:
        return {m.municipality_id for m in self.facilitator_memberships}

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class UserSession(db.Model):
    """A signed-in session. The cookie holds a random token; we keep its hash.

    Logging out or changing the password revokes the row, so a copied cookie
    stops working at once even though the cookie itself is still validly signed.
    """

    __tablename__ = "user_session"

    id: Mapped[intpk]
    user_id: Mapped[user_fk]
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_dt: Mapped[created]
    revoked_dt: Mapped[datetime | None]

    user: Mapped[User] = relationship()



# What an account token is for.
CONFIRM_EMAIL = "confirm_email"  # confirm the address of a new account
CHANGE_EMAIL = "change_email"  # move the account to ``email``, the new address
RESET_PASSWORD = "reset_password"  # noqa: S105  (a purpose, not a secret)
TOKEN_PURPOSES = (CONFIRM_EMAIL, CHANGE_EMAIL, RESET_PASSWORD)


class AccountToken(db.Model):
    """The secret of an e-mailed link. We keep only its SHA-256 hash, so that a copy of
    the database opens no account; a token works once and until ``expires_dt``."""

    __tablename__ = "account_token"

    id: Mapped[intpk]
    purpose: Mapped[str] = mapped_column(sa.String(32))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[user_fk]
    email: Mapped[str] = mapped_column(sa.String(254))  # the address the link was sent to
    created_dt: Mapped[created]
    expires_dt: Mapped[datetime]
    used_dt: Mapped[datetime | None]

    user: Mapped[User] = relationship()
