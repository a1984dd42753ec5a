from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    FloatField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, Length, NumberRange, Optional

from stedskaping.accounts.forms import InputRequired, strip
from stedskaping.fields import SaneDateField

ROLE_CHOICES = [SelectChoice("team_member", _l("Team member")),
                SelectChoice("initiator", _l("Initiator"))]


class NewProjectForm(FlaskForm):
    title = StringField(_l("Project name"), filters=[strip], validators=[
        InputRequired(_l("Give the project a name.")), Length(max=160)],
        description=_l("For example 'A meeting place in Elveparken'."))
    place_name = StringField(_l("Place"), filters=[strip], validators=[
        InputRequired(_l("Name the place.")), Length(max=160)])
    municipality = SelectField(_l("Municipality"), coerce=int, validators=[
        InputRequired(_l("Choose the municipality."))])
    latitude = FloatField(_l("Latitude (optional)"), validators=[
        Optional(), NumberRange(-90, 90, _l("Between -90 and 90."))],
        description=_l("A map point, in decimal degrees, for example 60.3913."))
    longitude = FloatField(_l("Longitude (optional)"), validators=[
        Optional(), NumberRange(-180, 180, _l("Between -180 and 180."))],
        description=_l("For example 5.3221."))
    description = TextAreaField(_l("Short description"), filters=[strip], validators=[
        InputRequired(_l("Describe the project in a few sentences.")), Length(max=2000)])
    workflow = SelectField(_l("Process"), validators=[InputRequired()])
    programme = SelectField(_l("Programme (optional)"), coerce=str, filters=[strip],
                            validators=[Optional()],
                            description=_l("If the project is part of a municipal programme, "
                                           "it follows the programme's process."))
    plan_from = RadioField(_l("Plan from"), default="start", choices=[
        SelectChoice("start", _l("A start date: the plan runs forward from it")),
        SelectChoice("camp", _l("A target camp date: the plan is counted back from it")),
    ])
    plan_date = SaneDateField(_l("Date"), validators=[InputRequired(_l("Choose a date."))])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Checked here: Optional() stops a field's own validators when it is empty.
        if (self.latitude.data is None) != (self.longitude.data is None):
            self.longitude.errors = [*self.longitude.errors,
                                     _l("Give both latitude and longitude, or neither.")]
            return False
        return valid


class InviteForm(FlaskForm):
    email = EmailField(_l("E-mail address"), filters=[strip], validators=[
        InputRequired(_l("Enter an e-mail address.")),
        Email(_l("Enter a valid e-mail address, like name@example.no."))])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)


class PostForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class NameVisibilityForm(FlaskForm):
    is_name_public = BooleanField(_l("Show my name on the public project page"))


class MoveOnForm(FlaskForm):
    comment = TextAreaField(_l("Comment"), filters=[strip], validators=[Length(max=4000)])
    # Ticked for a step that cannot be undone (cancelling), after reading what it does.
    confirm = BooleanField(_l("I understand, and want to go ahead"))


class CampDateForm(FlaskForm):
    camp_on = SaneDateField(_l("New first camp day"), validators=[
        InputRequired(_l("Choose a date."))])
    reason = TextAreaField(_l("Why?"), filters=[strip], validators=[
        InputRequired(_l("Give a reason for the new date.")), Length(max=4000)])


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form changes nothing

    q = StringField(_l("Search"), filters=[strip], validators=[Optional(), Length(max=100)])
    municipality = SelectField(_l("Municipality"), filters=[strip], validators=[Optional()])
    stage = SelectField(_l("Stage"), filters=[strip], validators=[Optional()])


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Comment"), filters=[strip], validators=[
        InputRequired(_l("Write a comment.")), Length(max=4000)])
