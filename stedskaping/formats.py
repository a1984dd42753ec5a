"""Numbers, money, dates and lists as the reader's language writes them, through Babel.

One module for every page, mail and notice (CSV files keep machine formats:
``csvfile``). Python code calls the helpers; templates get the same as filters
(``{{ amount|money }}``, ``{{ n|number }}``, ``{{ names|listing }}``) and the globals
``format_date``, ``format_datetime`` and ``format_decimal``, which replace
Flask-Babel's so that English is written the British way (``1 December 2026``),
not the American one. Plurals are ``ngettext`` (``"%(num)d day"``, ``"%(num)d days"``),
whose forms the catalogues hold per language.

``tests/i18n/test_formats.py`` fails when a hand-written format (``"{:,}"``,
``strftime``, ``~ " kr"``) comes back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from babel import Locale
from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers
from flask import current_app, has_app_context
from flask_babel import get_locale, get_timezone, to_user_timezone

CURRENCY = "NOK"

# The language of the interface -> the locale that formats for it. English readers of
# a Norwegian platform are closer to British usage (day before month, 24-hour clock).
FORMAT_LOCALES = {"en": "en_GB"}

# CLDR's currency spacing: a symbol of letters ("NOK") is kept apart from the digits.
_LETTERS_THEN_DIGIT = re.compile(r"^([^\W\d_]+)(?=[\d-])")


@dataclass(frozen=True)
class Money:
    """An amount in øre, for code that hands money to be formatted later (a notice)."""

    amount: int


def current_language() -> str:
    locale = get_locale() if has_app_context() else None
    if locale:
        return str(locale)
    return current_app.config["BABEL_DEFAULT_LOCALE"] if has_app_context() else "nb"


def format_locale(lang: str | None = None) -> Locale:
    """The Babel locale that formats for ``lang`` (default: the language of the moment)."""
    return _locale(lang or current_language())


@cache
def _locale(lang: str) -> Locale:
    # Parsed once per language and process: pages format dozens of amounts and dates.
    return Locale.parse(FORMAT_LOCALES.get(lang, lang))


@cache
def _money_pattern(locale: Locale, whole: bool) -> babel_numbers.NumberPattern:
    """The locale's currency pattern, without decimals for whole kroner, parsed once."""
    pattern = locale.currency_formats["standard"].pattern
    return babel_numbers.parse_pattern(re.sub(r"\.0+", "", pattern) if whole else pattern)


def money(amount: int | Money | None, currency: str = CURRENCY) -> str:
    """Øre as the reader writes money: ``60 000 kr`` (nb), ``NOK 60,000`` (en),
    ``1 500,50 kr``; øre are shown only when there are some."""
    if isinstance(amount, Money):
        amount = amount.amount
    if amount is None:
        return "–"
    locale = format_locale()
    text = babel_numbers.format_currency(amount / 100, currency,
                                         format=_money_pattern(locale, amount % 100 == 0),
                                         locale=locale, currency_digits=False)
    return _LETTERS_THEN_DIGIT.sub("\\1\u00a0", text)


def number(value, pattern: str | None = None) -> str:
    """A number with the locale's grouping and decimal sign: ``12 345`` (nb), ``12,345`` (en)."""
    if value is None:
        return "–"
    return babel_numbers.format_decimal(value, format=pattern, locale=format_locale())


def percent(share: float | None) -> str:
    """A share (0.5) as the locale writes a percentage: ``50 %`` (nb), ``50%`` (en)."""
    if share is None:
        return "–"
    return babel_numbers.format_percent(share, locale=format_locale())


def date_text(day: date | datetime | str | None, style: str = "medium") -> str:
    """A date in the locale's style (``1. desember 2026``, ``1 December 2026``); a datetime is
    first moved to the platform's time zone, an ISO date (a stored answer) read first."""
    if day is None or day == "":
        return "–"
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day)
        except ValueError:
            return day  # not a date after all: shown as it was given
    if isinstance(day, datetime):
        day = to_user_timezone(day)
    return babel_dates.format_date(day, format=style, locale=format_locale())


def datetime_text(moment: datetime | None, style: str = "medium") -> str:
    """A moment in the platform's time zone, in the locale's style."""
    if moment is None:
        return "–"
    return babel_dates.format_datetime(moment, format=style, tzinfo=get_timezone(),
                                       locale=format_locale())


def time_text(moment: datetime | None) -> str:
    """The time of day in the platform's time zone (``18:00``)."""
    if moment is None:
        return "–"
    return babel_dates.format_time(moment, "short", tzinfo=get_timezone(),
                                   locale=format_locale())


def moment_text(moment: datetime | None) -> str:
    """A time people go to (a meeting): the weekday and date in full and the time of day,
    joined as the locale joins them (``tirsdag 8. desember 2026 kl. 18:00``)."""
    if moment is None:
        return "–"
    locale, zone = format_locale(), get_timezone()
    day = babel_dates.format_date(to_user_timezone(moment).date(), "full", locale=locale)
    time = babel_dates.format_time(moment, "short", tzinfo=zone, locale=locale)
    joined = babel_dates.get_datetime_format("long", locale=locale).replace("'", "")
    return joined.replace("{0}", time).replace("{1}", day)


def list_text(items, style: str = "standard") -> str:
    """``A, B og C`` (nb), ``A, B and C`` (en); ``style="or"`` for alternatives."""
    items = [str(item) for item in items]
    if not items:
        return ""
    return babel_lists.format_list(items, style=style, locale=format_locale())


def init_app(app) -> None:
    """Filters and globals for the templates (after Flask-Babel, whose globals these replace)."""
    app.jinja_env.filters.update(money=money, number=number, listing=list_text)
    app.jinja_env.globals.update(
        format_date=date_text, format_datetime=datetime_text,
        format_decimal=lambda value, pattern=None: number(value, pattern),
        format_money=money, format_list=list_text, format_moment=moment_text,
        format_time=time_text)
