"""The forum form, its open doors, and (participation's) session and notes forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import Length, Optional

from stedskaping.accounts.forms import InputRequired, strip
from stedskaping.fields import options
from stedskaping.participation.meetings.forms import MeetingForm, MinutesForm
from stedskaping.text import _l

WEEKDAYS = (_l("Every Monday"), _l("Every Tuesday"), _l("Every Wednesday"),
            _l("Every Thursday"), _l("Every Friday"), _l("Every Saturday"),
            _l("Every Sunday"))


class ForumForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[
        InputRequired(_l("Give the forum a title.")), Length(max=200)],
        description=_l("For example 'The Nordbyen development forum'."))
    themes = StringField(_l("Themes (optional)"), filters=[strip],
                         validators=[Length(max=500)],
                         description=_l("Separated by commas: mobility, green spaces, housing."))
    description = TextAreaField(_l("What the forum is for (optional)"), filters=[strip],
                                validators=[Length(max=5000)])
    area = SelectField(_l("Area (optional)"), validators=[Optional()])


class SessionForm(MeetingForm):
    """A forum session: a meeting's fields, the description being the agenda."""

    description = TextAreaField(_l("Agenda"), validators=[Optional(), Length(max=5000)],
                                filters=[strip])


class NotesForm(MinutesForm):
    PREFIX = "notes"


class OpenDoorForm(FlaskForm):
    weekday = SelectField(_l("Day"), coerce=int, choices=options(list(enumerate(WEEKDAYS))),
                          validators=[InputRequired(_l("Choose a day of the week."))])
    opens_at = TimeField(_l("Opens"), validators=[InputRequired(_l("Give the time."))])
    closes_at = TimeField(_l("Closes"), validators=[InputRequired(_l("Give the time."))])
    place = StringField(_l("Where"), filters=[strip], validators=[
        InputRequired(_l("Say where.")), Length(max=300)])


class ConfirmForm(FlaskForm):
    """Only the CSRF token: the button does it."""
