"""Broken workflow files are refused with messages that name the place."""

import copy
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from flask.cli import ScriptInfo

from stedskaping import build_registry, create_app
from stedskaping.cli import workflow as workflow_cli
from stedskaping.engine import definition
from tests.conftest import TEST_CONFIG

WORKFLOWS = Path(__file__).resolve().parents[2] / "stedskaping" / "workflows"
SMALL = yaml.safe_load((WORKFLOWS / "smaaprosjekt.yaml").read_text())


def _errors(tmp_path, data=None, text=None) -> list[str]:
    path = tmp_path / "broken.yaml"
    if text is None:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text)
    with pytest.raises(definition.WorkflowInvalid) as exc:
        definition.load_file(path, build_registry().guards)
    return [str(e) for e in exc.value.errors]


def _broken(change) -> dict:
    data = copy.deepcopy(SMALL)
    change(data)
    return data


def test_both_shipped_workflows_are_valid():
    loaded = definition.load_folder(WORKFLOWS, build_registry().guards)
    # The older versions stay (frozen) for the projects that started on them.
    assert {(w.key, w.version) for w in loaded} == {("stedskaping", 1), ("smaaprosjekt", 1),
                                                    ("stedskaping", 2), ("smaaprosjekt", 2),
                                                    ("stedskaping", 3)}


def test_unknown_field_type_names_its_path(tmp_path):
    data = _broken(lambda d: d["stages"]["planning"]["tasks"][2]["fields"][0].update(
        type="colour"))
    assert any(e.startswith("broken.yaml: stages.planning.tasks[2].fields[0].type: unknown "
                            "field type 'colour'") for e in _errors(tmp_path, data))


def test_unknown_guard(tmp_path):
    data = _broken(lambda d: d["transitions"][0].update(conditions=["moon_is_full"]))
    # The known guards are named, whatever the domains add to them.
    [error] = [e for e in _errors(tmp_path, data) if "moon_is_full" in e]
    assert error.startswith("broken.yaml: transitions[0].conditions[0]: unknown guard "
                            "'moon_is_full' (known: ")
    assert all(name in error for name in ("minimum_reached", "required_tasks_done",
                                          "team_formed", "supporters_at_least"))


def test_unknown_states(tmp_path):
    def change(d):
        d["transitions"][0]["to"] = "heaven"
        d["transitions"][1]["from"] = "limbo"
    errors = _errors(tmp_path, _broken(change))
    assert "broken.yaml: transitions[0].to: unknown state 'heaven'" in errors
    assert "broken.yaml: transitions[1].from: unknown state 'limbo'" in errors


def test_unreachable_stage_and_stage_that_cannot_be_left(tmp_path):
    def change(d):
        d["transitions"] = [t for t in d["transitions"]
                            if t["trigger"] not in ("approve_idea", "start_building")]
    errors = _errors(tmp_path, _broken(change))
    assert "broken.yaml: stages.planning: cannot be reached from the first stage 'idea'" in errors
    assert any("stages.realisation: cannot be reached" in e for e in errors)


def test_stage_that_cannot_be_left(tmp_path):
    def change(d):
        d["transitions"] = [t for t in d["transitions"] if t["trigger"] != "complete"]
        for t in d["transitions"]:
            if t["trigger"] in ("pause", "cancel"):
                t["from"] = ["idea", "review", "planning"] + (
                    ["paused"] if t["trigger"] == "cancel" else [])
    errors = _errors(tmp_path, _broken(change))
    assert ("broken.yaml: stages.realisation: cannot be left: no transition starts here, and it "
            "is not final") in errors


def test_duplicate_keys(tmp_path):
    def change(d):
        d["stages"]["planning"]["tasks"][1]["key"] = "neighbours"
        d["transitions"].append(dict(d["transitions"][0]))
    errors = _errors(tmp_path, _broken(change))
    assert ("broken.yaml: stages.planning.tasks[1].key: duplicate task key 'neighbours' in this "
            "stage") in errors
    assert "broken.yaml: transitions[8].trigger: duplicate transition 'submit_for_review' from " \
        "'idea'" in errors


def test_duplicate_yaml_mapping_key_is_refused(tmp_path):
    again = "  idea:\n    title: {nb: x, en: x}\n    duration: {weeks: 1}\n"
    text = (WORKFLOWS / "smaaprosjekt.yaml").read_text().replace(
        "  review:\n", again + "  review:\n", 1)
    [error] = _errors(tmp_path, text=text)
    assert error.startswith("broken.yaml: line ") and "duplicate key 'idea'" in error


def test_missing_text_for_a_language(tmp_path):
    data = _broken(lambda d: d["stages"]["idea"]["tasks"][0]["guidance"].pop("en"))
    assert "broken.yaml: stages.idea.tasks[0].guidance.en: missing text for this language" in \
        _errors(tmp_path, data)


