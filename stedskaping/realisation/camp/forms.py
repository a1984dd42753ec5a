"""The forms of the camp pages: an activity, a shift, signing up, check-in, hours,
the safety briefing and the ledger's grants."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import Length, Optional

from stedskaping import formats
from stedskaping.accounts.forms import InputRequired, strip
from stedskaping.fields import IntegerField, MoneyField, SaneDateField
from stedskaping.input import NulCheckedForm


def _int_or_none(value):
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 10 \
        else (value if isinstance(value, int) else None)


class ActivityForm(NulCheckedForm):
    day_on = SaneDateField(_l("Day"), validators=[InputRequired(_l("Choose the camp day."))])
    starts_at = TimeField(_l("Starts"), validators=[InputRequired(_l("Give the start time."))])
    ends_at = TimeField(_l("Ends"), validators=[InputRequired(_l("Give the end time."))])
    title = StringField(_l("Activity"), validators=[
        InputRequired(_l("Give the activity a title.")), Length(max=160)], filters=[strip])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=200)], filters=[strip])
    description = TextAreaField(_l("What happens"), validators=[Optional(), Length(max=5000)],
                                filters=[strip])
    lead_id = SelectField(_l("Lead from the team"), coerce=_int_or_none, validate_choice=False)
    lead_name = StringField(_l("Or the lead's name"), validators=[Optional(), Length(max=120)],
                            filters=[strip],
                            description=_l("Someone from outside the team, by name."))
    measure_id = SelectField(_l("Measure"), coerce=_int_or_none, validate_choice=False)


class ShiftForm(NulCheckedForm):
    title = StringField(_l("Shift"), validators=[
        InputRequired(_l("Give the shift a name.")), Length(max=160)], filters=[strip])
    starts_at = TimeField(_l("Starts"), validators=[InputRequired(_l("Give the start time."))])
    ends_at = TimeField(_l("Ends"), validators=[InputRequired(_l("Give the end time."))])
    capacity = IntegerField(_l("Places"), validators=[
        InputRequired(_l("Give the number of places, from 1 to 1000."))],
        description=_l("When the places are taken, people go on a waitlist."))
    skills = StringField(_l("Skills needed"), validators=[Optional(), Length(max=300)],
                         filters=[strip], description=_l("For example: carpentry, first aid."))
    minimum_age = IntegerField(_l("Minimum age"), validators=[Optional()],
                               description=_l("Leave empty for any age."))
    lead_id = SelectField(_l("Shift lead"), coerce=_int_or_none, validate_choice=False)
    is_safety = BooleanField(_l("Safety shift: its lead and people are the day's safety "
                                "leads"))


class SignUpForm(FlaskForm):
    is_age_confirmed = BooleanField(_l("I confirm my age"))
    is_overlap_accepted = BooleanField(_l("I know this overlaps another shift of mine"))


class CodeForm(FlaskForm):
    code = StringField(_l("Sign-up code"), validators=[InputRequired(_l("Give the code.")),
                                                       Length(max=40)], filters=[strip],
                       render_kw={"autocomplete": "off", "autocapitalize": "characters"})
    acknowledged = BooleanField(_l("Has heard and acknowledged the safety briefing"))


class ArrivedForm(FlaskForm):
    acknowledged = BooleanField(_l("Has heard and acknowledged the safety briefing"))


class WalkInForm(NulCheckedForm):
    name = StringField(_l("Name"), validators=[InputRequired(_l("Give the person's name.")),
                                               Length(max=120)], filters=[strip])
    email = StringField(_l("E-mail (optional)"), validators=[Optional(), Length(max=254)],
                        filters=[strip], render_kw={"type": "email"})
    acknowledged = BooleanField(_l("Has heard and acknowledged the safety briefing"))


_HOURS = re.compile(r"^([0-9]{1,2})(?:[.,]([0-9]{1,2}))?$")


class HoursField(StringField):
    """Hours typed as 3 or 3,5 (or 3.25), kept as whole minutes."""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not text:
            return
        match = _HOURS.match(text)
        if not match:
            raise ValueError(_l("Give the hours as a number, like 3 or 3,5."))
        whole, part = match.groups()
        self.data = int(whole) * 60 + round(float("0." + part) * 60) if part else int(whole) * 60

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        # In the reader's own decimal sign (2.5 in English, 2,5 in Norwegian); both are read.
        return formats.number(round(self.data / 60, 2), "0.##")


class HoursForm(FlaskForm):
    hours = HoursField(_l("Hours"), validators=[InputRequired(_l("Give the hours worked."))],
                       render_kw={"inputmode": "decimal"})


class BriefingForm(NulCheckedForm):
    text = TextAreaField(_l("Safety briefing"), validators=[
        InputRequired(_l("Write the safety briefing.")), Length(max=10_000)], filters=[strip],
        description=_l("What every volunteer hears before they start: tools, protective "
                       "gear, first aid, who to call. Each one acknowledges it at check-in."))


class GrantForm(NulCheckedForm):
    name = StringField(_l("Grant"), validators=[
        InputRequired(_l("Give the grant's name (who gave it).")), Length(max=160)],
        filters=[strip])
    amount = MoneyField(_l("Amount (NOK)"), validators=[
        InputRequired(_l("Give the amount of the grant, more than 0."))])


class ConfirmForm(FlaskForm):
    """A form with only its CSRF token: for buttons that do one thing."""
