"""The place form, the area form and the partner link."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import FloatField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from stedskaping.accounts.forms import InputRequired, strip
from stedskaping.text import _l


class PlaceForm(FlaskForm):
    place_name = StringField(_l("Place"), filters=[strip], validators=[
        InputRequired(_l("Name the place.")), Length(max=160)],
        description=_l("The address or the name people know the place by."))
    latitude = FloatField(_l("Latitude (optional)"), validators=[
        Optional(), NumberRange(-90, 90, _l("Between -90 and 90."))],
        description=_l("A map point, in decimal degrees, for example 60.3913."))
    longitude = FloatField(_l("Longitude (optional)"), validators=[
        Optional(), NumberRange(-180, 180, _l("Between -180 and 180."))],
        description=_l("For example 5.3221."))
    area = SelectField(_l("Area (optional)"), validators=[Optional()])


class AreaForm(FlaskForm):
    name = StringField(_l("Name of the area"), filters=[strip], validators=[
        InputRequired(_l("Name the area.")), Length(max=120)])
    description = TextAreaField(_l("Description (optional)"), filters=[strip],
                                validators=[Length(max=2000)])


class PartnerForm(FlaskForm):
    partner = IntegerField(_l("Project number"), validators=[
        InputRequired(_l("Give the number of the partner project.")),
        NumberRange(1, 2**31 - 1, _l("Give the number of the partner project."))],
        description=_l("The number in the address of the project's page."))


class ConfirmForm(FlaskForm):
    """Only the CSRF token: the button does it."""
