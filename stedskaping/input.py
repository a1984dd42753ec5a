"""Bad input stopped at the door, before any view runs (docs/foundation.md, "Bad input").

- Ids in addresses must fit the database's integer column (PostgreSQL ``integer``
  is 32 bits): a larger number is no page of ours, so the answer is 404.
- No text anywhere may hold a NUL byte: PostgreSQL refuses it in text columns, and
  no form has a use for it. Query parameters are single lines (some end up in
  redirects or headers), so CR and LF there are refused too. Both answer 400 with
  a message, before anything is read or changed.
- A view marked ``nul_on_the_form`` whose form is a ``NulCheckedForm`` answers a NUL
  byte in a form value itself: the form again, with the message on that field,
  status 400, nothing saved (the byte is shown as U+FFFD, so people see where it was).
"""

from __future__ import annotations

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.routing import IntegerConverter

from stedskaping.fields import INTEGER_MAX

NUL_MESSAGE = _l("What was sent contains a NUL character, which no text here may hold. "
                 "Remove it and try again.")
NUL_FIELD_MESSAGE = _l("This contains a NUL character (shown as �), which no text here may "
                       "hold. Remove it and try again.")
LINE_BREAK_MESSAGE = _l("A line break is not allowed in the address's parameters. "
                        "Go back and try again.")


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: up to INTEGER_MAX, so a look-up never overflows."""

    def __init__(self, map, fixed_digits=0, min=None, max=INTEGER_MAX, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _has(values, characters: str) -> bool:
    return any(c in text for text in values for c in characters)


def nul_on_the_form(view):
    """Mark a view (under its route decorator) whose ``NulCheckedForm`` shows a NUL byte
    in a form value on its field; the request guard then leaves form values to it."""
    view.shows_nul_on_form = True
    return view


class NulCheckedForm(FlaskForm):
    """A form that refuses a NUL byte in a value with a message on that field (only
    that message: what the other checks would say about the text is beside the point)."""

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        with_nul = [f for f in self if _has([v for v in f.raw_data or [] if isinstance(v, str)],
                                            "\x00")]
        for field in with_nul:
            field.errors = [NUL_FIELD_MESSAGE]
            field.raw_data = [v.replace("\x00", "\ufffd") if isinstance(v, str) else v
                              for v in field.raw_data]
            if isinstance(field.data, str):
                field.data = field.data.replace("\x00", "\ufffd")
        return valid and not with_nul


def _form_values_checked_by_view() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "shows_nul_on_form", False)


def bad_input_message():
    """The message for a request whose text can not be taken, or None."""
    args = [*request.args.keys(), *request.args.values()]
    if _has(args, "\x00") or "\x00" in request.path:
        return NUL_MESSAGE
    if _has(args, "\r\n"):
        return LINE_BREAK_MESSAGE
    if request.method in ("POST", "PUT", "PATCH"):
        values = [] if _form_values_checked_by_view() else request.form.values()
        form = [*request.form.keys(), *values]
        names = [f.filename or "" for f in request.files.values()]
        if _has([*form, *request.files.keys(), *names], "\x00"):
            return NUL_MESSAGE
    return None


def refuse_bad_input():
    """Before every view: 400 with a message for NUL bytes and CR/LF in parameters."""
    from stedskaping.errors import render_error

    message = bad_input_message()
    if message is not None:
        return render_error(400, message)
    return None


def init_app(app) -> None:
    # Before the blueprints: each rule looks its converters up when it is added.
    app.url_map.converters["int"] = IdConverter
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_bad_input)
