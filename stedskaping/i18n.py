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
from markupsafe import Markup, escape

# Each language in its own name, for the switch and the profile (the configured
# LANGUAGES decide which are offered, and in which order).
LANGUAGE_NAMES = {
    "nb": "Norsk bokmål",
    "nn": "Norsk nynorsk",
    "en": "English",
    "sv": "Svenska",
    "fi": "Suomi",
}

# Browsers may say "no" (Norwegian, unspecified): bokmål is the written standard most use.
_ALIASES = {"no": "nb"}


def offered_languages() -> dict[str, str]:
    """The configured languages, each with its own name, in the configured order."""
    return {code: LANGUAGE_NAMES.get(code, code) for code in current_app.config["LANGUAGES"]}


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
    # The profile's language, as read with the session's check (the account itself is
    # not loaded for it: a page served from the page cache never needs it).
    viewer = current_app.extensions["stedskaping.viewer"]()
    if viewer is not None and _supported(viewer.locale):
        return viewer.locale
    return from_browser() or current_app.config["BABEL_DEFAULT_LOCALE"]


def from_browser() -> str | None:
    """The first of the browser's languages (in its order of preference) that we offer:
    "nb-NO" gives nb, "nn" nn, "sv-SE" sv, "no" bokmål; None if we offer none.

    Werkzeug's ``best_match`` prefers any exact match to a region's language, so that
    "sv-SE,en;q=0.5" would give English; hence this loop."""
    languages = current_app.config["LANGUAGES"]
    for value, quality in request.accept_languages:  # best first
        if quality <= 0:
            continue
        tag = value.lower().replace("_", "-")
        for code in (tag, tag.split("-", 1)[0]):
            code = _ALIASES.get(code, code)
            if code in languages:
                return code
    return None


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


def in_lang(text, lang: str | None, block: bool = False) -> Markup:
    """A workflow text (``engine.spec.Text``) for a page in ``lang``. Where the workflow
    lacks that language, the text it has instead (its first language) is shown inside
    an element with its own ``lang``, so that the gap is visible and screen readers
    pronounce it right. ``block`` renders Markdown (guidance) in a ``div``."""
    from stedskaping.markup import render_markdown

    if text is None:
        return Markup("")
    value, used = text.get_with_lang(lang)
    body = render_markdown(value) if block else escape(value)
    if used is None or lang is None or used == lang:
        return body
    marked = '<div lang="{}">{}</div>' if block else '<span lang="{}">{}</span>'
    return Markup(marked).format(used, body)  # noqa: S704  (a literal; format escapes)


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
    app.jinja_env.globals["offered_languages"] = offered_languages
    app.jinja_env.filters["in_lang"] = in_lang
