"""The nomination, the hallmark assessment and the catalogue's filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from stedskaping.accounts.forms import InputRequired, strip
from stedskaping.fields import options
from stedskaping.learning.catalogue import hallmarks


class NominateForm(FlaskForm):
    theme = RadioField(_l("Theme"), choices=options(hallmarks.THEMES),
                       validators=[InputRequired(_l("Choose one of the themes."))])
    why = TextAreaField(_l("Why is it a good practice?"), filters=[strip], validators=[
        InputRequired(_l("Say why it is a good practice.")), Length(max=2000)])
    story = TextAreaField(_l("The story (optional)"), filters=[strip],
                          validators=[Length(max=8000)],
                          description=_l("What was built, by whom, and what it changed. "
                                         "Shown in the catalogue."))
    photo = FileField(_l("Photo (optional)"), description=_l("A PNG or JPEG picture."),
                      render_kw={"accept": "image/png,image/jpeg"})


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _yes_no():
    return options([("yes", _l("Met")), ("no", _l("Not met"))])


class AssessForm(FlaskForm):
    """Two fields per hallmark, ``<key>_met`` and ``<key>_why``, and the dimensions."""

    dimensions = MultiCheckboxField(_l("The sustainability dimensions it has an impact on"),
                                    choices=options(hallmarks.DIMENSIONS),
                                    validators=[Optional()])

    def hallmark_fields(self):
        return [(key, label, help, self[f"{key}_met"], self[f"{key}_why"])
                for key, label, help in hallmarks.HALLMARKS]


for _key, _label, _help in hallmarks.HALLMARKS:
    setattr(AssessForm, f"{_key}_met", RadioField(_label, choices=_yes_no(), validators=[
        InputRequired(_l("Say whether the hallmark is met."))]))
    setattr(AssessForm, f"{_key}_why", TextAreaField(
        _l("Justification: %(hallmark)s", hallmark=_label), filters=[strip], description=_help,
        validators=[InputRequired(_l("Give a short justification.")), Length(max=2000)]))


class PublishForm(FlaskForm):
    """Only the CSRF token: the button publishes."""


class CatalogueFilterForm(FlaskForm):
    class Meta:
        csrf = False  # searching changes nothing

    q = StringField(_l("Search"), filters=[strip], validators=[Optional(), Length(max=100)])
    theme = SelectField(_l("Theme"), validators=[Optional()])
    municipality = SelectField(_l("Municipality"), validators=[Optional()])
    cost = SelectField(_l("Cost"), validators=[Optional()])
    group = SelectField(_l("Size of group"), validators=[Optional()])
    season = SelectField(_l("Season of the camp"), validators=[Optional()])
    dimension = SelectField(_l("Sustainability dimension"), validators=[Optional()])
    hallmark = MultiCheckboxField(_l("Hallmarks met"), choices=options(
        [(key, label) for key, label, _help in hallmarks.HALLMARKS]), validators=[Optional()])
