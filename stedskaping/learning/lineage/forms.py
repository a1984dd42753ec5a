"""The form that starts a project like a proven one."""

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length

from stedskaping.accounts.forms import InputRequired, strip
from stedskaping.fields import SaneDateField
from stedskaping.text import _l


class StartLikeForm(FlaskForm):
    title = StringField(_l("Project name"), filters=[strip], validators=[
        InputRequired(_l("Give the project a name.")), Length(max=160)])
    place_name = StringField(_l("Place"), filters=[strip], validators=[
        InputRequired(_l("Name the place.")), Length(max=160)])
    municipality = SelectField(_l("Municipality"), coerce=int, validators=[
        InputRequired(_l("Choose the municipality."))])
    start_on = SaneDateField(_l("Start date"), validators=[
        InputRequired(_l("Choose a date."))])
