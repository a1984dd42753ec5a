"""Every kind of event the code writes into a project's log has a translated label (a raw
``campaign_opened`` once showed on the page)."""

import ast
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import render_template
from flask_babel import force_locale

import stedskaping

PACKAGE = Path(stedskaping.__file__).parent


def _constants(node) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant)
            and isinstance(n.value, str)}


def _kinds_in(tree: ast.AST) -> set[str]:
    """The ``kind`` of every ``events.record(project, actor, kind, ...)``: a literal, either
    branch of ``a if x else b``, or the literals a local name was given."""
    kinds = set()
    for function in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
        assigned = {}
        for node in ast.walk(function):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        assigned.setdefault(target.id, set()).update(_constants(node.value))
        for node in ast.walk(function):
            if (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "record"
                    and getattr(node.func.value, "id", None) == "events"):
                kind = node.args[2] if len(node.args) > 2 else next(
                    k.value for k in node.keywords if k.arg == "kind")
                kinds |= (assigned.get(kind.id, set()) if isinstance(kind, ast.Name)
                          else _constants(kind))
    return kinds


def written_kinds() -> set[str]:
    kinds = set()
    for path in PACKAGE.rglob("*.py"):
        if "migrations" not in path.parts:
            kinds |= _kinds_in(ast.parse(path.read_text(encoding="utf-8")))
    return kinds


def test_the_enumeration_finds_the_kinds():
    kinds = written_kinds()
    assert {"created", "task_done", "task_saved", "left", "removed", "campaign_opened",
            "campaign_ended", "transition", "camp_date_decided"} <= kinds


def _line(app, kind: str, lang: str) -> str:
    workflow = app.extensions["stedskaping.workflows"].get("stedskaping").workflow
    event = SimpleNamespace(kind=kind, actor=SimpleNamespace(name="Ivar"), stage_key="idea",
                            task_key="describe_idea", created_dt=datetime.now(UTC),
                            data={"name": "Mona", "email": "m@example.no", "reason": "Nok",
                                  "approved": True, "comment": "", "title": "Benker",
                                  "turnout": 3, "reports": 3, "justification": "Spam"})
    with app.test_request_context(), force_locale(lang):
        html = render_template("projects/_events.html", events=[event], workflow=workflow,
                               lang=lang)
    return " ".join(html.split("</time>", 1)[1].split("</li>", 1)[0].split())


@pytest.mark.parametrize("lang", ["nb", "nn", "sv", "fi"])
def test_every_event_kind_has_a_translated_label(app, db, lang):
    missing = []
    for kind in sorted(written_kinds()):
        shown, english = _line(app, kind, lang), _line(app, kind, "en")
        if kind in shown or shown == english or not shown:
            missing.append(f"{kind}: {shown!r}")
    assert missing == []


def test_a_kind_without_a_label_is_still_a_sentence_never_a_code(app, db):
    assert _line(app, "something_new", "nb") == "Ivar endret prosjektet."
    assert _line(app, "something_new", "en") == "Ivar changed the project."
