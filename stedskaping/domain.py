"""The error every operation raises when it refuses: views turn it into a message."""

from __future__ import annotations


class DomainError(Exception):
    """A refused change. ``message`` is for the page (often a lazy translation),
    ``field`` names the form field it concerns, ``errors`` holds one message per
    field, and ``status`` is the HTTP status a view answers with."""

    status = 400

    def __init__(self, message, field: str | None = None, status: int | None = None,
                 errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors = errors or {}
        if status is not None:
            self.status = status
