"""Sign-up, sign-in, password reset and account settings."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from stedskaping.accounts import forms
from stedskaping.accounts import operations as ops
from stedskaping.extensions import limiter

bp = Blueprint("accounts", __name__)

SESSION_TOKEN = "sid"  # noqa: S105  (the session key name, not a secret)


def _auth_limit():
    return current_app.config["AUTH_RATE_LIMIT"]


def _email_key() -> str:
    return "email:" + ops.normalise_email(request.form.get("email", ""))


def _rate_limited(view):
    """Limit POSTs per client address and, separately, per e-mail address."""
    view = limiter.limit(_auth_limit, key_func=_email_key, methods=["POST"], scope="email")(view)
    return limiter.limit(_auth_limit, methods=["POST"])(view)


def _safe_next(target: str | None) -> str:
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/"):
            return target
    return url_for("main.index")


def _sign_in(user) -> None:
    token = ops.start_session(user)
    session.clear()  # a new session at login: nothing carries over from before
    session[SESSION_TOKEN] = token
    login_user(user)


def _apply_error(form, error: ops.AccountError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = forms.RegisterForm()
    if form.validate_on_submit():
        try:
            user = ops.register(ops.Registration(
                name=form.name.data, email=form.email.data, password=form.password.data,
                locale=str(get_locale()),
            ))
        except ops.AccountError as error:
            _apply_error(form, error)
        else:
            _sign_in(user)
            flash(_("Welcome, %(name)s! Your account is ready.", name=user.name), "success")
            return redirect(url_for("main.index"))
    return render_template("accounts/register.html", form=form), 400 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
@_rate_limited
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = forms.LoginForm()
    if form.validate_on_submit():
        try:
            user = ops.authenticate(form.email.data, form.password.data)
        except ops.AccountError as error:
            _apply_error(form, error)
        else:
            _sign_in(user)
            return redirect(_safe_next(request.args.get("next")))
    status = 400 if (form.errors or form.form_errors) else 200
    return render_template("accounts/login.html", form=form), status


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
            _("If an account has this address, we have sent it a link to choose a new "
              "password. The link works for one hour."),
            "success",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot.html", form=form), 400 if form.errors else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_auth_limit, methods=["POST"])
def reset_password(token: str):
    try:
        ops.user_for_reset_token(token)
    except ops.AccountError as error:
        return render_template("accounts/reset_invalid.html", message=error.message), 400
    form = forms.ResetPasswordForm()
    if form.validate_on_submit():
        try:
            ops.reset_password(token, form.new_password.data)
        except ops.AccountError as error:
            _apply_error(form, error)
        else:
            logout_user()
            session.clear()
            flash(_("Your password is changed. Log in with the new password."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form), 400 if form.errors else 200


def _settings_page(status=200, **forms_given):
    context = {
        "profile_form": forms.ProfileForm(
            formdata=None, name=current_user.name, locale=current_user.locale or str(get_locale())
        ),
        "email_form": forms.ChangeEmailForm(formdata=None),
        "password_form": forms.ChangePasswordForm(formdata=None),
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
    flash(_("Your profile is saved."), "success")
    return redirect(url_for("accounts.settings"))


@bp.post("/account/email")
@login_required
def change_email():
    form = forms.ChangeEmailForm()
    if form.validate_on_submit():
        try:
            ops.change_email(current_user, form.password.data, form.email.data)
        except ops.AccountError as error:
            _apply_error(form, error)
        else:
            flash(_("Your e-mail address is changed."), "success")
            return redirect(url_for("accounts.settings"))
    return _settings_page(400, email_form=form)


@bp.post("/account/password")
@login_required
def change_password():
    form = forms.ChangePasswordForm()
    if form.validate_on_submit():
        try:
            token = ops.change_password(
                current_user, form.current_password.data, form.new_password.data
            )
        except ops.AccountError as error:
            _apply_error(form, error)
        else:
            session[SESSION_TOKEN] = token
            flash(_("Your password is changed. Other devices have been logged out."), "success")
            return redirect(url_for("accounts.settings"))
    return _settings_page(400, password_form=form)
