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


def show_on_form(form, error: DomainError, default: str | None = None) -> int:
    """How every view shows a refusal on its form: each message on the field it names
    (``error.errors``, or ``error.field``, else ``default``), the rest above the form.
    Returns the HTTP status to answer with."""
    messages = error.errors or {error.field or default: error.message}
    for name, message in messages.items():
        field = form[name] if name and name in form else None
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)
    return error.status
