"""Form fields shared by several domains."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import DateField, StringField
from wtforms import IntegerField as _IntegerField
from wtforms.fields.choices import SelectChoice

from stedskaping.dates import MAX_YEAR, MIN_YEAR, parse_date
from stedskaping.formats import money

_AMOUNT = re.compile(r"^([0-9]{1,9})(?:[.,]([0-9]{1,2}))?$")

# The largest value of an integer column on every database we run on (PostgreSQL's
# ``integer`` is 32 bits): ids in addresses and amounts in øre stay at or below it.
INTEGER_MAX = 2**31 - 1
AMOUNT_MAX = INTEGER_MAX  # øre: 21 474 836,47 kr


def parse_kroner(text: str) -> int:
    """'1 250,50' kr -> 125050 øre. Raises ValueError with a message for the user."""
    cleaned = re.sub(r"[\s\u00a0]|kr\.?|NOK", "", text or "", flags=re.IGNORECASE)
    match = _AMOUNT.match(cleaned)
    if not match:
        raise ValueError(_l("Write an amount in kroner, like 1500 or 1500,50."))
    whole, fraction = match.groups()
    ore = int(whole) * 100 + int((fraction or "0").ljust(2, "0"))
    if ore > AMOUNT_MAX:
        raise ValueError(_l("Write an amount of at most %(max)s.", max=money(AMOUNT_MAX)))
    return ore


def format_kroner(ore: int | None) -> str:
    """Øre as a form field's text ("1500,50"), which ``parse_kroner`` reads back; pages
    and mails show money with ``formats.money``."""
    if ore is None:
        return ""
    kroner, rest = divmod(ore, 100)
    return f"{kroner},{rest:02d}" if rest else str(kroner)


class MoneyField(StringField):
    """An amount typed in kroner, kept as whole øre (``data`` is an int or None)."""

    def process_formdata(self, valuelist):
        self.raw = valuelist[0] if valuelist else ""
        if not self.raw.strip():
            self.data = None
            return
        try:
            self.data = parse_kroner(self.raw)
        except ValueError as exc:
            self.data = None
            raise ValueError(exc.args[0]) from exc

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return format_kroner(self.data) if isinstance(self.data, int) else ""


class IntegerField(_IntegerField):
    """A whole number that fits an integer column (and stays exact in JSON)."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and abs(self.data) > INTEGER_MAX:
            self.data = None
            raise ValueError(_l("Write a whole number between -%(max)d and %(max)d.",
                                max=INTEGER_MAX))


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class SaneDateField(DateField):
    """A date field (``<input type="date">``) that refuses years outside
    MIN_YEAR..MAX_YEAR, so no such date reaches an operation or the database."""

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {"min": f"{MIN_YEAR}-01-01", "max": f"{MAX_YEAR}-12-31",
                     **(kwargs.pop("render_kw", None) or {})}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            self.data = parse_date(valuelist[0])
        except ValueError as exc:
            self.data = None
            raise ValueError(exc.args[0]) from exc
