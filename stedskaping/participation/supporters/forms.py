from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, StringField, TextAreaField
from wtforms.validators import Email, Length, Optional

from stedskaping.accounts.forms import InputRequired, strip


class SupportForm(FlaskForm):
    name = StringField(_l("Name"), validators=[InputRequired(_l("Enter your name.")),
                                               Length(max=120)], filters=[strip],
                       render_kw={"autocomplete": "name"})
    email = EmailField(_l("E-mail address"), validators=[
        InputRequired(_l("Enter your e-mail address.")), Length(max=254),
        Email(_l("Enter a valid e-mail address, like name@example.no."))], filters=[strip],
        render_kw={"autocomplete": "email"})
    area = StringField(_l("Street or area (optional)"), validators=[Optional(), Length(max=200)],
                       filters=[strip], description=_l("So the team sees who nearby is behind "
                                                       "it. Leave it out if you like."))
    wants_updates = BooleanField(_l("Send me updates about the project by e-mail"))
    consent = BooleanField(_l("I agree"), validators=[
        InputRequired(_l("Tick the box to agree, or the team cannot count your support."))])


class UpdateForm(FlaskForm):
    subject = StringField(_l("Subject"), validators=[InputRequired(_l("Give a subject.")),
                                                     Length(max=150)], filters=[strip])
    body = TextAreaField(_l("Text"), validators=[InputRequired(_l("Write the update.")),
                                                 Length(max=10_000)], filters=[strip])


class ConfirmForm(FlaskForm):
    """Only the CSRF token: for a button that does one thing."""
