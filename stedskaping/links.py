"""Links to this site in e-mails and notices, always at its public address.

A mail may be written in a request, a job or a command and delivered later, so
its links never come from the request's Host header: they start with
``BASE_URL``, or, when that is not set, with ``SERVER_NAME`` (and
``PREFERRED_URL_SCHEME``, ``APPLICATION_ROOT``). `flask serve` sets
``BASE_URL`` from its own host and port when neither is configured.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, has_request_context, request, url_for

FALLBACK = "http://127.0.0.1:5000"
_MARK = "stedskaping.public_site"
_IN_REQUEST = "stedskaping.public_site.in_request"  # pushed while a request was handled


def base_url() -> str:
    """The site's public address, without a trailing slash."""
    cfg = current_app.config
    if cfg.get("BASE_URL"):
        return str(cfg["BASE_URL"]).rstrip("/")
    if cfg.get("SERVER_NAME"):
        root = (cfg.get("APPLICATION_ROOT") or "/").rstrip("/")
        return f"{cfg.get('PREFERRED_URL_SCHEME') or 'http'}://{cfg['SERVER_NAME']}{root}"
    return FALLBACK


@contextmanager
def public_site() -> Iterator[None]:
    """A request context at the public address: ``url_for(..., _external=True)`` inside
    it (templates of mails among them) links there. Reused when already inside one."""
    if has_request_context() and request.environ.get(_MARK):
        yield
        return
    marks = {_MARK: True, _IN_REQUEST: has_request_context()}
    with current_app.test_request_context(base_url=base_url(), environ_overrides=marks):
        yield


def handling_request() -> bool:
    """Whether a request is being handled: a job's or a command's ``public_site()``
    context is no request (``payments.gateway`` refuses Stripe calls in requests)."""
    if not has_request_context():
        return False
    return not request.environ.get(_MARK) or bool(request.environ.get(_IN_REQUEST))


def link(endpoint: str, **values) -> str:
    """The absolute address of a page, for a mail or a notice."""
    with public_site():
        return url_for(endpoint, _external=True, **values)
