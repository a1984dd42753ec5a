"""The forms of the daily log."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from stedskaping.accounts.forms import InputRequired, strip
from stedskaping.dates import parse_date
from stedskaping.fields import options
from stedskaping.formats import date_text as format_date
from stedskaping.participation.meetings.forms import PrefixedForm


def _day(value):
    if value is None or hasattr(value, "isoformat"):
        return value
    try:
        return parse_date(value)
    except ValueError:
        return None


class EntryForm(PrefixedForm):
    PREFIX = "log"

    day_on = SelectField(_l("Camp day"), coerce=_day, validate_choice=False, validators=[
        InputRequired(_l("Choose one of the camp's days, up to today."))])
    note = TextAreaField(_l("What happened today"), validators=[
        InputRequired(_l("Write a few lines about the day.")), Length(max=5000)],
        filters=[strip])

    def set_days(self, days) -> None:
        self.day_on.choices = options((d, format_date(d, "full")) for d in days)


class PhotoForm(PrefixedForm):
    PREFIX = "photo"

    photo = FileField(_l("Photo (JPEG or PNG, at most 5 MB)"))
    caption = StringField(_l("Caption"), validators=[Optional(), Length(max=300)],
                          filters=[strip])
