"""Account operations. They flush and raise domain errors; they never commit.

An address counts only once its owner has opened the link we mailed to it:
a new account is unconfirmed (it cannot sign in) until then, and an e-mail
change takes effect only when the link sent to the new address is opened.
Registration and password reset answer the same way whether or not the address
has an account: the owner of an existing account gets a notice instead.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from stedskaping.accounts import passwords, tokens
from stedskaping.accounts.models import (
    CHANGE_EMAIL,
    CONFIRM_EMAIL,
    RESET_PASSWORD,
    AccountToken,
    User,
    UserSession,
)
from stedskaping.accounts.sessions import hash_token
from stedskaping.db import db, utcnow
from stedskaping.domain import DomainError
from stedskaping.notifications.operations import queue_mail


class AccountError(DomainError):
    """A refused account change; ``field`` names the form field it concerns."""


class UnconfirmedError(AccountError):
    """The password was right, but the account's address is not confirmed yet."""

    status = 403

    def __init__(self, user: User):
        super().__init__(_l("Your e-mail address is not confirmed yet. Open the link we "
                            "sent to %(email)s, or ask for a new one.", email=user.email))
        self.user = user


@dataclass(frozen=True)
class Registration:
    name: str
    email: str
    password: str
    locale: str | None = None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def user_by_id(user_id) -> User | None:
    return db.session.get(User, user_id) if isinstance(user_id, int) else None


def find_confirmed(email: str) -> User | None:
    """The account whose confirmed address this is; the only kind that may get rights."""
    user = find_by_email(email)
    return user if user is not None and user.is_confirmed else None


def _check_password(password: str, name: str, email: str, field: str = "password") -> None:
    try:
        passwords.check_policy(password, name=name, email=email)
    except passwords.PasswordRejected as exc:
        raise AccountError(exc.args[0], field=field) from exc


def _confirm_max_age() -> int:
    return current_app.config["EMAIL_CONFIRM_MAX_AGE"]


