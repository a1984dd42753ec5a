"""Password policy and hashing (Argon2id through argon2-cffi)."""

from __future__ import annotations

import re
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS


class PasswordRejected(ValueError):
    """The password does not meet the policy; the message says why."""


@cache
def _common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def _parts(name: str, email: str) -> list[str]:
    local = email.split("@", 1)[0]
    words = re.split(r"[\s._+\-]+", f"{name} {local}".lower())
    return [w for w in {*words, local.lower()} if len(w) >= 3]


def check_policy(password: str, *, name: str = "", email: str = "") -> None:
    """Raise ``PasswordRejected`` unless ``password`` is acceptable.

    At least PASSWORD_MIN_LENGTH characters (long passphrases welcome, up to
    PASSWORD_MAX_LENGTH), not a common password, not built from the user's
    own name or e-mail, and not an easily guessed pattern (zxcvbn score < 2).
    """
    cfg = current_app.config
    if len(password) < cfg["PASSWORD_MIN_LENGTH"]:
        raise PasswordRejected(
            _l("Use at least %(n)d characters.", n=cfg["PASSWORD_MIN_LENGTH"])
        )
    if len(password) > cfg["PASSWORD_MAX_LENGTH"]:
        raise PasswordRejected(_l("Use at most %(n)d characters.", n=cfg["PASSWORD_MAX_LENGTH"]))
    lowered = password.lower()
    if any(part in lowered for part in _parts(name, email)):
        raise PasswordRejected(_l("The password must not contain your name or e-mail address."))
    if lowered in _common_passwords() or re.sub(r"\d+$", "", lowered) in _common_passwords():
        raise PasswordRejected(_l("This is a commonly used password. Choose another one."))
    # zxcvbn is quadratic in the length; a long passphrase is strong enough by length.
    if len(password) <= 32 and zxcvbn(password)["score"] < 2:
        raise PasswordRejected(
            _l("This password is too easy to guess. Try a few unrelated words.")
        )


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return _hasher_for(
        cfg["ARGON2_TIME_COST"], cfg["ARGON2_MEMORY_COST"], cfg["ARGON2_PARALLELISM"]
    )


@cache
def _hasher_for(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


@cache
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    return _hasher_for(time_cost, memory_cost, parallelism).hash("not-a-password-of-anyone")


def verify_against_nothing(password: str) -> bool:
    """Spend the time of a real check, for an address without an account, so that
    the answer's timing does not tell whether the address has one. Always False."""
    cfg = current_app.config
    verify_password(_dummy_hash(
        cfg["ARGON2_TIME_COST"], cfg["ARGON2_MEMORY_COST"], cfg["ARGON2_PARALLELISM"]), password)
    return False
