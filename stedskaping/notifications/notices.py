"""A notice's texts, rendered when it is read, in the reader's language of that moment.

A notice is stored as its kind, the name of one of the kind's notices and the
parameters (a JSON object), never as rendered text: whoever switches language
afterwards reads it, on the page and in the digest, in the new language. The
texts are msgids the domain declared once, with its kind
(``registry.notification_kind(key, label, notices={name: Notice(title, body)})``).

Parameters are plain JSON values, plus a few that are rendered per reader:

- a workflow text (``engine.spec.Text``) is stored in all its languages and shown in
  the reader's (else the workflow's first);
- a ``date`` is shown in the reader's date style (``formats.date_text``), a
  ``datetime`` as a time people go to (``formats.moment_text``);
- ``formats.Money(øre)`` is shown as money in the reader's style.

Notices made before this existed have no ``message``: their stored title and body are
shown as they were written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from flask_babel import force_locale, gettext, ngettext

from stedskaping import formats, plugins
from stedskaping.engine.spec import Text

_TEXT, _DATE, _MONEY, _MOMENT = "$text", "$date", "$money", "$moment"


def encode(params: dict) -> dict:
    """``params`` as JSON for the database; refuses what cannot be rendered later (a lazy
    string already bound to no language, an object)."""
    return {name: _encode(name, value) for name, value in params.items()}


def _encode(name: str, value):
    if isinstance(value, Text):
        return {_TEXT: dict(value.values)}
    if isinstance(value, formats.Money):
        return {_MONEY: value.amount}
    if isinstance(value, datetime):
        return {_MOMENT: value.isoformat()}
    if isinstance(value, date):
        return {_DATE: value.isoformat()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"notice parameter {name!r}: {type(value).__name__} is not storable; "
                    "give a str, a number, a date, formats.Money or a workflow Text")


def _decode(value, lang: str):
    if isinstance(value, dict):
        if _TEXT in value:
            return Text(value[_TEXT]).get(lang)
        if _DATE in value:
            return formats.date_text(date.fromisoformat(value[_DATE]), "long")
        if _MONEY in value:
            return formats.money(value[_MONEY])
        if _MOMENT in value:
            return formats.moment_text(datetime.fromisoformat(value[_MOMENT]))
    return value


@dataclass(frozen=True)
class Shown:
    """A notice as one reader sees it (what pages and mails print)."""

    id: int | None
    kind: str
    title: str
    body: str
    link: str | None
    created_dt: datetime | None
    read_dt: datetime | None


def _message(text, params: dict) -> str:
    if text is None:
        return ""
    if isinstance(text, tuple):  # text.Plural: singular, plural, chosen by ``num``
        rest = {k: v for k, v in params.items() if k != "num"}
        return ngettext(text[0], text[1], params.get("num", 1), **rest)
    return gettext(text, **params)


def render(notification, lang: str | None = None) -> Shown:
    """The notice's title and body in ``lang`` (default: the language of the moment)."""
    if lang is None:
        return _render(notification, formats.current_language())
    with force_locale(lang):
        return _render(notification, lang)


def _render(notification, lang: str) -> Shown:
    title, body = notification.title or "", notification.body or ""
    spec = _spec(notification.kind, getattr(notification, "message", None))
    if spec is not None:
        params = {k: _decode(v, lang) for k, v in (notification.params or {}).items()}
        try:
            title = _message(spec.title, params)
            body = (str(params.get(spec.body_param) or "") if spec.body_param
                    else _message(spec.body, params))
        except (KeyError, TypeError, ValueError):
            # A text changed since the notice was made and wants other parameters.
            current_app.logger.warning("notice %s: texts and parameters differ",
                                       getattr(notification, "id", None))
    return Shown(getattr(notification, "id", None), notification.kind, title, body,
                 notification.link, getattr(notification, "created_dt", None),
                 getattr(notification, "read_dt", None))


def _spec(kind: str, message: str | None) -> plugins.Notice | None:
    if not message:
        return None
    found = plugins.current().notification_kinds.get(kind)
    return found.notices.get(message) if found else None


def check(kind: str, message: str) -> None:
    """Refuse a notice the kind does not declare (a typo would otherwise show nothing)."""
    found = plugins.current().notification_kinds.get(kind)
    if found is None or message not in found.notices:
        raise LookupError(f"notification kind {kind!r} declares no notice {message!r}")
