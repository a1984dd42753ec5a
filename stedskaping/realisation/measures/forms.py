"""The forms of the measure pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from stedskaping.accounts.forms import InputRequired, strip


class MeasureForm(FlaskForm):
    title = StringField(_l("Measure"), validators=[
        InputRequired(_l("Give the measure a name, like “Bench by the river”.")),
        Length(max=160)], filters=[strip])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)],
                                filters=[strip])
    will_build = BooleanField(_l("The camp builds it"), default=True, description=_l(
        "Untick to set the measure aside: it then needs no permit and no keeper."))
    is_permit_free = BooleanField(_l("It needs no permit"), description=_l(
        "For example a planter on the group's own ground. The facilitator sees this."))


class ConfirmForm(FlaskForm):
    """A form with only its CSRF token: for buttons that do one thing."""
