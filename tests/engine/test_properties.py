"""Any sequence of triggers leaves a project in a state of its workflow, with every
change in the history."""

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stedskaping import plugins
from stedskaping.engine.machine import EngineError, Token
from stedskaping.projects import process
from tests.fixtures.factories import (
    add_member,
    complete_required_tasks,
    make_facilitator,
    make_municipality,
    make_project,
    make_user,
)

ACTORS = ("initiator", "member", "facilitator", "admin", "stranger", "system")


@pytest.fixture
def cast(db, monkeypatch):
    monkeypatch.setitem(plugins.current().facts, "campaign_minimum_reached",
                        lambda project: project.id % 2 == 0)
    municipality = make_municipality()
    initiator = make_user()
    return {
        "municipality": municipality, "initiator": initiator,
        "facilitator": make_facilitator(municipality), "admin": make_user(is_admin=True),
        "stranger": make_user(), "system": process.SYSTEM,
    }


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(
    st.sampled_from(["submit_for_review", "approve_idea", "return_idea", "start_participation",
                     "start_planning", "approve_plan", "campaign_succeeded", "campaign_failed",
                     "finish_camp", "complete", "pause", "resume", "cancel", "nonsense"]),
    st.sampled_from(ACTORS),
    st.booleans(),  # finish the stage's required tasks first
    st.sampled_from([None, "Fordi."]),
), max_size=25))
def test_random_trigger_sequences(cast, db, steps):
    savepoint = db.session.begin_nested()
    try:
        project = make_project(municipality=cast["municipality"], initiator=cast["initiator"])
        people = {**cast, "member": add_member(project)}
        compiled = process.workflow_for(project)
        states = set(compiled.workflow.states)
        changes = []
        for trigger, who, finish_tasks, comment in steps:
            if finish_tasks and compiled.workflow.stage(project.state):
                complete_required_tasks(project, cast["initiator"])
            before = project.state
            try:
                after = process.advance(project, trigger, people[who], comment=comment)
            except EngineError:
                assert project.state == before
            else:
                changes.append((before, after, trigger))
            assert project.state in states
        history = process.history(project)
        assert [(r.from_state, r.to_state, r.trigger) for r in history] == changes
        for earlier, later in zip(history, history[1:], strict=False):
            assert earlier.to_state == later.from_state
        assert project.state_version == 1 + len(changes)
    finally:
        savepoint.rollback()


class _Facts:
    def __init__(self, open_tasks, members, reached):
        # The participation facts follow the campaign's coin: all there, or none yet.
        self._values = {"open_required_tasks": open_tasks, "member_count": members,
                        "campaign_minimum_reached": reached,
                        "supporter_count": 20 if reached else 3,
                        "meetings_held": 1 if reached else 0}

    def get(self, name):
        return self._values[name]


@settings(max_examples=200, deadline=None)
@given(steps=st.lists(st.tuples(
    st.sampled_from(["submit_for_review", "approve_idea", "return_idea", "start_participation",
                     "start_planning", "approve_plan", "campaign_succeeded", "campaign_failed",
                     "finish_camp", "complete", "pause", "resume", "cancel"]),
    st.sets(st.sampled_from(["initiator", "team_member", "facilitator", "admin", "system"])),
    st.booleans(), st.integers(1, 3), st.booleans(),
), max_size=40))
def test_machine_alone_never_leaves_the_workflow(app, steps):
    compiled = app.extensions["stedskaping.workflows"].get("stedskaping")
    token = Token(compiled.workflow.initial)
    for trigger, roles, tasks_open, members, reached in steps:
        facts = _Facts(["x"] if tasks_open else [], members, reached)
        with contextlib.suppress(EngineError):
            compiled.fire(token, trigger, roles=roles, facts=facts, comment="ok")
        assert token.state in compiled.workflow.states
        if token.state == "paused":
            assert compiled.workflow.stage(token.paused_from)
    assert len(compiled.machine.models) == 0
