"""The permit form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from stedskaping.accounts.forms import InputRequired, strip
from stedskaping.fields import SaneDateField, options
from stedskaping.realisation.permits.models import PermitStatus

GRANTORS = (("municipality", _l("A municipal department")), ("landowner", _l("The landowner")),
            ("other", _l("Another body")))
STATUSES = ((PermitStatus.NOT_ASKED.value, _l("Not asked yet")),
            (PermitStatus.ASKED.value, _l("Asked, waiting for the answer")),
            (PermitStatus.GRANTED.value, _l("Granted")),
            (PermitStatus.CONDITIONAL.value, _l("Granted with conditions")),
            (PermitStatus.REFUSED.value, _l("Refused")))
STATUS_LABELS = dict(STATUSES)
GRANTOR_LABELS = dict(GRANTORS)


class PermitForm(FlaskForm):
    grantor_kind = RadioField(_l("Who grants it"), choices=options(GRANTORS), validators=[
        InputRequired(_l("Choose who grants the permit."))])
    grantor_name = StringField(_l("Name"), validators=[
        InputRequired(_l("Name the department, the landowner or the body.")),
        Length(max=200)], filters=[strip],
        description=_l("For example “Park and roads department” or “Elvegata borettslag”."))
    status = SelectField(_l("Where it stands"), choices=options(STATUSES), default="not_asked",
                         validators=[InputRequired(_l("Choose where the permit stands."))])
    asked_on = SaneDateField(_l("Asked on"), validators=[Optional()])
    decided_on = SaneDateField(_l("Decided on"), validators=[Optional()])
    conditions = TextAreaField(_l("Conditions"), validators=[Optional(), Length(max=5000)],
                               filters=[strip])
    expires_on = SaneDateField(_l("Expires on"), validators=[Optional()], description=_l(
        "Only for a temporary permit. It must last until the camp's last day."))
    document = FileField(_l("Document (PDF, Word, OpenDocument or a photo, at most 10 MB)"))
