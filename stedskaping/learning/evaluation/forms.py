"""The evaluation's form (team, facilitators) and the supporters' survey."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import Length, Optional

from stedskaping.accounts.forms import InputRequired, strip
from stedskaping.fields import options

CHOOSE = _l("Choose one of the options.")


def in_use_choices():
    return options([("yes", _l("Yes, it is in use")), ("partly", _l("Partly, or now and then")),
                    ("no", _l("No"))])


def condition_choices():
    return options([("good", _l("Good")), ("worn", _l("Worn")), ("broken", _l("Broken")),
                    ("gone", _l("Gone"))])


def _text(label, limit: int, description=None):
    return TextAreaField(label, validators=[Optional(), Length(max=limit)], filters=[strip],
                         description=description)


class EvaluationForm(FlaskForm):
    in_use = RadioField(_l("Is it in use?"), choices=in_use_choices(),
                        validators=[InputRequired(CHOOSE)])
    used_by = _text(_l("By whom?"), 2000, _l("For example: children after school, the "
                                              "choir on Thursdays, the neighbours."))
    condition = RadioField(_l("What condition is it in?"), choices=condition_choices(),
                           validators=[InputRequired(CHOOSE)])
    differently = _text(_l("What would you do differently?"), 4000)
    story = _text(_l("The most significant change"), 6000,
                  _l("One story: what has changed for someone because of the project?"))


def score_choices():
    return options([(str(n), str(n)) for n in range(1, 6)])


class SurveyForm(FlaskForm):
    uses = RadioField(_l("Do you use it?"), choices=options([("yes", _l("Yes")), ("no", _l("No"))]),
                      validators=[InputRequired(CHOOSE)])
    score = RadioField(_l("How has it changed the place for you? (1: not at all, 5: very "
                          "much)"), choices=score_choices(),
                       validators=[InputRequired(_l("Choose a number from 1 to 5."))])
    comment = _text(_l("Tell us more (optional)"), 2000)
