from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from stedskaping.accounts.forms import InputRequired, strip
from stedskaping.dates import DATE_RANGE_MESSAGE, MAX_YEAR, MIN_YEAR
from stedskaping.fields import MoneyField
from stedskaping.participation.vote.models import RANKING, SINGLE


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


class LocalDateTimeField(StringField):
    """A date and time typed in the local time zone (``<input type="datetime-local">``),
    kept as an aware UTC datetime; years outside MIN_YEAR..MAX_YEAR are refused."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"type": "datetime-local"})
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not text:
            return
        try:
            moment = datetime.strptime(text[:16], "%Y-%m-%dT%H:%M")
        except ValueError:
            raise ValueError(_l("Give a date and time, like 2027-05-01T18:00.")) from None
        if not MIN_YEAR <= moment.year <= MAX_YEAR:
            raise ValueError(DATE_RANGE_MESSAGE)
        self.data = moment.replace(tzinfo=local_zone())

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        # The machine format a datetime-local input reads (2026-12-08T18:00).
        local = self.data.astimezone(local_zone()).replace(tzinfo=None) if self.data else None
        return local.isoformat(timespec="minutes") if local else ""


class VoteForm(FlaskForm):
    mode = RadioField(_l("How people vote"), choices=[
        SelectChoice(SINGLE, _l("Single choice: one concept each")),
        SelectChoice(RANKING, _l("Ranking: every concept in order of preference"))],
        default=SINGLE, validators=[InputRequired(_l("Choose how people vote."))])
    opens_dt = LocalDateTimeField(_l("Opens"), validators=[
        InputRequired(_l("Give the opening time."))])
    closes_dt = LocalDateTimeField(_l("Closes"), validators=[
        InputRequired(_l("Give the closing time."))],
        description=_l("The results are published when the vote closes."))


class ConceptForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[
        InputRequired(_l("Give the concept a title.")), Length(max=160)])
    description = TextAreaField(_l("Description"), filters=[strip], validators=[
        InputRequired(_l("Describe the concept.")), Length(max=5000)])
    cost = MoneyField(_l("Estimated cost (kr)"), validators=[
        InputRequired(_l("Give the estimated cost."))])
    sketch = FileField(_l("Sketch"), description=_l("A PNG or JPEG picture."),
                       render_kw={"accept": "image/png,image/jpeg"})


class BallotForm(FlaskForm):
    """Single choice: ``choice``. Ranking: ``rank-<concept id>`` = 1, 2, 3..."""

    choice = RadioField(_l("Your choice"), coerce=str, validate_choice=False)
