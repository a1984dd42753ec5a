"""Norwegian bank numbers: account numbers (MOD11) and KID payment references (MOD10).

An offline pledge is paid by bank transfer to the campaign's account (or, when
the campaign has none, its municipality's), with a KID made from the pledge id:
unique per pledge, and its check digit lets the bank refuse a mistyped one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NOT_DIGITS = re.compile(r"[\s.\-\u00a0]")
_ACCOUNT_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
KID_BASE_LENGTH = 9  # the pledge id, zero-padded; with the check digit a KID of 10 digits


def clean_number(text: str | None) -> str:
    """'8601 11.17947' -> '86011117947': spaces, dots and dashes people type are dropped."""
    return _NOT_DIGITS.sub("", text or "")


def mod11_digit(digits: str) -> int | None:
    """The MOD11 check digit of an account number's first ten digits (None: no valid one)."""
    rest = sum(int(d) * w for d, w in zip(digits, _ACCOUNT_WEIGHTS, strict=True)) % 11
    if rest == 0:
        return 0
    return None if rest == 1 else 11 - rest


def is_valid_account(text: str | None) -> bool:
    """An 11-digit Norwegian account number whose last digit is its MOD11 check digit."""
    number = clean_number(text)
    if len(number) != 11 or not number.isdigit() or not number.isascii():
        return False
    return mod11_digit(number[:10]) == int(number[10])


def format_account(number: str | None) -> str:
    """'86011117947' -> '8601.11.17947', the way Norwegian banks print it."""
    number = clean_number(number)
    if len(number) != 11:
        return number
    return f"{number[:4]}.{number[4:6]}.{number[6:]}"


def luhn_digit(digits: str) -> int:
    """The MOD10 (Luhn) check digit of ``digits``: weights 2, 1, 2, ... from the right."""
    total = 0
    for position, digit in enumerate(reversed(digits)):
        product = int(digit) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def is_valid_kid(text: str | None) -> bool:
    """A KID of 2 to 25 digits whose last digit is its MOD10 check digit."""
    kid = clean_number(text)
    if not 2 <= len(kid) <= 25 or not kid.isdigit() or not kid.isascii():
        return False
    return luhn_digit(kid[:-1]) == int(kid[-1])


def kid_for(pledge_id: int) -> str:
    """The pledge's payment reference: its id, zero-padded, and a MOD10 check digit."""
    if pledge_id <= 0:
        raise ValueError("a KID is made from a saved pledge's id")
    base = str(pledge_id).zfill(KID_BASE_LENGTH)
    return base + str(luhn_digit(base))


def pledge_of_kid(text: str | None) -> int | None:
    """The pledge id a (valid) KID stands for, for matching a bank statement."""
    return int(clean_number(text)[:-1]) if is_valid_kid(text) else None


@dataclass(frozen=True)
class PaymentDetails:
    """How to pay an offline pledge; ``account`` is None when nobody has configured one."""

    amount: int
    kid: str
    account: str | None

    @property
    def account_display(self) -> str:
        return format_account(self.account) if self.account else ""


def payment_details(pledge) -> PaymentDetails:
    """The account (campaign's, else municipality's) and KID for paying ``pledge``."""
    campaign = pledge.campaign
    account = campaign.bank_account or campaign.project.municipality.bank_account
    return PaymentDetails(amount=pledge.amount, kid=kid_for(pledge.id), account=account or None)
