"""Guards that take a value from the workflow: `conditions: [{supporters_at_least: 20}]`."""

import copy
from pathlib import Path

import pytest
import yaml

from stedskaping.engine.guards import Guard, at_least, count_or_all, yes_or_no
from stedskaping.engine.machine import CompiledWorkflow, GuardsFailed, Token
from stedskaping.engine.spec import WorkflowInvalid
from stedskaping.engine.validation import Validator

GUARDS = {
    "supporters_at_least": Guard(
        "supporters_at_least",
        check=lambda facts, n: facts.get("supporters") >= n,
        why_not=lambda facts, n: f"{facts.get('supporters')} of {n} supporters",
        why_blocked=lambda facts, n: f"at least {n} supporters",
        param=at_least),
    "vote_closed": Guard(
        "vote_closed", check=lambda facts, want: facts.get("vote_closed") is want,
        why_not=lambda facts, want: "the vote is not closed", why_blocked=lambda f, w: "",
        param=yes_or_no),
    "plain": Guard("plain", check=lambda facts: True, why_not=lambda f: "",
                   why_blocked=lambda f: ""),
}


SMALL = yaml.safe_load((Path(__file__).resolve().parents[2] / "stedskaping" / "workflows"
                        / "smaaprosjekt.yaml").read_text())


class Facts(dict):
    pass


def _workflow(conditions):
    data = copy.deepcopy(SMALL)
    for transition in data["transitions"]:
        transition.pop("conditions", None)
        transition.pop("unless", None)
    data["transitions"][0]["conditions"] = conditions
    return Validator("demo.yaml", GUARDS).build(data, "digest")


def _first(compiled):
    spec = compiled.workflow.transitions[0]
    return spec.trigger, Token(spec.sources[0])


def _errors(conditions) -> list[str]:
    with pytest.raises(WorkflowInvalid) as exc:
        _workflow(conditions)
    return [str(e) for e in exc.value.errors]


def test_a_guard_reads_its_value_and_says_what_is_missing():
    compiled = CompiledWorkflow(_workflow([{"supporters_at_least": 20}, "plain"]), GUARDS)
    trigger, token = _first(compiled)
    roles = set(compiled.workflow.transitions[0].roles)
    with pytest.raises(GuardsFailed) as exc:
        compiled.fire(token, trigger, roles=roles, facts=Facts(supporters=12))
    assert [str(r) for r in exc.value.reasons] == ["12 of 20 supporters"]
    [option] = [o for o in compiled.options(token, roles=roles, facts=Facts(supporters=12),
                                            lang="en") if o.trigger == trigger]
    assert not option.allowed and [str(r) for r in option.reasons] == ["12 of 20 supporters"]
    assert compiled.fire(token, trigger, roles=roles, facts=Facts(supporters=20)) \
        == compiled.workflow.transitions[0].dest


def test_values_are_checked_when_the_workflow_loads():
    assert "demo.yaml: transitions[0].conditions[0]: supporters_at_least: must be a whole " \
           "number, 0 or more" in _errors([{"supporters_at_least": "many"}])
    assert "demo.yaml: transitions[0].conditions[0]: supporters_at_least: must be a whole " \
           "number, 0 or more" in _errors([{"supporters_at_least": -1}])
    assert "demo.yaml: transitions[0].conditions[0]: guard 'supporters_at_least' needs a " \
           "value: {supporters_at_least: ...}" in _errors(["supporters_at_least"])
    assert "demo.yaml: transitions[0].conditions[0]: guard 'plain' takes no value" \
           in _errors([{"plain": 3}])
    assert "demo.yaml: transitions[0].conditions[0]: vote_closed: must be true or false" \
           in _errors([{"vote_closed": "yes"}])
    assert any("must be a guard's name or {name: value}" in e
               for e in _errors([{"supporters_at_least": 1, "plain": None}]))


def test_parsers():
    assert count_or_all("all") == "all" and count_or_all(3) == 3
    for bad in (True, 2.5, "3", None):
        with pytest.raises(ValueError):
            at_least(bad)
    assert yes_or_no(False) is False
