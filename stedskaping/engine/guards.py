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
    name: str
    check: Callable[[Facts], bool]
    why_not: Callable[[Facts], Any]  # shown when a condition is false
    why_blocked: Callable[[Facts], Any]  # shown when an `unless` is true
