"""Sign-up, confirmation, sign-in, password reset, account settings and the language."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from stedskaping import i18n
from stedskaping.accounts import forms
from stedskaping.accounts import operations as ops
from stedskaping.accounts.models import CHANGE_EMAIL
from stedskaping.domain import show_on_form
from stedskaping.extensions import limiter

bp = Blueprint("accounts", __name__)

SESSION_TOKEN = "sid"  # noqa: S105  (the session key name, not a secret)
REGISTERED_EMAIL = "registered_email"  # the address the last registration mailed
UNCONFIRMED_USER = "unconfirmed_user_id"  # who may ask for a new confirmation link


def _setting(name: str):
    return lambda: current_app.config[name]


def _form_email() -> str:
    return ops.normalise_email(request.form.get("email", ""))


def _email_key() -> str:
    return "email:" + _form_email()


def _email_and_address_key() -> str:
    return f"pair:{_form_email()}|{get_remote_address()}"


def _account_key() -> str:
    return f"user:{current_user.get_id() or session.get(UNCONFIRMED_USER) or '-'}"


def _failed(response) -> bool:
    return response.status_code >= 400


def _rate_limited(view):
    """Limit POSTs per client address and, separately, per e-mail address."""
    view = limiter.limit(_setting("AUTH_RATE_LIMIT"), key_func=_email_key, methods=["POST"],
                         scope="email")(view)
    return limiter.limit(_setting("AUTH_RATE_LIMIT"), methods=["POST"])(view)


def _login_limited(view):
    """Count failed logins per (e-mail, client address) and per client address, and,
    more slowly, per e-mail from anywhere: a few wrong tries elsewhere do not lock
    the owner out."""
    for setting, key, scope in (
        ("LOGIN_RATE_LIMIT_PER_EMAIL", _email_key, "email"),
        ("LOGIN_RATE_LIMIT_PER_ADDRESS", get_remote_address, "address"),
        ("LOGIN_RATE_LIMIT_PER_EMAIL_AND_ADDRESS", _email_and_address_key, "pair"),
    ):
        view = limiter.limit(_setting(setting), key_func=key, methods=["POST"], scope=scope,
                             deduct_when=_failed)(view)
    return view


def _change_limited(view):
    """Changing the password or the address: per account and per client address."""
    view = limiter.limit(_setting("ACCOUNT_CHANGE_RATE_LIMIT"), key_func=_account_key,
                         methods=["POST"], scope="account")(view)
    return limiter.limit(_setting("ACCOUNT_CHANGE_RATE_LIMIT"), methods=["POST"])(view)


def safe_next(target: str | None) -> str:
    """A local path to return to, or the front page: never another site, and never a
    value that could break the Location header (control characters)."""
    if target and len(target) <= 2000 and not any(ord(c) < 32 or ord(c) == 127
                                                  for c in target):
        parts = urlsplit(target)
        if (not parts.scheme and not parts.netloc and target.startswith("/")
                and not target.startswith("//") and "\\" not in target):
            return target
    return url_for("main.index")


def _sign_in(user) -> None:
    token = ops.start_session(user)
    session.clear()  # a new session at login: nothing carries over from before
    session[SESSION_TOKEN] = token
    login_user(user)


def _status(form) -> int:
    return 400 if (form.errors or form.form_errors) else 200


@bp.route("/register", methods=["GET", "POST"])
@_rate_limited
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = forms.RegisterForm()
    if form.validate_on_submit():
        try:
            ops.register(ops.Registration(
                name=form.name.data, email=form.email.data, password=form.password.data,
                locale=str(get_locale()),
            ))
        except ops.AccountError as error:
            show_on_form(form, error)
        else:
            session[REGISTERED_EMAIL] = ops.normalise_email(form.email.data)
            return redirect(url_for(".registered"))
    return render_template("accounts/register.html", form=form), _status(form)


@bp.get("/register/sent")
def registered():
    """The same page whether or not the address already had an account."""
    email = session.get(REGISTERED_EMAIL)
    if not email:
        return redirect(url_for(".register"))
    return render_template("accounts/check_email.html", email=email)


def _invalid_link(message, again_url: str, again_label: str):
    return render_template("accounts/link_invalid.html", message=message, again_url=again_url,
                           again_label=again_label), 400


@bp.route("/account/confirm/<token>", methods=["GET", "POST"])
@limiter.limit(_setting("AUTH_RATE_LIMIT"), methods=["POST"])
def confirm(token: str):
    """A confirmation link: the page asks for one click, so that a mail scanner that
    opens links does not spend it; the click confirms and signs in."""
    try:
        pending = ops.confirmation_for(token)
    except ops.AccountError as error:
        return _invalid_link(error.message, url_for(".login"), _("Log in to get a new link"))
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        changed = pending.purpose == CHANGE_EMAIL
        try:
            user = ops.confirm(token)
        except ops.AccountError as error:
            return _invalid_link(error.message, url_for(".settings"), _("My account"))
        _sign_in(user)
        if changed:
            flash(_("Your e-mail address is now %(email)s.", email=user.email), "success")
            return redirect(url_for(".settings"))
        flash(_("Welcome, %(name)s! Your e-mail address is confirmed and your account is "
                "ready.", name=user.name), "success")
        return redirect(url_for("main.index"))
    return render_template("accounts/confirm.html", form=form, pending=pending)


@bp.post("/account/confirm/resend")
@limiter.limit(_setting("CONFIRM_RESEND_RATE_LIMIT"), key_func=_account_key, scope="account")
@limiter.limit(_setting("AUTH_RATE_LIMIT"))
def resend_confirmation():
    user_id = session.get(UNCONFIRMED_USER)
    form = forms.ConfirmForm()
    if not user_id or not form.validate_on_submit():
        abort(400)
    user = ops.user_by_id(user_id)
    if user is None:
        abort(400)
    ops.resend_confirmation(user)
    flash(_("We sent a new link to %(email)s. Open it to confirm your address.",
            email=user.email), "success")
    return redirect(url_for(".login"))


@bp.route("/login", methods=["GET", "POST"])
@_login_limited
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = forms.LoginForm()
    if form.validate_on_submit():
        try:
            user = ops.authenticate(form.email.data, form.password.data)
        except ops.UnconfirmedError as error:
            session[UNCONFIRMED_USER] = error.user.id
            return render_template("accounts/unconfirmed.html", email=error.user.email,
                                   form=forms.ConfirmForm()), 403
        except ops.AccountError as error:
            show_on_form(form, error)
        else:
            _sign_in(user)
            return redirect(safe_next(request.args.get("next")))
    return render_template("accounts/login.html", form=form), _status(form)


@bp.post("/logout")
def logout():
    ops.end_session(session.get(SESSION_TOKEN))
    logout_user()
    session.clear()
    flash(_("You are logged out."), "success")
    return redirect(url_for("main.index"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@_rate_limited
def forgot_password():
    form = forms.ForgotPasswordForm()
    if form.validate_on_submit():
        ops.request_password_reset(form.email.data, str(get_locale()))
        flash(
            _("We have sent a message to %(email)s. If an account has this address, the "
              "message holds a link to choose a new password; it works for one hour.",
              email=ops.normalise_email(form.email.data)),
            "success",
        )
        return redirect(url_for(".login"))
    return render_template("accounts/forgot.html", form=form), _status(form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_setting("AUTH_RATE_LIMIT"), methods=["POST"])
def reset_password(token: str):
    try:
        ops.user_for_reset_token(token)
    except ops.AccountError as error:
        return _invalid_link(error.message, url_for(".forgot_password"),
                             _("Ask for a new link"))
    form = forms.ResetPasswordForm()
    if form.validate_on_submit():
        try:
            ops.reset_password(token, form.new_password.data)
        except ops.AccountError as error:
            show_on_form(form, error)
        else:
            logout_user()
            session.clear()
            flash(_("Your password is changed. Log in with the new password."), "success")
            return redirect(url_for(".login"))
    return render_template("accounts/reset.html", form=form), _status(form)


def _settings_page(status=200, **forms_given):
    context = {
        "profile_form": forms.ProfileForm(
            formdata=None, name=current_user.name, locale=current_user.locale or str(get_locale())
        ),
        "email_form": forms.ChangeEmailForm(formdata=None),
        "password_form": forms.ChangePasswordForm(formdata=None),
        "pending_email": ops.pending_email_change(current_user),
    }
    context.update(forms_given)
    return render_template("accounts/settings.html", **context), status


@bp.get("/account")
@login_required
def settings():
    return _settings_page()


@bp.post("/account/profile")
@login_required
def update_profile():
    form = forms.ProfileForm()
    if not form.validate_on_submit():
        return _settings_page(400, profile_form=form)
    ops.update_profile(current_user, name=form.name.data, locale=form.locale.data)
    with force_locale(form.locale.data):  # the next page is in the new language already
        flash(_("Your profile is saved."), "success")
    return i18n.remember_language(redirect(url_for(".settings")), form.locale.data)


@bp.post("/account/email")
@login_required
@_change_limited
def change_email():
    form = forms.ChangeEmailForm()
    if form.validate_on_submit():
        try:
            new_email = ops.request_email_change(current_user, form.password.data,
                                                 form.email.data)
        except ops.AccountError as error:
            show_on_form(form, error)
        else:
            flash(_("We sent a link to %(email)s. Your address changes when you open it; "
                    "until then it stays %(old)s.", email=new_email, old=current_user.email),
                  "success")
            return redirect(url_for(".settings"))
    return _settings_page(400, email_form=form)


@bp.post("/account/password")
@login_required
@_change_limited
def change_password():
    form = forms.ChangePasswordForm()
    if form.validate_on_submit():
        try:
            token = ops.change_password(
                current_user, form.current_password.data, form.new_password.data
            )
        except ops.AccountError as error:
            show_on_form(form, error)
        else:
            session[SESSION_TOKEN] = token
            flash(_("Your password is changed. Other devices have been logged out."), "success")
            return redirect(url_for(".settings"))
    return _settings_page(400, password_form=form)


@bp.post("/language")
def choose_language():
    """The header's language switch: this browser's cookie, and a signed-in user's
    profile (a GET with ?lang= changes only what is shown)."""
    form = forms.LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    if current_user.is_authenticated:
        ops.set_locale(current_user, form.lang.data)
    return i18n.remember_language(redirect(safe_next(form.next.data)), form.lang.data)
