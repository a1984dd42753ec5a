"""Secrets for e-mailed links: random, single use, with an expiry, stored only as a hash.

``new_secret`` makes the token for the link and the hash to store. The database
holds the SHA-256 of a 256-bit random token, so a copy of it opens nothing;
a plain hash suffices because the token is random (nothing to guess or salt).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from stedskaping.accounts.models import AccountToken
from stedskaping.db import db, utcnow
from stedskaping.domain import DomainError


class TokenError(DomainError):
    """An unknown, used or expired link."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_secret() -> tuple[str, str]:
    """A fresh token for the link, and the hash to store."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def issue(purpose: str, user, email: str, max_age_seconds: int) -> str:
    """Store a new token for ``user`` (spending their open ones of the same purpose, so
    only the latest link works) and return the token for the link."""
    spend_open(purpose, user.id)
    token, digest = new_secret()
    db.session.add(AccountToken(
        purpose=purpose, token_hash=digest, user_id=user.id, email=email,
        expires_dt=utcnow() + timedelta(seconds=max_age_seconds),
    ))
    db.session.flush()
    return token


def spend_open(purpose: str, user_id: int) -> None:
    db.session.execute(
        sa.update(AccountToken)
        .where(AccountToken.purpose == purpose, AccountToken.user_id == user_id,
               AccountToken.used_dt.is_(None))
        .values(used_dt=utcnow())
    )


def find(purposes: str | tuple[str, ...], token: str) -> AccountToken:
    """The live token behind a link, for one of ``purposes``; TokenError says why not
    (unknown, used, expired)."""
    purposes = (purposes,) if isinstance(purposes, str) else purposes
    row = db.session.scalar(sa.select(AccountToken).where(
        AccountToken.token_hash == hash_token(token), AccountToken.purpose.in_(purposes)))
    if row is None:
        raise TokenError(_l("This link is not valid. Ask for a new one."))
    if row.used_dt is not None:
        raise TokenError(_l("This link has already been used. Ask for a new one."))
    if row.expires_dt < utcnow():
        raise TokenError(_l("This link has expired. Ask for a new one."))
    return row


def use(purpose: str, token: str) -> AccountToken:
    """Spend a token: it works once. A concurrent second use finds it spent."""
    row = find(purpose, token)
    spent = db.session.execute(
        sa.update(AccountToken)
        .where(AccountToken.id == row.id, AccountToken.used_dt.is_(None))
        .values(used_dt=utcnow())
    ).rowcount
    if spent != 1:
        raise TokenError(_l("This link has already been used. Ask for a new one."))
    db.session.refresh(row)
    return row
