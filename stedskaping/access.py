"""Who may do what: the one place that answers "may this user do X to this object".

Each domain registers its rules with ``@rule("domain.action")``; a rule gets
the user (possibly anonymous) and the object and answers yes or no. Views ask
``require(action, obj)`` after loading the object; templates ask ``can``.
An action without a rule is refused, so a forgotten rule fails closed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort
from flask_login import current_user
from werkzeug.exceptions import Forbidden

from stedskaping.extensions import login_manager

Rule = Callable[[Any, Any], bool]
_rules: dict[str, Rule] = {}


def rule(*actions: str) -> Callable[[Rule], Rule]:
    """Register ``fn(user, obj) -> bool`` as the rule for each action."""

    def register(fn: Rule) -> Rule:
        for action in actions:
            if action in _rules:
                raise ValueError(f"access rule for {action!r} registered twice")
            _rules[action] = fn
        return fn

    return register


def can(user, action: str, obj: Any = None) -> bool:
    """Whether ``user`` may do ``action`` to ``obj``."""
    check = _rules.get(action)
    if check is None:
        return False
    if not getattr(user, "is_authenticated", False):
        return bool(getattr(check, "allows_anonymous", False)) and check(user, obj)
    if user.is_admin:
        return True
    return check(user, obj)


def anonymous_too(fn: Rule) -> Rule:
    """Mark a rule as one that may also say yes to visitors who are not signed in."""
    fn.allows_anonymous = True  # type: ignore[attr-defined]
    return fn


def require(action: str, obj: Any = None) -> None:
    """Stop the request unless the current user may do ``action`` to ``obj``.

    Visitors who are not signed in are sent to the login page (401 for
    Flask-Login); signed-in users get 403.
    """
    if can(current_user, action, obj):
        return
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    raise Forbidden()


def registered_actions() -> list[str]:
    return sorted(_rules)


# --- platform rules (admin only: admins pass every check in can()) ---

@rule("admin.view", "municipality.create", "municipality.manage_facilitators", "outbox.view",
      "programme.create")
def _admins_only(user, obj) -> bool:
    return False


@rule("municipality.view")
def _facilitator_of_municipality(user, municipality) -> bool:
    return municipality.id in user.facilitated_municipality_ids()


@rule("account.edit")
def _own_account(user, account) -> bool:
    return account is not None and account.id == user.id
