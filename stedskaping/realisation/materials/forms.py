"""The form of an item of the materials list."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from stedskaping.accounts.forms import InputRequired, strip
from stedskaping.fields import INTEGER_MAX, SaneDateField, options

STATES = (("promised", _l("Promised")), ("confirmed", _l("Confirmed")),
          ("delivered", _l("Delivered")), ("missing", _l("Missing")))
STATE_LABELS = dict(STATES)
SOURCES = (("bought", _l("Bought")), ("borrowed", _l("Borrowed")))
SOURCE_LABELS = {**dict(SOURCES), "pledge": _l("Pledged")}


def _measure_id(value):
    """A measure's id, or None for none (or for anything that is no id of ours: the
    operation then says to choose one of the project's measures)."""
    if isinstance(value, int) or value is None:
        return value
    text = str(value).strip()
    if not text.isdigit() or int(text) > INTEGER_MAX:
        return None if text in ("", "None") else -1
    return int(text)


class ItemForm(FlaskForm):
    title = StringField(_l("Item"), validators=[InputRequired(_l("Say what the item is.")),
                                                Length(max=200)], filters=[strip])
    quantity = StringField(_l("How much"), validators=[Optional(), Length(max=80)],
                           filters=[strip], description=_l("For example “12 planks, 2 m”."))
    source = SelectField(_l("Where it comes from"), choices=options(SOURCES), default="bought")
    measure_id = SelectField(_l("For the measure"), coerce=_measure_id, validate_choice=False)
    delivery_on = SaneDateField(_l("Delivery day"), validators=[Optional()], description=_l(
        "Before the camp or on one of its days."))
    status = SelectField(_l("State"), choices=options(STATES), default="promised")

    def set_measures(self, measures) -> None:
        self.measure_id.choices = options([("", _l("None")), *((m.id, m.title) for m in measures)])


class PledgeItemForm(ItemForm):
    """For a pledge: what it is comes from the pledge; the team sets day, measure, state."""

    title = StringField(_l("Item"), validators=[Optional(), Length(max=200)], filters=[strip])
