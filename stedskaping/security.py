"""Security headers and cookie settings for every response."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request
from flask.sessions import SecureCookieSessionInterface


class SessionInterface(SecureCookieSessionInterface):
    """Signed-cookie sessions whose cookie is Secure whenever the request is https."""

    def get_cookie_secure(self, app) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure

    def get_signing_serializer(self, app):
        # Flask builds the serializer twice a request (to read and to write the cookie),
        # and building one signs a sample to learn its type: keep one per set of keys.
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        kept = app.extensions.get("stedskaping.session_serializer")
        if kept is None or kept[0] != keys:
            kept = (keys, super().get_signing_serializer(app))
            app.extensions["stedskaping.session_serializer"] = kept
        return kept[1]


def _tile_origin(url: str) -> str | None:
    """The CSP source of the map's tile server ("https://{s}.tile.org/{z}/..." gives
    "https://*.tile.org")."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


def content_security_policy(config) -> str:
    tiles = _tile_origin(config.get("MAP_TILE_URL", ""))
    img = " ".join(("'self'", "data:", *([tiles] if tiles else [])))
    script = " ".join(("'self'", *config["CSP_EXTRA_SCRIPT_SRC"]))
    frame = " ".join(("'self'", *config["CSP_EXTRA_FRAME_SRC"]))
    connect = " ".join(("'self'", *config["CSP_EXTRA_CONNECT_SRC"]))
    return "; ".join((
        "default-src 'self'",
        f"script-src {script}",
        "style-src 'self'",
        f"img-src {img}",
        f"connect-src {connect}",
        f"frame-src {frame}",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ))


def add_headers(response):
    """The security headers a response does not set itself (one pass over its headers:
    this runs on every response, cached pages included)."""
    headers = response.headers
    present = {name.lower() for name in headers.keys()}  # noqa: SIM118 (iterating gives pairs)
    for name, value in current_app.extensions["stedskaping.security_headers"]:
        if name.lower() not in present:
            headers.add(name, value)
    if request.is_secure and "strict-transport-security" not in present:
        headers.add("Strict-Transport-Security", "max-age=31536000")
    return response


def init_app(app) -> None:
    app.session_interface = SessionInterface()
    # Built once: the policy only changes with the configuration.
    app.extensions["stedskaping.security_headers"] = (
        ("Content-Security-Policy", content_security_policy(app.config)),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)"),
    )
    app.after_request(add_headers)
