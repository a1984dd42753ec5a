"""Checking a task's deliverable answers against the workflow's field specification.

Answers are plain JSON values: text for text, long_text and link; whole
numbers for integer and money (money in øre); ISO dates ("2027-05-01"); a
choice's key; true/false for a checkbox; and for a file a mapping with its
stored name, original name, type and size. A draft may leave required fields
empty; completing the task may not.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from stedskaping.dates import DATE_FORMAT_MESSAGE, parse_date
from stedskaping.engine.spec import FieldSpec, TaskSpec
from stedskaping.text import _l


def _empty(value) -> bool:
    return value is None or value == "" or value is False or value == {}


def _text(spec: FieldSpec, value):
    if not isinstance(value, str):
        return None, _l("Write text here.")
    value = value.strip()
    limit = spec.max_length or (20000 if spec.type == "long_text" else 500)
    if len(value) > limit:
        return None, _l("Use at most %(n)d characters.", n=limit)
    return value, None


def _number(spec: FieldSpec, value):
    if isinstance(value, bool) or not isinstance(value, int):
        return None, _l("Give a whole number.")
    # For money the limits in the workflow are whole kroner; the answer is in øre.
    scale = 100 if spec.type == "money" else 1
    if spec.min is not None and value < spec.min * scale:
        return None, _l("The smallest allowed value is %(n)s.", n=spec.min)
    if spec.max is not None and value > spec.max * scale:
        return None, _l("The largest allowed value is %(n)s.", n=spec.max)
    if spec.type == "money" and value < 0:
        return None, _l("An amount cannot be negative.")
    return value, None


def _date(spec: FieldSpec, value):
    if not isinstance(value, str):
        return None, DATE_FORMAT_MESSAGE
    try:
        return parse_date(value).isoformat(), None
    except ValueError as exc:
        return None, exc.args[0]


def _choice(spec: FieldSpec, value):
    if value not in {key for key, _label in spec.choices}:
        return None, _l("Pick one of the choices.")
    return value, None


def _checkbox(spec: FieldSpec, value):
    if not isinstance(value, bool):
        return None, _l("Tick the box or leave it empty.")
    return value, None


def _file(spec: FieldSpec, value):
    if not isinstance(value, dict) or not {"stored", "name", "type", "size"} <= set(value):
        return None, _l("Upload a file.")
    if value["type"] not in spec.accept:
        return None, _l("Upload a file of type %(types)s.", types=", ".join(spec.accept))
    if value["size"] > (spec.max_bytes or 0):
        return None, _l("The file is too large: at most %(mb)d MB.",
                        mb=(spec.max_bytes or 0) // (1024 * 1024))
    return value, None


def _link(spec: FieldSpec, value):
    if not isinstance(value, str):
        return None, _l("Give a web address starting with https://.")
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or len(value) > 2000:
        return None, _l("Give a web address starting with https://.")
    return value.strip(), None


CHECKS = {
    "text": _text, "long_text": _text, "integer": _number, "money": _number, "date": _date,
    "choice": _choice, "checkbox": _checkbox, "file": _file, "link": _link,
}


def validate(task: TaskSpec, answers: dict, *, complete: bool) -> tuple[dict, dict]:
    """Return (clean answers, errors by field key). Unknown keys are dropped."""
    clean, errors = {}, {}
    for spec in task.fields:
        value = answers.get(spec.key)
        if _empty(value):
            if complete and spec.required:
                errors[spec.key] = _l("This is needed to mark the task as done.")
            continue
        value, error = CHECKS[spec.type](spec, value)
        if error:
            errors[spec.key] = error
        elif value not in (None, ""):
            clean[spec.key] = value
    return clean, errors
