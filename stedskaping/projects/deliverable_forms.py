"""WTForms forms generated from a task's deliverable specification.

The form checks types and limits as the user types them in; whether required
fields are filled is the engine's rule (a draft may leave them empty), checked
by ``engine.deliverables.validate`` when the task is marked done.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields import URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, Length, NumberRange, Optional

from stedskaping.engine.spec import FieldSpec, TaskSpec
from stedskaping.fields import IntegerField, MoneyField, SaneDateField, format_kroner

VERSION_FIELD = "started_from_version"
REMOVE_SUFFIX = "__remove"


class DeliverableForm(FlaskForm):
    pass


def started_from(form: DeliverableForm) -> int | None:
    """The version of the answers the user started from (None if the form sent none)."""
    raw = (form[VERSION_FIELD].data or "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def remove_field(key: str) -> str:
    return key + REMOVE_SUFFIX


def _kwargs(spec: FieldSpec, lang: str) -> dict:
    help_text = spec.help.get(lang) if spec.help else ""
    label = spec.label.get(lang) + (" *" if spec.required else "")
    return {"label": label, "description": help_text, "render_kw": {}}


def _range(spec: FieldSpec, scale: int = 1):
    low = spec.min * scale if spec.min is not None else None
    high = spec.max * scale if spec.max is not None else None
    if low is None and high is None:
        return []
    return [NumberRange(low, high, _l("Use a value from %(low)s to %(high)s.",
                                      low=spec.min if spec.min is not None else "",
                                      high=spec.max if spec.max is not None else ""))]


def _make_field(spec: FieldSpec, lang: str):
    kw = _kwargs(spec, lang)
    if spec.type == "text":
        return StringField(validators=[Optional(), Length(max=spec.max_length or 500)], **kw)
    if spec.type == "long_text":
        return TextAreaField(validators=[Optional(), Length(max=spec.max_length or 20000)], **kw)
    if spec.type == "integer":
        return IntegerField(validators=[Optional(), *_range(spec)], **kw)
    if spec.type == "money":
        return MoneyField(validators=[Optional(), *_range(spec, 100)], **kw)
    if spec.type == "date":
        return SaneDateField(validators=[Optional()], **kw)
    if spec.type == "choice":
        choices = [SelectChoice("", _l("Choose…"))] + [
            SelectChoice(key, label.get(lang)) for key, label in spec.choices]
        return SelectField(choices=choices, validators=[Optional()], **kw)
    if spec.type == "checkbox":
        return BooleanField(**kw)
    if spec.type == "file":
        kw["render_kw"] = {**kw["render_kw"], "accept": ",".join(f".{a}" for a in spec.accept)}
        return FileField(**kw)
    if spec.type == "link":
        return URLField(validators=[Optional(), URL(message=_l(
            "Give a web address starting with https://."))], **kw)
    raise ValueError(spec.type)


def form_for(task: TaskSpec, lang: str, answers: dict, formdata=None, *,
             version: int = 1) -> DeliverableForm:
    """A form for ``task``, filled from the saved answers unless the request sends data.
    It carries the answers' ``version`` in a hidden field; a saved file gets a box to
    remove it."""

    class Form(DeliverableForm):
        pass

    for spec in task.fields:
        setattr(Form, spec.key, _make_field(spec, lang))
        if spec.type == "file" and answers.get(spec.key):
            setattr(Form, remove_field(spec.key), BooleanField(_l("Remove the saved file")))
    setattr(Form, VERSION_FIELD, HiddenField(default=str(version)))
    data = {}
    for spec in task.fields:
        value = answers.get(spec.key)
        if spec.type == "date" and value:
            value = date.fromisoformat(value)
        if spec.type == "money" and value is not None:
            value = int(value)
        if spec.type != "file":
            data[spec.key] = value
    form = Form(formdata=formdata, data=data) if formdata is not None else Form(data=data)
    return form


def answers_from(form: DeliverableForm, task: TaskSpec) -> dict:
    """The answers as the engine stores them (files are handled by the view)."""
    answers = {}
    for spec in task.fields:
        if spec.type == "file":
            continue
        value = form[spec.key].data
        if spec.type == "date" and value is not None:
            value = value.isoformat()
        answers[spec.key] = value
    return answers


__all__ = ["answers_from", "form_for", "format_kroner"]
