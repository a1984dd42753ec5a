from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField, validators
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, EqualTo, Length

from stedskaping import i18n


def language_choices() -> list[SelectChoice]:
    """The configured languages, each named in itself (and marked so for screen readers)."""
    return [SelectChoice(code, name, render_kw={"lang": code})
            for code, name in i18n.offered_languages().items()]


def one_of_the_languages(form, field) -> None:
    """The configured languages, read when the form is checked (the switch's buttons
    send a code; anything else is refused)."""
    if field.data not in i18n.offered_languages():
        raise validators.StopValidation(_l("Choose one of the languages offered."))


def strip(value):
    return value.strip() if isinstance(value, str) else value


class InputRequired(validators.InputRequired):
    """WTForms' InputRequired, except that text of only spaces, tabs or line breaks
    counts as nothing sent (the strip filter would store it as an empty text)."""

    def __call__(self, form, field):
        first = field.raw_data[0] if field.raw_data else None
        if isinstance(first, str) and not first.strip():
            field.raw_data = []  # blank: as if nothing was sent
        super().__call__(form, field)


def _email_field(label=None):
    return EmailField(
        label or _l("E-mail address"),
        validators=[
            InputRequired(_l("Enter your e-mail address.")),
            Length(max=254),
            Email(_l("Enter a valid e-mail address, like name@example.no.")),
        ],
        filters=[strip],
        render_kw={"autocomplete": "email"},
    )


def _new_password_field(label=None):
    return PasswordField(
        label or _l("Password"),
        validators=[InputRequired(_l("Choose a password."))],
        description=_l("At least 12 characters. A few unrelated words make a good password."),
        render_kw={"autocomplete": "new-password"},
    )


class RegisterForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[InputRequired(_l("Enter your name.")), Length(max=120)],
        filters=[strip],
        render_kw={"autocomplete": "name"},
    )
    email = _email_field()
    password = _new_password_field()


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )


class ForgotPasswordForm(FlaskForm):
    email = _email_field()


class ResetPasswordForm(FlaskForm):
    new_password = _new_password_field(_l("New password"))
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[EqualTo("new_password", _l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )


class ProfileForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[InputRequired(_l("Enter your name.")), Length(max=120)],
        filters=[strip],
    )
    locale = SelectField(_l("Language"), choices=language_choices)


class ChangeEmailForm(FlaskForm):
    email = _email_field(_l("New e-mail address"))
    password = PasswordField(
        _l("Your password"),
        validators=[InputRequired(_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = _new_password_field(_l("New password"))
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[EqualTo("new_password", _l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )


class ConfirmForm(FlaskForm):
    """Only the CSRF token: confirming is a POST, never a bare link."""


class LanguageForm(FlaskForm):
    """The header's language switch (the choices are checked, not shown as a select)."""

    lang = StringField(validators=[InputRequired(), one_of_the_languages])
    next = HiddenField()  # checked by the view: only a local path is followed
