"""Choosing the language: ?lang=, then the profile or cookie, then the browser."""

from __future__ import annotations

from flask import current_app, g, has_request_context, request
from flask_login import current_user

from stedskaping.db import db

# Browsers may say "no" (Norwegian) or "nn" (nynorsk); bokmål is the nearest we have.
_ALIASES = {"no": "nb", "nn": "nb"}


def _supported(value: str | None) -> str | None:
    if value and value in current_app.config["LANGUAGES"]:
        return value
    return None


def select_locale() -> str:
    """Flask-Babel's locale selector."""
    if not has_request_context():  # CLI commands and jobs
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = _supported(request.args.get("lang"))
    if chosen:
        g.chosen_locale = chosen
        return chosen
    if current_user and current_user.is_authenticated and _supported(current_user.locale):
        return current_user.locale
    from_cookie = _supported(request.cookies.get(current_app.config["LANGUAGE_COOKIE"]))
    if from_cookie:
        return from_cookie
    offered = [*current_app.config["LANGUAGES"], *_ALIASES]
    best = request.accept_languages.best_match(offered)
    return _ALIASES.get(best, best) or current_app.config["BABEL_DEFAULT_LOCALE"]


def save_choice_in_profile() -> None:
    """Before the view: a signed-in user's ?lang= choice goes into the profile."""
    chosen = _supported(request.args.get("lang"))
    if chosen and current_user.is_authenticated and current_user.locale != chosen:
        current_user.locale = chosen
        db.session.flush()


def remember_choice_in_cookie(response):
    """After the view: everyone's ?lang= choice goes into a cookie."""
    chosen = g.pop("chosen_locale", None)
    if chosen:
        response.set_cookie(
            current_app.config["LANGUAGE_COOKIE"], chosen, max_age=60 * 60 * 24 * 365,
            httponly=True, samesite="Lax", secure=request.is_secure,
        )
    return response


def init_app(app) -> None:
    # Resolve the locale early so that ?lang= is seen even on pages without text.
    from flask_babel import get_locale

    app.before_request(save_choice_in_profile)
    app.before_request(lambda: get_locale() and None)
    app.after_request(remember_choice_in_cookie)
