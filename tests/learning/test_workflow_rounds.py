"""The workflow's ``plan: evaluation_rounds``: read when given, a default when not, and
a bad list refused with its path."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from stedskaping import build_registry
from stedskaping.engine import definition
from stedskaping.engine.spec import EvaluationRoundSpec
from stedskaping.learning.evaluation import rounds

WORKFLOWS = Path(__file__).resolve().parents[2] / "stedskaping" / "workflows"
DEFAULT = yaml.safe_load((WORKFLOWS / "stedskaping.yaml").read_text())


def _load(tmp_path, rounds_value):
    data = copy.deepcopy(DEFAULT)
    data["plan"]["evaluation_rounds"] = rounds_value
    path = tmp_path / "with-rounds.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return definition.load_file(path, build_registry().guards)


def test_the_rounds_are_read_from_the_plan(tmp_path):
    workflow = _load(tmp_path, [{"at": "evaluation"}, {"months": 6}])
    assert workflow.evaluation_rounds == (EvaluationRoundSpec(at="evaluation"),
                                          EvaluationRoundSpec(months=6))
    assert rounds.specs(workflow) == workflow.evaluation_rounds


def test_the_default_workflow_names_its_rounds():
    workflow = definition.load_file(WORKFLOWS / "stedskaping.yaml", build_registry().guards)
    assert workflow.evaluation_rounds == (EvaluationRoundSpec(at="evaluation"),
                                          EvaluationRoundSpec(months=3),
                                          EvaluationRoundSpec(months=12))
    complete = next(t for t in workflow.transitions if t.trigger == "complete")
    assert "evaluation_answered" in complete.conditions


def test_without_the_key_the_default_rounds(tmp_path):
    data = copy.deepcopy(DEFAULT)
    del data["plan"]["evaluation_rounds"]
    path = tmp_path / "without-rounds.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    workflow = definition.load_file(path, build_registry().guards)
    assert workflow.evaluation_rounds == ()
    assert rounds.specs(workflow) == (EvaluationRoundSpec(at="evaluation"),
                                      EvaluationRoundSpec(months=3),
                                      EvaluationRoundSpec(months=12))


@pytest.mark.parametrize(("value", "message"), [
    ([{"at": "nowhere"}], "plan.evaluation_rounds[0].at: 'nowhere' is not a stage"),
    ([{"months": 0}], "plan.evaluation_rounds[0].months: must be a whole number from 1 to 60"),
    ([{"months": 3, "at": "evaluation"}], "give either at: <stage> or months: <number>"),
    ([{"weeks": 3}], "plan.evaluation_rounds[0].weeks"),
    ("monthly", "plan.evaluation_rounds: must be a list"),
])
def test_a_bad_list_is_refused_with_its_path(tmp_path, value, message):
    with pytest.raises(definition.WorkflowInvalid) as exc:
        _load(tmp_path, value)
    assert any(message in str(e) for e in exc.value.errors), exc.value.errors


def test_months_are_added_to_the_last_day_of_the_camp():
    from datetime import date

    assert rounds.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert rounds.add_months(date(2026, 8, 25), 12) == date(2027, 8, 25)


def test_the_evaluation_stage_gate_may_name_the_guard(tmp_path):
    """What the lead adds to the default workflow's version 3 at the merge loads."""
    data = copy.deepcopy(DEFAULT)
    data["plan"]["evaluation_rounds"] = [{"at": "evaluation"}, {"months": 3}, {"months": 12}]
    complete = next(t for t in data["transitions"] if t["trigger"] == "complete")
    complete["conditions"] = ["required_tasks_done", "evaluation_answered"]
    path = tmp_path / "v3-like.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    workflow = definition.load_file(path, build_registry().guards)
    gate = next(t for t in workflow.transitions if t.trigger == "complete")
    assert "evaluation_answered" in str(gate.conditions)
