from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField
from wtforms.validators import Email, Length, Optional

from stedskaping.accounts.forms import InputRequired, strip


class MunicipalityForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[InputRequired(_l("Enter the municipality's name.")),
                                Length(max=120)], filters=[strip]
    )
    slug = StringField(
        _l("Short name (optional)"), validators=[Optional(), Length(max=64)], filters=[strip],
        description=_l("Used in addresses, for example 'bergen'. Made from the name if empty."),
    )


class FacilitatorForm(FlaskForm):
    email = EmailField(
        _l("The facilitator's e-mail address"),
        validators=[InputRequired(_l("Enter an e-mail address.")),
                    Email(_l("Enter a valid e-mail address, like name@example.no."))],
        filters=[strip],
    )


class RemoveForm(FlaskForm):
    """Only the CSRF token: removing is a POST, never a link."""
