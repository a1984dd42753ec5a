"""Flask extensions, created unbound and bound to an app in ``create_app``."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

from stedskaping.db import db, render_item

__all__ = ["babel", "csrf", "db", "limiter", "login_manager", "migrate"]

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
# render_as_batch lets Alembic alter SQLite tables (it copies and renames them).
migrate = Migrate(db=db, render_as_batch=True, compare_type=True, render_item=render_item)
limiter = Limiter(key_func=get_remote_address, default_limits=[])
