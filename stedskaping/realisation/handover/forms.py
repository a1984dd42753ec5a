"""The forms of the handover."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, RadioField, SelectField, StringField
from wtforms.validators import Email, Length, Optional

from stedskaping.accounts.forms import InputRequired, strip
from stedskaping.fields import SaneDateField, options
from stedskaping.participation.meetings.forms import PrefixedForm

RHYTHM_CHOICES = (("weekly", _l("Every week")), ("monthly", _l("Every month")),
                  ("quarterly", _l("Every three months")), ("spring", _l("Each spring")),
                  ("autumn", _l("Each autumn")), ("yearly", _l("Once a year")))
RHYTHM_LABELS = dict(RHYTHM_CHOICES)


class KeeperForm(PrefixedForm):
    PREFIX = "keeper"

    name = StringField(_l("Who keeps it"), validators=[
        InputRequired(_l("Name the person or the organisation.")), Length(max=200)],
        filters=[strip], description=_l("The person or organisation that owns, operates and "
                                        "maintains the measure."))
    is_organisation = BooleanField(_l("An organisation (a housing co-op, a club, the "
                                      "municipality)"))
    email = EmailField(_l("E-mail address"), validators=[
        InputRequired(_l("Give an e-mail address, like name@example.no.")), Length(max=254),
        Email(_l("Give an e-mail address, like name@example.no."))], filters=[strip],
        description=_l("They get a link to confirm; no account is needed."))
    permanence = RadioField(_l("For how long"), default="permanent", choices=options((
        ("permanent", _l("Permanent")), ("temporary", _l("Temporary, until a given day")))))
    until_on = SaneDateField(_l("Until"), validators=[Optional()])


class TaskForm(PrefixedForm):
    PREFIX = "task"

    title = StringField(_l("Maintenance task"), validators=[
        InputRequired(_l("Say what needs doing, like “Water the beds”.")), Length(max=200)],
        filters=[strip])
    rhythm = SelectField(_l("How often"), choices=options(RHYTHM_CHOICES), default="monthly")
    first_on = SaneDateField(_l("First time"), validators=[
        InputRequired(_l("Give the first day it is due."))])
