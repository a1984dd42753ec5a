"""Account operations. They flush and raise domain errors; they never commit."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from stedskaping.accounts import passwords
from stedskaping.accounts.models import User, UserSession
from stedskaping.db import db, utcnow
from stedskaping.domain import DomainError
from stedskaping.notifications.operations import queue_mail


class AccountError(DomainError):
    """A refused account change; ``field`` names the form field it concerns."""


@dataclass(frozen=True)
class Registration:
    name: str
    email: str
    password: str
    locale: str | None = None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def _check_password(password: str, name: str, email: str, field: str = "password") -> None:
    try:
        passwords.check_policy(password, name=name, email=email)
    except passwords.PasswordRejected as exc:
        raise AccountError(exc.args[0], field=field) from exc


def register(data: Registration) -> User:
    """Create an account; refuse a taken e-mail or a weak password."""
    email = normalise_email(data.email)
    if find_by_email(email) is not None:
        raise AccountError(_l("An account with this e-mail address already exists."), "email")
    _check_password(data.password, data.name, email)
    user = User(
        name=data.name.strip(), email=email, locale=data.locale,
        password_hash=passwords.hash_password(data.password),
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User:
    """Return the user whose e-mail and password match, or raise AccountError."""
    user = find_by_email(email)
    if user is None or not passwords.verify_password(user.password_hash, password):
        raise AccountError(_l("Wrong e-mail address or password."))
    if user.is_disabled:
        raise AccountError(_l("This account is disabled."))
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def start_session(user: User) -> str:
    """Record a new signed-in session and return its secret token for the cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, token_hash=_hash_token(token)))
    db.session.flush()
    return token


def end_session(token: str | None) -> None:
    if not token:
        return
    db.session.execute(
        sa.update(UserSession)
        .where(UserSession.token_hash == _hash_token(token), UserSession.revoked_dt.is_(None))
        .values(revoked_dt=utcnow())
    )


def _end_all_sessions(user: User) -> None:
    db.session.execute(
        sa.update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_dt.is_(None))
        .values(revoked_dt=utcnow())
    )


def user_for_session(user_id: str, token: str | None) -> User | None:
    """The user of a live session, or None when the session was revoked."""
    if not token or not user_id.isdigit():
        return None
    return db.session.scalar(
        sa.select(User)
        .join(UserSession, UserSession.user_id == User.id)
        .where(
            User.id == int(user_id),
            UserSession.token_hash == _hash_token(token),
            UserSession.revoked_dt.is_(None),
        )
    )


def _set_password(user: User, new_password: str) -> None:
    _check_password(new_password, user.name, user.email, field="new_password")
    user.password_hash = passwords.hash_password(new_password)
    user.password_changed_dt = utcnow()
    _end_all_sessions(user)


def change_password(user: User, current_password: str, new_password: str) -> str:
    """Set a new password, sign out every session and return a fresh session token."""
    if not passwords.verify_password(user.password_hash, current_password):
        raise AccountError(_l("The current password is wrong."), "current_password")
    _set_password(user, new_password)
    queue_mail(
        kind="password_changed", recipient=user.email, user_id=user.id, locale=user.locale,
        subject=_l("Your password was changed"), template="password_changed", user=user,
    )
    return start_session(user)


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def _password_fingerprint(user: User) -> str:
    # Part of the token, so that a link stops working once the password changes.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def request_password_reset(email: str, locale: str | None) -> None:
    """E-mail a reset link if an account has this address; say nothing otherwise."""
    user = find_by_email(email)
    if user is None or user.is_disabled:
        return
    token = _reset_serializer().dumps({"u": user.id, "p": _password_fingerprint(user)})
    queue_mail(
        kind="password_reset", recipient=user.email, user_id=user.id,
        locale=user.locale or locale, subject=_l("Reset your password"),
        template="password_reset", user=user, token=token,
        max_age_minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60,
    )


def user_for_reset_token(token: str) -> User:
    """The user a reset link belongs to; AccountError if it is expired or used."""
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE"]
    try:
        data = _reset_serializer().loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise AccountError(_l("This reset link has expired. Ask for a new one.")) from exc
    except BadSignature as exc:
        raise AccountError(_l("This reset link is not valid. Ask for a new one.")) from exc
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) else None
    if user is None or data.get("p") != _password_fingerprint(user):
        raise AccountError(_l("This reset link has already been used. Ask for a new one."))
    return user


def reset_password(token: str, new_password: str) -> User:
    """Set a new password from a reset link; every old session is signed out."""
    user = user_for_reset_token(token)
    _set_password(user, new_password)
    return user


def change_email(user: User, password: str, new_email: str) -> None:
    """Move the account to a new address; the old address is told."""
    if not passwords.verify_password(user.password_hash, password):
        raise AccountError(_l("The password is wrong."), "password")
    new_email = normalise_email(new_email)
    if new_email == user.email:
        return
    if find_by_email(new_email) is not None:
        raise AccountError(_l("An account with this e-mail address already exists."), "email")
    old_email, user.email = user.email, new_email
    queue_mail(
        kind="email_changed", recipient=old_email, user_id=user.id, locale=user.locale,
        subject=_l("Your e-mail address was changed"), template="email_changed",
        user=user, old_email=old_email,
    )
    db.session.flush()


def update_profile(user: User, *, name: str, locale: str) -> None:
    user.name = name.strip()
    user.locale = locale
    db.session.flush()


def set_locale(user: User, locale: str) -> None:
    if user.locale != locale:
        user.locale = locale