def _hours(seconds: int) -> int:
    return max(1, seconds // 3600)


def register(data: Registration) -> None:
    """Create an unconfirmed account and mail it the confirmation link.

    For an address that already has an account nothing is created; that account
    is told someone tried. Both ways hash the password and write one e-mail, so
    neither the answer nor its timing tells which happened.
    """
    email = normalise_email(data.email)
    _check_password(data.password, data.name, email)
    password_hash = passwords.hash_password(data.password)
    existing = find_by_email(email)
    if existing is not None:
        queue_mail(
            kind="registration_attempt", recipient=existing.email, user_id=existing.id,
            locale=existing.locale or data.locale, subject=_l("Someone tried to register "
                                                              "with your address"),
            template="registration_attempt", user=existing,
        )
        return
    user = User(name=data.name.strip(), email=email, locale=data.locale,
                password_hash=password_hash)
    db.session.add(user)
    db.session.flush()
    _send_confirmation(user)


def create_confirmed(name: str, email: str, password: str) -> User:
    """An account whose address is taken as confirmed (the admin command)."""
    email = normalise_email(email)
    if find_by_email(email) is not None:
        raise AccountError(_l("An account with this e-mail address already exists."), "email")
    _check_password(password, name, email)
    user = User(name=name.strip(), email=email, password_hash=passwords.hash_password(password),
                email_confirmed_dt=utcnow())
    db.session.add(user)
    db.session.flush()
    return user


def _send_confirmation(user: User) -> None:
    token = tokens.issue(CONFIRM_EMAIL, user, user.email, _confirm_max_age())
    queue_mail(
        kind="confirm_email", recipient=user.email, user_id=user.id, locale=user.locale,
        subject=_l("Confirm your e-mail address"), template="confirm_email", user=user,
        token=token, hours=_hours(_confirm_max_age()),
    )


def resend_confirmation(user: User) -> None:
    """A new confirmation link for an unconfirmed account (the old one stops working)."""
    if user.is_confirmed or user.is_disabled:
        return
    _send_confirmation(user)


def _find(purposes, token: str) -> AccountToken:
    try:
        return tokens.find(purposes, token)
    except tokens.TokenError as error:
        raise AccountError(error.message) from error


def _use(purpose: str, token: str) -> AccountToken:
    try:
        return tokens.use(purpose, token)
    except tokens.TokenError as error:
        raise AccountError(error.message) from error


def confirmation_for(token: str) -> AccountToken:
    """The live confirmation (of a new account or of a new address) behind a link."""
    return _find((CONFIRM_EMAIL, CHANGE_EMAIL), token)


def confirm(token: str) -> User:
    """Open a confirmation link: confirm a new account, or apply an e-mail change."""
    if confirmation_for(token).purpose == CHANGE_EMAIL:
        return _apply_email_change(token)
    row = _use(CONFIRM_EMAIL, token)
    user = row.user
    if user.email != row.email or user.is_disabled:
        raise AccountError(_l("This link is not valid. Ask for a new one."))
    if user.email_confirmed_dt is None:
        user.email_confirmed_dt = utcnow()
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User:
    """Return the user whose e-mail and password match, or raise AccountError.

    An unknown address costs the same password check as a known one. The
    disabled and unconfirmed answers come only after the right password.
    """
    user = find_by_email(email)
    if user is None:
        passwords.verify_against_nothing(password)
        raise AccountError(_l("Wrong e-mail address or password."))
    if not passwords.verify_password(user.password_hash, password):
        raise AccountError(_l("Wrong e-mail address or password."))
    if user.is_disabled:
        raise AccountError(_l("This account is disabled."))
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    if not user.is_confirmed:
        raise UnconfirmedError(user)
    return user


def start_session(user: User) -> str:
    """Record a new signed-in session and return its secret token for the cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, token_hash=hash_token(token)))
    db.session.flush()
    return token


def end_session(token: str | None) -> None:
    if not token:
        return
    db.session.execute(
        sa.update(UserSession)
        .where(UserSession.token_hash == hash_token(token), UserSession.revoked_dt.is_(None))
        .values(revoked_dt=utcnow())
    )


def _end_all_sessions(user: User) -> None:
    db.session.execute(
        sa.update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_dt.is_(None))
        .values(revoked_dt=utcnow())
    )


def _set_password(user: User, new_password: str, *, checked: bool = False) -> None:
    if not checked:
        _check_password(new_password, user.name, user.email, field="new_password")
    user.password_hash = passwords.hash_password(new_password)
    user.password_changed_dt = utcnow()
    tokens.spend_open(RESET_PASSWORD, user.id)  # a reset link stops working once changed
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


def _reset_max_age() -> int:
    return current_app.config["PASSWORD_RESET_MAX_AGE"]


def request_password_reset(email: str, locale: str | None) -> None:
    """E-mail a reset link to the account with this address.

    An address without an account gets a short notice instead, so that both
    answers cost the same and the page says the same.
    """
    email = normalise_email(email)
    user = find_by_email(email)
    if user is None:
        queue_mail(kind="password_reset_no_account", recipient=email, locale=locale,
                   subject=_l("Reset your password"), template="password_reset_no_account",
                   email=email)
        return
    if user.is_disabled:
        return
    token = tokens.issue(RESET_PASSWORD, user, user.email, _reset_max_age())
    queue_mail(
        kind="password_reset", recipient=user.email, user_id=user.id,
        locale=user.locale or locale, subject=_l("Reset your password"),
        template="password_reset", user=user, token=token,
        max_age_minutes=_reset_max_age() // 60,
    )


def user_for_reset_token(token: str) -> User:
    """The user a reset link belongs to; AccountError if it is unknown, expired or used."""
    return _find(RESET_PASSWORD, token).user


def reset_password(token: str, new_password: str) -> User:
    """Set a new password from a reset link; every old session is signed out.

    The link reached the account's address, so it also confirms that address.
    """
    user = user_for_reset_token(token)
    _check_password(new_password, user.name, user.email, field="new_password")
    row = _use(RESET_PASSWORD, token)
    _set_password(user, new_password, checked=True)
    if user.email_confirmed_dt is None and row.email == user.email:
        user.email_confirmed_dt = utcnow()
    return user


def request_email_change(user: User, password: str, new_email: str) -> str:
    """Mail a link to the new address; the change applies when it is opened.

    An address that another account uses gets a notice instead (the page says
    the same either way). Returns the new address.
    """
    if not passwords.verify_password(user.password_hash, password):
        raise AccountError(_l("The password is wrong."), "password")
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise AccountError(_l("This is already your e-mail address."), "email")
    other = find_by_email(new_email)
    if other is not None:
        queue_mail(kind="email_taken", recipient=other.email, user_id=other.id,
                   locale=other.locale or user.locale,
                   subject=_l("Someone tried to use your address"), template="email_taken",
                   user=other)
        return new_email
    token = tokens.issue(CHANGE_EMAIL, user, new_email, _confirm_max_age())
    queue_mail(
        kind="change_email", recipient=new_email, user_id=user.id, locale=user.locale,
        subject=_l("Confirm your new e-mail address"), template="change_email", user=user,
        new_email=new_email, token=token, hours=_hours(_confirm_max_age()),
    )
    return new_email


def pending_email_change(user: User) -> str | None:
    """The new address waiting for its link to be opened, if any."""
    return db.session.scalar(
        sa.select(AccountToken.email).where(
            AccountToken.user_id == user.id, AccountToken.purpose == CHANGE_EMAIL,
            AccountToken.used_dt.is_(None), AccountToken.expires_dt > utcnow())
        .order_by(AccountToken.id.desc()).limit(1))


def _apply_email_change(token: str) -> User:
    row = _use(CHANGE_EMAIL, token)
    user = row.user
    if find_by_email(row.email) is not None:
        raise AccountError(_l("Another account has this e-mail address now, so yours was "
                              "not changed."))
    old_email, user.email = user.email, row.email
    user.email_confirmed_dt = utcnow()
    tokens.spend_open(RESET_PASSWORD, user.id)  # reset links went to the old address
    queue_mail(
        kind="email_changed", recipient=old_email, user_id=user.id, locale=user.locale,
        subject=_l("Your e-mail address was changed"), template="email_changed",
        user=user, old_email=old_email,
    )
    db.session.flush()
    return user


def update_profile(user: User, *, name: str, locale: str) -> None:
    user.name = name.strip()
    user.locale = locale
    db.session.flush()


def set_locale(user: User, locale: str) -> None:
    if user.locale != locale:
        user.locale = locale
        db.session.flush()
