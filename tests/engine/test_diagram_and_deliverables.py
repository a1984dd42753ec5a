import pytest

from stedskaping.cli import workflow as workflow_cli
from stedskaping.engine import deliverables
from stedskaping.engine.spec import FieldSpec, TaskSpec, Text

T = Text({"nb": "x", "en": "x"})


def test_workflow_show_prints_a_mermaid_state_diagram(app):
    from click.testing import CliRunner
    from flask.cli import ScriptInfo

    result = CliRunner().invoke(workflow_cli, ["show", "stedskaping", "--lang", "en"],
                                obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "stateDiagram-v2"
    assert '    state "Review by the facilitator" as review' in lines
    assert "    [*] --> idea" in lines
    assert "    crowdfunding --> planning: The campaign did not reach its minimum" in lines
    assert "    paused --> mobilisation: Resume" in lines
    assert "    completed --> [*]" in lines and "    cancelled --> [*]" in lines
    compiled = app.extensions["stedskaping.workflows"].get("stedskaping")
    for state in compiled.workflow.states:
        assert any(line.endswith(f" as {state}") for line in lines)


def test_workflow_show_unknown_key(app):
    from click.testing import CliRunner
    from flask.cli import ScriptInfo

    result = CliRunner().invoke(workflow_cli, ["show", "nope"],
                                obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code != 0 and "'nope'" in result.output


def _task(*fields):
    return TaskSpec(key="t", title=T, guidance=T, required=True, due_days=0, fields=fields)


FIELDS = [
    (FieldSpec("a", "text", T, max_length=5, required=True), "abc", "abcdef", 12),
    (FieldSpec("a", "long_text", T, required=True), "Et lengre svar", "x" * 20001, 7),
    (FieldSpec("a", "integer", T, min=1, max=10, required=True), 10, 11, "ti"),
    (FieldSpec("a", "money", T, min=100, max=1000, required=True), 50000, 9999, 100001),
    (FieldSpec("a", "date", T, required=True), "2027-05-01", "01.05.2027", "2027-02-30"),
    (FieldSpec("a", "choice", T, choices=(("yes", T), ("no", T)), required=True), "no",
     "maybe", 1),
    (FieldSpec("a", "checkbox", T, required=True), True, "yes", 1),
    (FieldSpec("a", "file", T, accept=("pdf",), max_bytes=1000, required=True),
     {"stored": "s", "name": "a.pdf", "type": "pdf", "size": 999},
     {"stored": "s", "name": "a.exe", "type": "exe", "size": 10},
     {"stored": "s", "name": "a.pdf", "type": "pdf", "size": 1001}),
    (FieldSpec("a", "link", T, required=True), "https://example.no/x", "javascript:alert(1)",
     "ftp://example.no"),
]


@pytest.mark.parametrize(("spec", "good", "bad", "worse"), FIELDS,
                         ids=[f[0].type for f in FIELDS])
def test_every_field_type_is_checked(app, spec, good, bad, worse):
    task = _task(spec)
    with app.test_request_context("/?lang=en"):
        assert deliverables.validate(task, {"a": good}, complete=True) == ({"a": good}, {})
        for value in (bad, worse):
            clean, errors = deliverables.validate(task, {"a": value}, complete=False)
            assert clean == {} and "a" in errors
        # A draft may leave a required field empty; completing the task may not.
        assert deliverables.validate(task, {}, complete=False) == ({}, {})
        _, errors = deliverables.validate(task, {}, complete=True)
        assert str(errors["a"]) == "This is needed to mark the task as done."


def test_workflow_page_shows_stages_tasks_and_diagram(client):
    html = client.get("/workflows/stedskaping?lang=en").get_data(as_text=True)
    assert "<h1>Place-making 6 + 6</h1>" in html
    assert "Permits from the municipality and the landowner" in html
    assert "6 days" in html and "26 weeks" not in html and "6 weeks" in html
    assert "stateDiagram-v2" in html
    assert client.get("/workflows/nope").status_code == 404
    assert "Stedskaping 6 + 6" in client.get("/workflows/?lang=nb").get_data(as_text=True)
