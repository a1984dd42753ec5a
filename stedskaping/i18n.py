"""Choosing the language: ?lang=, then this browser's cookie, then the profile, then the
browser's Accept-Language.

A GET with ``?lang=`` only changes what is shown (and the cookie, so that the next
page follows); it never writes a signed-in user's profile, since a link must not
change an account. The header's language switch is a POST form (with CSRF) that
sets the cookie and, for a signed-in user, the profile (``accounts.choose_language``).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import current_app, g, has_request_context, request
from flask_login import current_user

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
    from_cookie = _supported(request.cookies.get(current_app.config["LANGUAGE_COOKIE"]))
    if from_cookie:
        return from_cookie
    if current_user and current_user.is_authenticated and _supported(current_user.locale):
        return current_user.locale
    offered = [*current_app.config["LANGUAGES"], *_ALIASES]
    best = request.accept_languages.best_match(offered)
    return _ALIASES.get(best, best) or current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_language(response, code: str):
    """Keep ``code`` as this browser's language choice."""
    response.set_cookie(
        current_app.config["LANGUAGE_COOKIE"], code, max_age=60 * 60 * 24 * 365,
        httponly=True, samesite="Lax", secure=request.is_secure,
    )
    return response


def remember_choice_in_cookie(response):
    """After the view: a ?lang= choice goes into the cookie (never into the profile)."""
    chosen = g.pop("chosen_locale", None)
    if chosen:
        remember_language(response, chosen)
    return response


def switch_target() -> str:
    """Where the language switch returns to: this page without ?lang=, or, for a page
    that answered a POST, the page the form was on."""
    if request.method == "GET":
        return _without_lang(request.path, list(request.args.items(multi=True)))
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/"):
        return _without_lang(referrer.path, parse_qsl(referrer.query))
    return "/"


def _without_lang(path: str, args: list[tuple[str, str]]) -> str:
    kept = [(k, v) for k, v in args if k != "lang"]
    return path + ("?" + urlencode(kept) if kept else "")


def translate(message: str, **variables) -> str:
    """Flask-Babel's gettext where an app is running, for ``stedskaping.text`` (the engine's
    lazy messages); plain English elsewhere."""
    from flask import has_app_context
    from flask_babel import gettext

    if not has_app_context():
        return message % variables if variables else message
    return gettext(message, **variables)


def init_app(app) -> None:
    # Resolve the locale early so that ?lang= is seen even on pages without text.
    from flask_babel import get_locale

    from stedskaping import text

    text.use_translator(translate)

    app.before_request(lambda: get_locale() and None)
    app.after_request(remember_choice_in_cookie)
    app.jinja_env.globals["language_switch_target"] = switch_target
