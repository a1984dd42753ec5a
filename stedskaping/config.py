"""Configuration: defaults here, then ``instance/config.py``, then the environment.

Every setting can be overridden by an environment variable with the prefix
``STEDSKAPING_`` (values are parsed as JSON where they parse, else taken as
text), for example ``STEDSKAPING_MAIL_TRANSPORT=smtp``. ``DATABASE_URL`` is
also honoured, as most hosting platforms set it.
"""

from __future__ import annotations

import os
from pathlib import Path

# Templates, workflows and migrations live inside the package, so a wheel carries them.
PACKAGE = Path(__file__).resolve().parent


class Defaults:
    """The embedded defaults: they run the app with no setup at all."""

    # Filled from the instance folder when not given; see resolve_paths().
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SECRET_KEY: str | None = None
    # PostgreSQL: a database that does not answer must not hold a worker for long.
    # Seconds to connect, for one statement, and to wait for a free pooled connection
    # (SQLAlchemy's own default is 30); 0 turns the statement limit off.
    DATABASE_CONNECT_TIMEOUT = 5
    DATABASE_STATEMENT_TIMEOUT = 10
    DATABASE_POOL_TIMEOUT = 5

    TEMPLATE_FOLDER = str(PACKAGE / "templates")
    WORKFLOW_FOLDER = str(PACKAGE / "workflows")
    DEFAULT_WORKFLOW = "stedskaping"  # offered first when a project starts

    # Languages, in the order the switch offers them; bokmål is the default.
    LANGUAGES = ("nb", "nn", "en", "sv", "fi")
    BABEL_DEFAULT_LOCALE = "nb"
    BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"
    LANGUAGE_COOKIE = "lang"

    # Sessions live in signed cookies, so any worker can serve any request;
    # which sessions are still valid is recorded in the database.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # also set per request when served over https
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 14

    WTF_CSRF_TIME_LIMIT = 60 * 60 * 8

    # Passwords: Argon2id through argon2-cffi; these are its recommended costs.
    PASSWORD_MIN_LENGTH = 12
    PASSWORD_MAX_LENGTH = 128
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    ARGON2_PARALLELISM = 4
    PASSWORD_RESET_MAX_AGE = 60 * 60  # seconds a reset link stays valid
    EMAIL_CONFIRM_MAX_AGE = 60 * 60 * 48  # seconds a link confirming an address stays valid
    SECRET_KEY_MIN_LENGTH = 32

    # Rate limits (Flask-Limiter). Use redis://127.0.0.1:6379 with several workers.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Should Redis be away, each worker counts in its own memory until it is back,
    # rather than failing the request: losing Redis loses only the counters.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    AUTH_RATE_LIMIT = "5 per minute"  # registration, reset requests, per address and e-mail
    # Failed logins, counted per (e-mail, client address), per client address, and per
    # e-mail from anywhere (slower), so that a few tries elsewhere cannot lock a user out.
    LOGIN_RATE_LIMIT_PER_EMAIL_AND_ADDRESS = "5 per minute"
    LOGIN_RATE_LIMIT_PER_ADDRESS = "20 per minute"
    LOGIN_RATE_LIMIT_PER_EMAIL = "50 per hour"
    # Changing the password or the e-mail address, per account and per client address.
    ACCOUNT_CHANGE_RATE_LIMIT = "5 per minute; 20 per hour"
    CONFIRM_RESEND_RATE_LIMIT = "3 per hour"  # new confirmation links per account

    # The public address of the site: every link in an e-mail starts with it. When it is
    # not set: SERVER_NAME, else the address `flask serve` listens on, else 127.0.0.1:5000.
    BASE_URL: str | None = None

    # Mail: "outbox" stores and logs every message (the embedded default);
    # "smtp" also sends it through the SMTP server below.
    MAIL_TRANSPORT = "outbox"
    # When: "after_commit" delivers right after the request's commit (the embedded
    # default); "worker" leaves it to the scheduler's mail job or `flask mail send`.
    MAIL_DELIVERY = "after_commit"
    MAIL_FROM = "stedskaping <noreply@stedskaping.local>"
    # Where people report accessibility barriers (the accessibility statement shows it):
    # a mailbox someone reads.
    ACCESSIBILITY_CONTACT_EMAIL = "tilgjengelighet@stedskaping.local"
    SMTP_HOST = "localhost"
    SMTP_PORT = 587
    SMTP_USERNAME: str | None = None
    SMTP_PASSWORD: str | None = None
    SMTP_STARTTLS = True
    SMTP_TIMEOUT = 10

    LOG_LEVEL = "INFO"

    # The page cache (stedskaping/cache.py, docs/deploy.md "Page cache"): pages kept until
    # a write changes what they could show, and at most this many seconds. "SimpleCache"
    # keeps them in each worker's memory (at most PAGE_CACHE_ENTRIES); "RedisCache" with
    # PAGE_CACHE_REDIS_URL (redis://host:6379/1) shares them between workers and hosts.
    PAGE_CACHE = True
    PAGE_CACHE_SECONDS = 300
    PAGE_CACHE_TYPE = "SimpleCache"
    PAGE_CACHE_REDIS_URL: str | None = None
    PAGE_CACHE_ENTRIES = 300
    PAGE_CACHE_KEY_PREFIX = "stedskaping-page:"

    # Supervision: the health rule of the facilitator's dashboard (docs/supervision.md).
    HEALTH_LATE_OVERDUE_DAYS = 7  # a required task overdue this long makes a project late
    HEALTH_LATE_SLIP_DAYS = 14  # so does a camp this much later than first planned
    HEALTH_QUIET_DAYS = 21  # no activity this long puts a project at risk

    # The scheduler (docs/scheduler.md).
    REMINDER_DAYS = (7, 3, 1, 0)  # days before a task or stage deadline
    ESCALATION_DAYS = 3  # a required task this many days overdue goes to the facilitator
    CAMPAIGN_REMINDER_DAYS = (5, 3, 2, 1)
    EVALUATION_ROUND_DAYS = 28  # an evaluation round takes answers this long after it opens
    EVALUATION_REMINDER_DAYS = 7  # the one reminder, this many days before a round closes
    EVALUATION_OVERDUE_DAYS = 14  # the team's or facilitator's answer missing this long: overdue
    ABANDONED_PLEDGE_HOURS = 48  # a card pledge never confirmed is dropped after this
    JOB_LEASE_SECONDS = 15 * 60  # another process may take over a job after this
    SCHEDULER_TIMEZONE = "Europe/Oslo"
    # Realisation: the team and the keeper are warned this many days before a temporary
    # permit or a temporary measure runs out (docs/realisation.md).
    REALISATION_EXPIRY_WARNING_DAYS = 30

    # Projects: invitations, uploads (kept outside the web root) and their limits.
    INVITATION_DAYS = 14
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    IMAGE_MAX_SIDE = 2560  # photos are scaled down to this many pixels on the longer side

    # Files (stedskaping/storage): "local" keeps them in UPLOAD_FOLDER (one app server);
    # "s3" in an S3-compatible bucket that every app server shares (docs/deploy.md).
    STORAGE = "local"
    UPLOAD_FOLDER: str | None = None  # default: <instance>/uploads
    S3_BUCKET: str | None = None
    S3_ENDPOINT_URL: str | None = None  # for MinIO, Ceph and other S3-compatible stores
    S3_REGION: str | None = None
    S3_ACCESS_KEY_ID: str | None = None  # else boto3's own sources (AWS_* variables, roles)
    S3_SECRET_ACCESS_KEY: str | None = None
    S3_PREFIX = ""  # keys are stored under this prefix, to share a bucket
    S3_ADDRESSING_STYLE = "auto"  # "path" for most self-hosted stores

    # Participation: neighbours' proposals, concept sketches, moderation.
    PROPOSAL_BODY_MAX = 2000  # characters in a proposal's text
    PARTICIPATION_IMAGE_MAX_MB = 5  # a proposal's photo, a concept's sketch
    MODERATION_HIDE_AT = 3  # reports by different people that hide an item until decided

    # Realisation: the camp (docs/realisation-camp.md).
    CAMP_VOLUNTEERS_PER_SAFETY_LEAD = 100  # a day needs one safety lead per this many
    DUGNAD_HOUR_RATE = 30_000  # øre: what a verified volunteer hour is worth in the ledger
    LEDGER_MIN_OWN_EFFORT_PERCENT = 50  # the grant rules the budget view checks
    LEDGER_MAX_GRANT_PERCENT = 75

    # Behind a reverse proxy set the number of proxies that add X-Forwarded-*.
    PROXY_FIX_COUNT = 0

    # Payments. Without both Stripe keys the card option is hidden; offline pledges,
    # materials and hours still work. STRIPE_API_BASE points at a test server.
    STRIPE_SECRET_KEY: str | None = None
    STRIPE_PUBLISHABLE_KEY: str | None = None
    STRIPE_WEBHOOK_SECRET: str | None = None
    STRIPE_JS_URL = "https://js.stripe.com/v3/"
    STRIPE_API_BASE: str | None = None
    PLEDGE_MAX_AMOUNT = 50_000_000  # øre: 500 000 kr
    ACTION_REQUIRED_DAYS = 7  # days a backer has to finish a payment that needs them
    CAMPAIGN_MIN_DAYS = 7  # a campaign opens only with at least this long before its stage ends

    # Content-Security-Policy sources added to 'self' (for example Stripe.js).
    CSP_EXTRA_SCRIPT_SRC: tuple[str, ...] = ()
    CSP_EXTRA_FRAME_SRC: tuple[str, ...] = ()
    CSP_EXTRA_CONNECT_SRC: tuple[str, ...] = ()

    # Places: the map's tile server as Leaflet's URL template (for example
    # "https://tile.example.org/{z}/{x}/{y}.png"; its host is added to the CSP's img-src)
    # and its attribution; empty: no tiles, the map is the server's outline and a list.
    MAP_TILE_URL = ""
    MAP_TILE_ATTRIBUTION = ""
    # Nearby initiatives: within this distance or in the same area, among at most
    # NEARBY_CANDIDATES projects read from the database.
    NEARBY_KM = 2
    NEARBY_CANDIDATES = 50


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever scheme the host hands us."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def postgresql_options(cfg) -> dict:
    """The engine options with the timeouts: libpq's connect_timeout (a host that does
    not answer), the server's statement_timeout (a query stuck on a lock or a slow
    plan), TCP keepalives and tcp_user_timeout (a connection whose peer vanished), and
    the pool's wait; and the server's JIT off: the app's queries are short, and a plan
    the planner prices high (the review queue's count, with a subquery per guard) spent
    most of its time compiling itself (280 ms of 330). Options given in
    SQLALCHEMY_ENGINE_OPTIONS win."""
    options = dict(cfg.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    args = dict(options.get("connect_args") or {})
    connect = max(2, round(float(cfg["DATABASE_CONNECT_TIMEOUT"])))  # libpq's least is 2
    statement_ms = round(float(cfg["DATABASE_STATEMENT_TIMEOUT"]) * 1000)
    args.setdefault("connect_timeout", connect)
    args.setdefault("keepalives", 1)
    args.setdefault("keepalives_idle", 30)
    args.setdefault("keepalives_interval", 5)
    args.setdefault("keepalives_count", 3)
    if statement_ms > 0:
        args.setdefault("tcp_user_timeout", statement_ms + connect * 1000)
        if "statement_timeout" not in args.get("options", ""):
            args["options"] = f"{args.get('options', '')} -c statement_timeout={statement_ms}"
            args["options"] = args["options"].strip()
    if "jit" not in args.get("options", ""):
        args["options"] = f"{args.get('options', '')} -c jit=off".strip()
    options["connect_args"] = args
    options.setdefault("pool_timeout", float(cfg["DATABASE_POOL_TIMEOUT"]))
    options.setdefault("pool_pre_ping", True)
    return options


def load(app, overrides: dict | None) -> None:
    """Layer the configuration onto ``app.config``."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    app.config.from_prefixed_env("STEDSKAPING")
    if overrides:
        app.config.update(overrides)
    resolve(app)


def resolve(app) -> None:
    """Fill in settings that depend on other settings."""
    cfg = app.config
    if not cfg.get("SQLALCHEMY_DATABASE_URI"):
        cfg["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(
            Path(app.instance_path) / "stedskaping.sqlite"
        )
    cfg["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(cfg["SQLALCHEMY_DATABASE_URI"])
    if cfg["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options = dict(cfg.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options.setdefault("connect_args", {}).setdefault("timeout", 15)
        cfg["SQLALCHEMY_ENGINE_OPTIONS"] = options
    elif cfg["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        cfg["SQLALCHEMY_ENGINE_OPTIONS"] = postgresql_options(cfg)
    if not cfg.get("UPLOAD_FOLDER"):
        cfg["UPLOAD_FOLDER"] = str(Path(app.instance_path) / "uploads")
    if not cfg.get("SECRET_KEY"):
        raise RuntimeError(
            "SECRET_KEY is not configured. Set STEDSKAPING_SECRET_KEY or put "
            "SECRET_KEY in instance/config.py (`make run` writes one for development)."
        )
    check_secret_key(cfg)


def check_secret_key(cfg) -> None:
    """Refuse a short SECRET_KEY: it signs the sessions, so it must not be guessable.
    Tests (TESTING) may use a short one."""
    minimum = int(cfg["SECRET_KEY_MIN_LENGTH"])
    if not cfg.get("TESTING") and len(str(cfg["SECRET_KEY"])) < minimum:
        raise RuntimeError(
            f"SECRET_KEY is too short: {len(str(cfg['SECRET_KEY']))} characters, at least "
            f"{minimum} are needed. Make one with "
            "`python -c 'import secrets; print(secrets.token_hex(32))'` and set it in "
            "STEDSKAPING_SECRET_KEY or instance/config.py."
        )
