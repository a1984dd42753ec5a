"""The forms of the meeting pages. Times are typed in local time (the app's zone)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from stedskaping.accounts.forms import InputRequired, strip
from stedskaping.dates import DATE_RANGE_MESSAGE, MAX_YEAR, MIN_YEAR
from stedskaping.fields import IntegerField


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


class LocalTimeField(StringField):
    """``<input type="datetime-local">``: a local time, kept as an aware UTC datetime."""

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {"type": "datetime-local", "min": f"{MIN_YEAR}-01-01T00:00",
                     "max": f"{MAX_YEAR}-12-31T23:59", **(kwargs.pop("render_kw", None) or {})}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def process_formdata(self, valuelist):
        text = str(valuelist[0]).strip() if valuelist else ""
        self.data = None
        if not text:
            return
        try:
            local = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(_l("Give a date and time, like 2027-05-01 18:00.")) from None
        if not MIN_YEAR <= local.year <= MAX_YEAR:
            raise ValueError(DATE_RANGE_MESSAGE)
        self.data = local.replace(tzinfo=_zone() if local.tzinfo is None else local.tzinfo,
                                  second=0, microsecond=0).astimezone(UTC)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        # The machine format a datetime-local input reads (2026-12-08T18:00).
        local = self.data.astimezone(_zone()).replace(tzinfo=None) if self.data else None
        return local.isoformat(timespec="minutes") if local else ""


class PrefixedForm(FlaskForm):
    """A form whose fields are named ``<PREFIX>-<name>``: several forms on one page have
    no ids in common (the CSRF token's among them)."""

    PREFIX = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", self.PREFIX)
        super().__init__(*args, **kwargs)


class MeetingForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        InputRequired(_l("Give the meeting a title.")), Length(max=200)], filters=[strip])
    description = TextAreaField(_l("What happens at the meeting"), validators=[
        Optional(), Length(max=5000)], filters=[strip])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=300)], filters=[strip],
                        description=_l("An address or a description people can find."))
    online_link = StringField(_l("Online link"), validators=[Optional(), Length(max=500)],
                              filters=[strip], render_kw={"type": "url"},
                              description=_l("For a meeting online, or both at once."))
    starts_dt = LocalTimeField(_l("Starts"), validators=[InputRequired(_l("Give the start."))])
    ends_dt = LocalTimeField(_l("Ends"), validators=[InputRequired(_l("Give the end."))])
    capacity = IntegerField(_l("Seats"), validators=[Optional()],
                            description=_l("Leave empty for no limit. When the seats are "
                                           "taken, people go on a waitlist."))
    is_registration_open = BooleanField(_l("People register to come"), default=True)
    registration_deadline_dt = LocalTimeField(_l("Registration deadline"), description=_l(
        "Optional; without it, people can register until the meeting starts."))


class CodeForm(PrefixedForm):
    PREFIX = "door"

    code = StringField(_l("Code"), validators=[InputRequired(_l("Give the code.")),
                                               Length(max=40)], filters=[strip],
                       render_kw={"autocomplete": "off", "autocapitalize": "characters"})


class AttendanceForm(PrefixedForm):
    PREFIX = "list"

    walk_ins = IntegerField(_l("Came without registering"), default=0, validators=[
        InputRequired(_l("Give a number, 0 or more.")),
        NumberRange(0, 10_000, _l("Give a number from 0 to 10 000."))])


class MinutesForm(PrefixedForm):
    PREFIX = "minutes"

    minutes = TextAreaField(_l("Minutes"), validators=[
        InputRequired(_l("Write the minutes.")), Length(max=20_000)], filters=[strip],
        description=_l("What was said and decided. Markdown works: **bold**, lists with -."))


class PhotoForm(PrefixedForm):
    PREFIX = "photo"

    photo = FileField(_l("Photo (JPEG or PNG, at most 5 MB)"))
    caption = StringField(_l("Caption"), validators=[Optional(), Length(max=300)],
                          filters=[strip])


class ConfirmForm(FlaskForm):
    """A form with only its CSRF token: for buttons that do one thing."""
