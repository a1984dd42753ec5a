from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField
from wtforms.validators import Email, InputRequired, Length, Optional


class MunicipalityForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[InputRequired(_l("Enter the municipality's name.")),
                                Length(max=120)]
    )
    slug = StringField(
        _l("Short name (optional)"), validators=[Optional(), Length(max=64)],
        description=_l("Used in addresses, for example 'bergen'. Made from the name if empty."),
    )


class FacilitatorForm(FlaskForm):
    email = EmailField(
        _l("The facilitator's e-mail address"),
        validators=[InputRequired(_l("Enter an e-mail address.")),
                    Email(_l("Enter a valid e-mail address, like name@example.no."))],
    )


class RemoveForm(FlaskForm):
    """Only the CSRF token: removing is a POST, never a link."""
