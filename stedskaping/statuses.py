"""Statuses: an enum per model family, a table of the moves it allows, one check.

Each domain's models module declares its statuses as an ``enum.StrEnum`` (so the
stored values are the same plain strings as ever, and no migration is needed), a
``Moves`` table of which status may follow which, and one ``move(obj, new)``
function that checks the table before it writes. Nothing else writes a status.

A bulk UPDATE cannot check row by row, so it names the statuses it moves from in
its WHERE clause with ``Moves.sources(new)`` (every status the table allows to
reach ``new``) or ``Moves.sources(new, among=...)`` (only those, each checked
against the table when the statement is built).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from stedskaping.domain import DomainError


class IllegalMove(DomainError):
    """A status change the model's table does not allow: a bug, or a race lost to
    another request. ``str()`` names the model, its id, from and to (for the log);
    ``message`` is for the page."""

    status = 409

    def __init__(self, model: str, obj_id, old, new):
        super().__init__(_l("This was changed meanwhile, so it cannot be done now. Reload the "
                            "page and try again."))
        self.model, self.obj_id, self.old, self.new = model, obj_id, old, new

    def __str__(self) -> str:
        return f"{self.model} {self.obj_id}: {_text(self.old)} -> {_text(self.new)} is not allowed"


def _text(status) -> str:
    return "(new)" if status is None else str(status)


class Moves:
    """Which status may follow which, for one model (or one kind of it).

    ``table`` maps each status to the statuses that may follow it; the key None
    lists the statuses a new object may start in. Staying in the same status is
    not a move and is always allowed.
    """

    def __init__(self, model: str, table: Mapping[StrEnum | None, Iterable[StrEnum]]):
        self.model = model
        self.table = {old: frozenset(new) for old, new in table.items()}

    def allows(self, old, new) -> bool:
        return old == new or new in self.table.get(old, ())

    def check(self, obj, new) -> None:
        """Raise IllegalMove unless ``obj`` may go from its status to ``new``."""
        old = obj.status
        if not self.allows(old, new):
            raise IllegalMove(self.model, getattr(obj, "id", None), old, new)

    def sources(self, new, among: Iterable[StrEnum] | None = None) -> tuple[StrEnum, ...]:
        """The statuses a bulk update may move to ``new`` from: all those the table
        allows, or only ``among`` (ValueError if the table forbids one of them)."""
        allowed = [old for old, targets in self.table.items()
                   if old is not None and new in targets]
        if among is None:
            return tuple(sorted(allowed))
        among = tuple(among)
        forbidden = [old for old in among if old not in allowed]
        if forbidden:
            raise ValueError(f"{self.model}: {', '.join(map(str, forbidden))} -> {new} "
                             "is not allowed")
        return among

    def moves(self) -> list[tuple[StrEnum | None, StrEnum]]:
        """Every allowed move, for tests and the docs."""
        return sorted(((old, new) for old, targets in self.table.items() for new in targets),
                      key=lambda move: (_text(move[0]), str(move[1])))


class StatusType(sa.types.TypeDecorator):
    """A status column: stored as its plain string, read back as its enum member."""

    impl = sa.String
    cache_ok = True

    def __init__(self, enum: type[StrEnum], length: int):
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value, dialect):
        return None if value is None else str(self.enum(value))

    def process_result_value(self, value, dialect):
        return None if value is None else self.enum(value)
