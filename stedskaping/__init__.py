"""stedskaping: a guided place-making process engine for community projects."""

from __future__ import annotations

import logging
import os

from flask import Flask, g, make_response, request
from sqlalchemy.exc import SQLAlchemyError

from stedskaping.domains import DOMAINS, build_registry  # the one list of domains

__all__ = ["DOMAINS", "build_registry", "create_app"]
log = logging.getLogger(__name__)


def create_app(config: dict | None = None) -> Flask:
    """Build the application. Nothing here touches the network or the schema."""
    instance_path = os.environ.get("STEDSKAPING_INSTANCE_PATH")
    app = Flask(
        __name__,
        instance_path=os.path.abspath(instance_path) if instance_path else None,
        instance_relative_config=True,
    )
    configure_settings(app, config)
    configure_proxy(app)
    configure_extensions(app)
    configure_domains(app)
    configure_workflows(app)
    configure_security(app)
    configure_commit_boundary(app)
    configure_i18n(app)
    configure_input(app)
    configure_blueprints(app)
    configure_rate_limits(app)
    configure_probes(app)
    configure_errors(app)
    configure_templates(app)
    configure_cli(app)
    return app


def configure_settings(app: Flask, config: dict | None) -> None:
    from stedskaping import config as settings

    settings.load(app, config)
    app.template_folder = app.config["TEMPLATE_FOLDER"]
    configure_logging(app)


def configure_logging(app: Flask) -> None:
    # Our own messages (the mail outbox among them) go to the console at INFO;
    # other libraries keep their own levels.
    logger = logging.getLogger("stedskaping")
    logger.setLevel(app.config["LOG_LEVEL"])
    if not logger.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)


def configure_proxy(app: Flask) -> None:
    count = int(app.config["PROXY_FIX_COUNT"])
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def configure_extensions(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from stedskaping import cache as page_cache
    from stedskaping import db as database
    from stedskaping import models  # noqa: F401  (every mapper known before first use)
    from stedskaping import storage as files
    from stedskaping.accounts import sessions
    from stedskaping.extensions import babel, csrf, db, limiter, login_manager, migrate
    from stedskaping.i18n import select_locale
    from stedskaping.notifications import mailer
    from stedskaping.payments import gateway as payments

    db.init_app(app)
    with app.app_context():
        database.configure_engine(db.engine)
    migrate.init_app(app, db, directory=os.path.join(app.root_path, "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # our own session rows do this job

    login_manager.user_loader(sessions.user_for_session)
    # Who is signed in, for the page cache's key and the language: read without loading
    # the account, so that a page served from the cache never loads it.
    app.extensions["stedskaping.viewer"] = sessions.session_viewer

    mailer.init_app(app)
    payments.init_app(app)
    files.init_app(app)
    page_cache.init_app(app)


def configure_domains(app: Flask) -> None:
    app.extensions["stedskaping.registry"] = build_registry()



def configure_workflows(app: Flask) -> None:
    """Load, validate and compile every workflow once; a broken file stops start-up."""
    from stedskaping.engine import definition
    from stedskaping.engine.machine import Workflows

    guards = app.extensions["stedskaping.registry"].guards
    workflows = definition.load_folder(app.config["WORKFLOW_FOLDER"], guards)
    app.extensions["stedskaping.workflows"] = Workflows(workflows, guards)


def configure_security(app: Flask) -> None:
    from stedskaping import security

    security.init_app(app)


def configure_commit_boundary(app: Flask) -> None:
    """One commit per request, after the view; error responses change nothing."""
    from stedskaping.db import commit, rollback
    from stedskaping.errors import database_unavailable, render_error, render_unavailable

    @app.after_request
    def commit_or_roll_back(response):
        if response.status_code >= 400:
            try:
                rollback()
            except SQLAlchemyError as error:  # the 503 page: the connection is gone
                if not database_unavailable(error):
                    raise
            return response
        try:
            commit()
        except SQLAlchemyError as error:
            if database_unavailable(error):
                log.warning("database unavailable at the commit of %s %s", request.method,
                            request.path)
                return make_response(*render_unavailable())
            log.exception("commit failed on %s %s", request.method, request.path)
            return make_response(*render_error(409))
        return response


def configure_i18n(app: Flask) -> None:
    from stedskaping import i18n

    i18n.init_app(app)


def configure_input(app: Flask) -> None:
    """Ids past the integer range are 404; NUL bytes and CR/LF in parameters are 400."""
    from stedskaping import input as bad_input

    bad_input.init_app(app)


def configure_blueprints(app: Flask) -> None:
    for blueprint in app.extensions["stedskaping.registry"].blueprints:
        app.register_blueprint(blueprint)


def configure_rate_limits(app: Flask) -> None:
    """Every rate limit of ours belongs to its view (``limiter.limit`` on the view, checked
    by the decorator when the view runs). Flask-Limiter's pass before every request only
    looks for default and application-wide limits, and we declare none: so that pass,
    which cost a cached page about a tenth of its time, is taken out. Declaring such a
    limit keeps it."""
    from stedskaping.extensions import limiter

    limits = limiter.limit_manager
    if limits.default_limits or limits.application_limits:
        return
    checks = app.before_request_funcs.get(None, [])
    if limiter._check_request_limit in checks:  # the hook init_app adds
        checks.remove(limiter._check_request_limit)


def configure_probes(app: Flask) -> None:
    """/healthz (the process is up) and /readyz (database reachable, schema at head)."""
    from stedskaping import probes

    probes.init_app(app)


def configure_errors(app: Flask) -> None:
    from stedskaping import errors

    errors.init_app(app)


def configure_templates(app: Flask) -> None:
    from flask_babel import get_locale
    from flask_login import current_user

    from stedskaping import access, formats
    from stedskaping import cache as page_cache
    from stedskaping.markup import render_markdown
    from stedskaping.notifications.notify import unread_count, unread_count_sql

    app.jinja_env.filters["markdown"] = render_markdown
    formats.init_app(app)  # money, number, listing; format_date and format_datetime
    # The menu shows the unread notices; a page kept by the page cache is kept per count
    # (read with the cache's generation, in the same query, into g.unread_notifications).
    page_cache.viewer_part("unread_notifications", unread_count_sql)

    def unread_notifications() -> int:
        if not current_user.is_authenticated:
            return 0
        if "unread_notifications" not in g:  # once a request
            g.unread_notifications = unread_count(current_user.id)
        return g.unread_notifications

    app.jinja_env.globals.update(
        unread_notifications=unread_notifications,
        can=lambda action, obj=None: access.can(current_user, action, obj),
        get_locale=get_locale,
    )


def configure_cli(app: Flask) -> None:
    from stedskaping import cli

    cli.init_app(app)