def test_durations_that_do_not_fit_the_horizon(tmp_path):
    data = _broken(lambda d: d["stages"]["planning"].update(duration={"weeks": 20}))
    assert ("broken.yaml: plan.horizon: the stages before 'realisation' last 161 days, more than "
            "the planning horizon of 91 days") in _errors(tmp_path, data)


def test_due_offset_outside_its_stage(tmp_path):
    data = _broken(lambda d: d["stages"]["idea"]["tasks"][0].update(due={"weeks": 3}))
    assert ("broken.yaml: stages.idea.tasks[0].due: 21 days is outside the stage, which lasts 14 "
            "days") in _errors(tmp_path, data)


def test_unknown_role_and_unknown_setting(tmp_path):
    def change(d):
        d["transitions"][0]["roles"] = ["mayor"]
        d["stages"]["idea"]["colour"] = "green"
    errors = _errors(tmp_path, _broken(change))
    assert any(e.startswith("broken.yaml: transitions[0].roles: unknown role 'mayor'")
               for e in errors)
    assert any(e.startswith("broken.yaml: stages.idea.colour: unknown setting") for e in errors)


def test_invalid_yaml(tmp_path):
    [error] = _errors(tmp_path, text="key: x\nstages: [unclosed\n")
    assert error.startswith("broken.yaml: line ") and "not valid YAML" in error


def _broken_folder(tmp_path) -> Path:
    folder = tmp_path / "workflows"
    folder.mkdir()
    shutil.copy(WORKFLOWS / "stedskaping.yaml", folder)
    data = _broken(lambda d: d["stages"]["planning"]["tasks"][2]["fields"][0].update(type="x"))
    (folder / "small.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return folder


def test_workflow_check_prints_every_error_and_fails(tmp_path, app):
    folder = _broken_folder(tmp_path)
    result = CliRunner().invoke(workflow_cli, ["check", "--folder", str(folder)],
                                obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code != 0
    assert "small.yaml: stages.planning.tasks[2].fields[0].type: unknown field type 'x'" in \
        result.output
    assert "1 problem(s) found" in result.output


def test_workflow_check_passes_on_the_shipped_workflows(app):
    result = CliRunner().invoke(workflow_cli, ["check"], obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 0, result.output
    assert "ok  stedskaping.yaml: stedskaping v3" in result.output
    assert "ok  stedskaping-v1.yaml: stedskaping v1" in result.output


def test_app_refuses_to_start_with_a_broken_workflow(tmp_path):
    folder = _broken_folder(tmp_path)
    with pytest.raises(definition.WorkflowInvalid, match=r"small\.yaml: stages\.planning"):
        create_app({**TEST_CONFIG, "WORKFLOW_FOLDER": str(folder)})
    result = CliRunner().invoke(workflow_cli, ["check"], obj=ScriptInfo(
        create_app=lambda: create_app({**TEST_CONFIG, "WORKFLOW_FOLDER": str(folder)})))
    assert result.exit_code != 0
    assert "small.yaml: stages.planning.tasks[2].fields[0].type" in result.output


def test_roles_must_point_at_what_the_workflow_has(tmp_path):
    data = _broken(lambda d: d.update(roles={"crowdfunding": "fundraising",
                                             "campaign_failed": "nope", "colour": "red"}))
    errors = _errors(tmp_path, data)
    assert "broken.yaml: roles.crowdfunding: 'fundraising' is not a stage of this workflow" \
        in errors
    assert "broken.yaml: roles.campaign_failed: 'nope' is not a trigger of this workflow" \
        in errors
    assert any(e.startswith("broken.yaml: roles.colour: unknown setting") for e in errors)


def test_naming_roles_does_not_change_a_version_s_digest(tmp_path):
    plain = tmp_path / "plain.yaml"
    named = tmp_path / "named.yaml"
    plain.write_text(yaml.safe_dump(SMALL, allow_unicode=True, sort_keys=False))
    named.write_text(yaml.safe_dump({**SMALL, "roles": {"camp_day_plan": "describe_idea"}},
                                    allow_unicode=True, sort_keys=False))
    guards = build_registry().guards
    first, second = definition.load_file(plain, guards), definition.load_file(named, guards)
    assert first.digest == second.digest
    assert (first.role("camp_day_plan"), second.role("camp_day_plan")) == (None,
                                                                           "describe_idea")


def test_the_default_workflow_names_what_the_code_needs():
    default = max((w for w in definition.load_folder(WORKFLOWS, build_registry().guards)
                   if w.key == "stedskaping"), key=lambda w: w.version)  # what new projects get
    assert default.role("crowdfunding") == "crowdfunding"
    assert default.role("campaign_succeeded") == "campaign_succeeded"
    assert default.role("camp_day_plan") == "camp_day_plan"
