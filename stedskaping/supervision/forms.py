from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from stedskaping.accounts.forms import InputRequired, strip


class FilterForm(FlaskForm):
    class Meta:
        csrf = False  # filtering a page changes nothing

    municipality = SelectField(_l("Municipality"), validators=[Optional()])
    programme = SelectField(_l("Programme"), validators=[Optional()])
    stage = SelectField(_l("Stage"), validators=[Optional()])
    health = SelectField(_l("Health"), validators=[Optional()])
    sort = SelectField(_l("Sort by"), validators=[Optional()])
    order = SelectField(_l("Order"), validators=[Optional()], choices=[
        SelectChoice("asc", _l("Ascending")), SelectChoice("desc", _l("Descending"))])


class DecisionForm(FlaskForm):
    comment = TextAreaField(_l("Comment to the team"), filters=[strip],
                            validators=[Length(max=4000)])


class CampDecisionForm(FlaskForm):
    comment = TextAreaField(_l("Comment to the team"), filters=[strip],
                            validators=[Length(max=4000)])


class NoteForm(FlaskForm):
    body = TextAreaField(_l("Private note"), filters=[strip], validators=[
        InputRequired(_l("Write the note.")), Length(max=8000)],
        description=_l("Only facilitators and admins see these notes."))


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Comment"), filters=[strip], validators=[
        InputRequired(_l("Write a comment.")), Length(max=4000)])


class ProgrammeForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[
        InputRequired(_l("Name the programme.")), Length(max=120)],
        description=_l("For example 'Piloter 2027'."))
    workflow = SelectField(_l("Process"))
    start_on = DateField(_l("Start date"), validators=[InputRequired(_l("Choose a date."))])
