from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from stedskaping.accounts.forms import InputRequired, strip
from stedskaping.participation.moderation.models import DOES_NOT_BELONG, OFFENSIVE, OTHER, SPAM

REASON_LABELS = {SPAM: _l("Spam"), OFFENSIVE: _l("Offensive"),
                 DOES_NOT_BELONG: _l("Does not belong here"), OTHER: _l("Other")}


class ReportForm(FlaskForm):
    reason = RadioField(_l("What is wrong?"), choices=[
        SelectChoice(key, label) for key, label in REASON_LABELS.items()],
        validators=[InputRequired(_l("Choose a reason."))])
    text = TextAreaField(_l("Tell us more"), filters=[strip], validators=[Length(max=1000)],
                         description=_l("Required for 'Other'."))


class BlockForm(FlaskForm):
    justification = TextAreaField(_l("Justification"), filters=[strip], validators=[
        InputRequired(_l("Write why the person is blocked.")), Length(max=2000)],
        description=_l("Kept with the block and written in the project's activity log."))
