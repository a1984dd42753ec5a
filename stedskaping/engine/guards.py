"""Named conditions that workflows use in `conditions:` and `unless:`.

A guard reads *facts* about a project (open tasks, team size, campaign state)
and answers yes or no, with a sentence for the page when the answer blocks a
transition. The engine only knows the shape: the guards themselves and the
facts they read are provided by the domains (``registry.guard``,
``registry.fact``), and the caller hands the machine an object whose
``get(name)`` answers a fact, so the engine runs without a database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol


class Facts(Protocol):
    def get(self, name: str) -> Any:
        """The value of the fact ``name`` for the project at hand."""


@dataclass(frozen=True)
class Guard:
    """A named condition. A guard with a ``param`` parser takes a value from the
    workflow (``conditions: [{supporters_at_least: 20}]``); its ``check``, ``why_not``
    and ``why_blocked`` then get ``(facts, value)`` instead of ``(facts)``."""

    name: str
    check: Callable[..., bool]
    why_not: Callable[..., Any]  # shown when a condition is false
    why_blocked: Callable[..., Any]  # shown when an `unless` is true
    # Turns the YAML value into the guard's parameter, or raises ValueError saying why not.
    param: Callable[[Any], Any] | None = None
    # The same condition as SQL, for lists that ask it of many projects in one query (the
    # review queue): ``sql(Project)`` (or ``sql(Project, value)``) gives a boolean
    # expression correlated to the project row. It must agree with ``check``.
    sql: Callable[..., Any] | None = None

    def where(self, project, value: Any = None):
        """The SQL condition on ``project`` (the mapped class), or None when there is none."""
        if self.sql is None:
            return None
        return self.sql(project) if self.param is None else self.sql(project, value)

    def holds(self, facts: Facts, value: Any = None) -> bool:
        return self.check(facts) if self.param is None else self.check(facts, value)

    def reason_not(self, facts: Facts, value: Any = None):
        return self.why_not(facts) if self.param is None else self.why_not(facts, value)

    def reason_blocked(self, facts: Facts, value: Any = None):
        return (self.why_blocked(facts) if self.param is None
                else self.why_blocked(facts, value))


def at_least(value: Any) -> int:
    """A parameter parser: a whole number, 0 or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("must be a whole number, 0 or more")
    return value


def count_or_all(value: Any) -> int | str:
    """A parameter parser: a whole number, 0 or more, or ``all``."""
    return "all" if value == "all" else at_least(value)


def yes_or_no(value: Any) -> bool:
    """A parameter parser: ``true`` or ``false``."""
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value
