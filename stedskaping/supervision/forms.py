from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from stedskaping.accounts.forms import InputRequired, strip
from stedskaping.fields import SaneDateField
from stedskaping.input import NulCheckedForm


class FilterForm(FlaskForm):
    class Meta:
        csrf = False  # filtering a page changes nothing

    municipality = SelectField(_l("Municipality"), filters=[strip], validators=[Optional()])
    programme = SelectField(_l("Programme"), filters=[strip], validators=[Optional()])
    stage = SelectField(_l("Stage"), filters=[strip], validators=[Optional()])
    health = SelectField(_l("Health"), filters=[strip], validators=[Optional()])
    sort = SelectField(_l("Sort by"), filters=[strip], validators=[Optional()])
    order = SelectField(_l("Order"), filters=[strip], validators=[Optional()], choices=[
        SelectChoice("asc", _l("Ascending")), SelectChoice("desc", _l("Descending"))])


class DecisionForm(NulCheckedForm):
    comment = TextAreaField(_l("Comment to the team"), filters=[strip],
                            validators=[Length(max=4000)])
    # Ticked for a step that cannot be undone (cancelling), after reading what it does.
    confirm = BooleanField(_l("I understand, and want to go ahead"))


class CampDecisionForm(FlaskForm):
    comment = TextAreaField(_l("Comment to the team"), filters=[strip],
                            validators=[Length(max=4000)])


class NoteForm(NulCheckedForm):
    body = TextAreaField(_l("Private note"), filters=[strip], validators=[
        InputRequired(_l("Write the note.")), Length(max=8000)],
        description=_l("Only facilitators and admins see these notes."))


class ProgrammeForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[
        InputRequired(_l("Name the programme.")), Length(max=120)],
        description=_l("For example 'Piloter 2027'."))
    workflow = SelectField(_l("Process"))
    start_on = SaneDateField(_l("Start date"), validators=[InputRequired(_l("Choose a date."))])
