"""Error pages in the visitor's language, never with a traceback."""

from __future__ import annotations

import logging
import sqlite3

from flask import g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

from stedskaping.db import rollback
from stedskaping.domain import DomainError

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Bad request"), _l("We could not understand what was sent. Go back and try again.")),
    401: (_l("Please log in"), _l("You need to log in to see this page.")),
    403: (_l("Not allowed"), _l("You do not have access to this page or action.")),
    404: (_l("Page not found"), _l("We could not find this page. Check the address.")),
    405: (_l("Not allowed here"), _l("This address does not accept that kind of request.")),
    409: (_l("Conflict"), _l("Someone else changed this at the same time. Reload and try again.")),
    413: (_l("Too large"), _l("What you sent is too large.")),
    429: (_l("Too many attempts"),
          _l("You have tried too many times. Wait a minute and try again.")),
    503: (_l("Back in a moment"),
          _l("We cannot reach our database just now, so this page cannot be shown. Nothing "
             "you saved is lost. Wait half a minute and try again.")),
    500: (_l("Something went wrong"), _l("An error on our side stopped this. It has been logged; "
                                         "please try again in a little while.")),
}
CSRF_MESSAGE = _l("The form was too old or did not come from this site, so nothing was saved. "
                  "Go back, reload the page and try again.")


def render_error(code: int, detail=None):
    title, text = MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400])
    try:
        body = render_template("errors/error.html", code=code, title=title, text=detail or text)
    except SQLAlchemyError as error:  # the layout asked for the signed-in user's row
        if not database_unavailable(error):
            raise
        return render_unavailable()
    return body, code


def handle_http_exception(error: HTTPException):
    rollback()
    if error.code is None or error.code < 400:
        return error
    if isinstance(error, CSRFError):
        return render_error(400, CSRF_MESSAGE)
    response = render_error(error.code)
    if error.code == 405 and error.valid_methods:
        return (*response, {"Allow": ", ".join(error.valid_methods)})
    return response


def handle_refusal(error: DomainError):
    """An operation refused and the view did not say how to show it (an action this
    role or state does not offer, say): its message on an error page, nothing saved."""
    rollback()
    log.info("refused %s %s: %s", request.method, request.path, error.message)
    # A status the operation chose stands; otherwise the action does not fit the state.
    chosen = vars(error).get("status")
    return render_error(chosen if chosen and 400 <= chosen < 500 else 409, error.message)


RETRY_AFTER_SECONDS = 30


def database_unavailable(error: BaseException) -> bool:
    """Whether the error says the database cannot be reached or did not answer in time
    (refused, timed out, a statement cancelled, no pooled connection free), as
    opposed to a mistake in a query."""
    if isinstance(error, PoolTimeout):
        return True
    if isinstance(error, OperationalError):
        message = str(error.orig)
        if isinstance(error.orig, sqlite3.Error):  # a missing table is OperationalError too
            return "unable to open" in message or "disk I/O" in message
        return "locked" not in message
    return isinstance(error, DBAPIError) and error.connection_invalidated


def render_unavailable():
    """The 503 page, drawn without the database: the visitor is shown as signed out
    (their account cannot be read now), the page extends nothing that queries."""
    from stedskaping.extensions import login_manager

    g._login_user = login_manager.anonymous_user()
    title, text = MESSAGES[503]
    retry = request.full_path if request.method in ("GET", "HEAD") else request.path
    body = render_template("errors/unavailable.html", code=503, title=title, text=text,
                           retry="/" + retry.rstrip("?").lstrip("/"))  # never //elsewhere
    return body, 503, {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}


def _safe_rollback() -> None:
    try:
        rollback()
    except Exception:  # the connection is gone; the pool replaces it
        log.debug("rollback failed on a broken connection", exc_info=True)


def handle_unexpected(error: Exception):
    if database_unavailable(error):
        _safe_rollback()
        log.warning("database unavailable on %s %s: %s", request.method, request.path,
                    error.__class__.__name__)
        return render_unavailable()
    rollback()
    if isinstance(error, OperationalError) and "locked" in str(error.orig):
        # SQLite under load: another writer held the database too long. Nothing was
        # saved; trying again works.
        log.warning("database busy on %s %s", request.method, request.path)
        return render_error(409)
    log.exception("unhandled error on %s %s", request.method, request.path)
    return render_error(500)


def init_app(app) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(DomainError, handle_refusal)
    app.register_error_handler(Exception, handle_unexpected)
    app.register_error_handler(InternalServerError, handle_unexpected)
