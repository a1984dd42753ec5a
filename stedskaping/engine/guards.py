"""Named conditions that workflows use in `conditions:` and `unless:`.

A guard reads *facts* about a project (open tasks, team size, campaign state)
and answers yes or no, with a sentence for the page when the answer blocks a
transition. Facts are supplied by the caller, so the engine can be run without
a database (see ``process.ProjectFacts`` for the database-backed facts).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from flask_babel import lazy_gettext as _l


class Facts(Protocol):
    def open_required_tasks(self) -> list[str]:
        """Titles of the current stage's required tasks that are not done."""

    def member_count(self) -> int:
        """People in the project's team, initiators included."""

    def campaign_minimum_reached(self) -> bool:
        """Whether the project's campaign has reached its minimum budget."""


@dataclass(frozen=True)
class Guard:
    name: str
    check: Callable[[Facts], bool]
    why_not: Callable[[Facts], str]  # shown when a condition is false
    why_blocked: Callable[[Facts], str]  # shown when an `unless` is true


GUARDS: dict[str, Guard] = {}


def guard(name: str, why_not, why_blocked):
    def register(check: Callable[[Facts], bool]) -> Callable[[Facts], bool]:
        GUARDS[name] = Guard(name, check, why_not, why_blocked)
        return check

    return register


@guard(
    "required_tasks_done",
    why_not=lambda f: _l("Required tasks are still open: %(tasks)s.",
                         tasks=", ".join(f.open_required_tasks())),
    why_blocked=lambda f: _l("All required tasks are done."),
)
def required_tasks_done(facts: Facts) -> bool:
    return not facts.open_required_tasks()


@guard(
    "team_formed",
    why_not=lambda f: _l("The team needs at least two people (now %(n)d).", n=f.member_count()),
    why_blocked=lambda f: _l("The team is formed."),
)
def team_formed(facts: Facts) -> bool:
    return facts.member_count() >= 2


@guard(
    "minimum_reached",
    why_not=lambda f: _l("The campaign has not reached its minimum budget."),
    why_blocked=lambda f: _l("The campaign has reached its minimum budget."),
)
def minimum_reached(facts: Facts) -> bool:
    return facts.campaign_minimum_reached()


def names() -> set[str]:
    return set(GUARDS)
