"""The interest form (public), and the facilitators' invitation and link forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from stedskaping.accounts.forms import InputRequired, strip
from stedskaping.fields import options
from stedskaping.learning.catalogue.forms import MultiCheckboxField
from stedskaping.text import _l

KIND_LABELS = {"company": _l("A company"), "association": _l("An association"),
               "landowner": _l("A landowner"), "other": _l("Something else")}


class InterestForm(FlaskForm):
    name = StringField(_l("Name of the organisation"), filters=[strip], validators=[
        InputRequired(_l("Give the organisation's name.")), Length(max=200)])
    kind = RadioField(_l("What kind of organisation"), choices=options(KIND_LABELS.items()),
                      validators=[InputRequired(_l("Choose what kind of organisation it is."))])
    contact_name = StringField(_l("Contact person"), filters=[strip], validators=[
        InputRequired(_l("Give a contact person.")), Length(max=120)])
    email = EmailField(_l("E-mail address"), filters=[strip], validators=[
        InputRequired(_l("Give an e-mail address, like name@example.no.")), Length(max=254)])
    phone = StringField(_l("Phone (optional)"), filters=[strip],
                        validators=[Optional(), Length(max=40)])
    offer = TextAreaField(_l("What you offer"), filters=[strip], validators=[
        InputRequired(_l("Say what the organisation offers.")), Length(max=3000)],
        description=_l("Materials, land, skills, money, premises: what you could bring."))
    areas = MultiCheckboxField(_l("Areas you are interested in (optional)"),
                               validators=[Optional()])


class InviteForm(FlaskForm):
    forum = SelectField(_l("Forum"), validators=[InputRequired(_l("Choose a forum."))])


class LinkForm(FlaskForm):
    project = IntegerField(_l("Project number"), validators=[
        InputRequired(_l("Give the number of the project.")),
        NumberRange(1, 2**31 - 1, _l("Give the number of the project."))],
        description=_l("The number in the address of the project's page."))


class ConfirmForm(FlaskForm):
    """Only the CSRF token: the button does it."""
