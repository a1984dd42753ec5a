"""Dates the app accepts: one rule for forms, operations and the engine.

Every date lies in MIN_YEAR..MAX_YEAR: a typo like 20277 or 0207 is refused with
a message instead of being stored (or overflowing date arithmetic).
"""

from __future__ import annotations

from datetime import date

from stedskaping.text import _l

MIN_YEAR, MAX_YEAR = 2000, 2100
DATE_RANGE_MESSAGE = _l("Give a date between the years %(low)d and %(high)d.",
                        low=MIN_YEAR, high=MAX_YEAR)
DATE_FORMAT_MESSAGE = _l("Give a date, like 2027-05-01.")


def date_in_range(day: date) -> bool:
    return MIN_YEAR <= day.year <= MAX_YEAR


def parse_date(text) -> date:
    """An ISO date ("2027-05-01") in the allowed years. Raises ValueError with a
    message for the user; used by the form field and by checks outside forms."""
    if isinstance(text, date):
        day = text
    else:
        try:
            day = date.fromisoformat(str(text).strip())
        except (TypeError, ValueError):
            raise ValueError(DATE_FORMAT_MESSAGE) from None
    if not date_in_range(day):
        raise ValueError(DATE_RANGE_MESSAGE)
    return day
