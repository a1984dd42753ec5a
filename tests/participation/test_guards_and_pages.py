"""The default workflow's gates read the activity (v2), the facilitator's dashboard shows
it, and the team sees one line per person."""

from datetime import timedelta

import pytest

from stedskaping.db import utcnow
from stedskaping.engine.machine import EngineError
from stedskaping.extensions import db
from stedskaping.participation.meetings import operations, registrations
from stedskaping.projects import process
from tests.fixtures.factories import complete_required_tasks, make_user
from tests.fixtures.participation import add_closed_vote, add_held_meeting, add_supporters


def _to_mobilisation(cast):
    project = cast["project"]
    assert project.workflow_version == 3  # new projects get the highest version
    complete_required_tasks(project, cast["initiator"])
    process.advance(project, "submit_for_review", cast["initiator"])
    process.advance(project, "approve_idea", cast["facilitator"])
    complete_required_tasks(project, cast["initiator"])
    return project


def _option(project, actor, trigger):
    return next(o for o in process.allowed_triggers(project, actor, "en")
                if o.trigger == trigger)


def test_participation_starts_only_with_20_confirmed_supporters(cast):
    project = _to_mobilisation(cast)
    add_supporters(project, 12)
    add_supporters(project, 5, confirmed=False)  # an unopened link does not count
    option = _option(project, cast["initiator"], "start_participation")
    assert not option.allowed
    assert "12 of 20 supporters (confirmed by e-mail)." in [str(r) for r in option.reasons]
    with pytest.raises(EngineError):
        process.advance(project, "start_participation", cast["initiator"])
    add_supporters(project, 8)
    assert _option(project, cast["initiator"], "start_participation").allowed
    assert process.advance(project, "start_participation", cast["initiator"]) == "participation"


def test_planning_starts_only_after_a_held_meeting_with_minutes(cast, clock):
    project = _to_mobilisation(cast)
    add_supporters(project, 20)
    process.advance(project, "start_participation", cast["initiator"])
    complete_required_tasks(project, cast["initiator"])
    option = _option(project, cast["initiator"], "start_planning")
    assert "0 of 1 open meetings held with minutes published." in [
        str(r) for r in option.reasons]
    add_held_meeting(project, minutes=None).minutes_published_dt = None  # no minutes
    db.session.flush()
    assert not _option(project, cast["initiator"], "start_planning").allowed
    add_held_meeting(project)
    reasons = [str(r) for r in _option(project, cast["initiator"], "start_planning").reasons]
    assert not [r for r in reasons if "meetings held" in r]  # the meeting is there
    add_closed_vote(project)  # and the concept vote, which the gate also reads
    assert process.advance(project, "start_planning", cast["initiator"]) == "planning"


def test_the_deliverables_ask_for_reflection_not_numbers(cast):
    workflow = process.workflow_for(cast["project"]).workflow
    fields = [f for stage in ("mobilisation", "participation")
              for task in workflow.stage(stage).tasks for f in task.fields]
    assert not [f.key for f in fields if f.type == "integer"]
    assert "reach" in {f.key for f in fields}


def test_the_dashboard_shows_supporters_and_attendance(login_as, cast, clock):
    project = cast["project"]
    add_supporters(project, 7)
    starts = utcnow() + timedelta(days=1)
    meeting = operations.plan_meeting(project, cast["initiator"], operations.MeetingPlan(
        title="Møte", starts_dt=starts, ends_dt=starts + timedelta(hours=1), place="Tunet"))
    rows = [registrations.register(meeting, make_user()) for _ in range(3)]
    clock.move_to(starts)
    registrations.record_attendance(meeting, {rows[0].id, rows[1].id}, walk_ins=5)
    operations.publish_minutes(meeting, cast["initiator"], "Referat")
    clock.move_to(starts + timedelta(hours=2))
    client = login_as(cast["facilitator"])
    page = client.get("/supervision/?lang=en").text
    assert "Supporters" in page and "Attendance" in page
    assert ">7<" in page.replace(" ", "") and "7 / 1" in page
    export = client.get("/supervision/export.csv?lang=en").text
    assert "Supporters" in export.splitlines()[0] and "7 / 1" in export


def test_the_participant_page_joins_one_person_across_the_project(login_as, cast):
    project = cast["project"]
    [supporter] = add_supporters(project, 1)
    supporter.wants_updates = False
    neighbour = make_user(email=supporter.email, name=supporter.name)
    starts = utcnow() + timedelta(days=3)
    meeting = operations.plan_meeting(project, cast["initiator"], operations.MeetingPlan(
        title="Verksted", starts_dt=starts, ends_dt=starts + timedelta(hours=1), place="Tunet"))
    registrations.register(meeting, neighbour)
    from stedskaping.participation.proposals import operations as proposals

    proposals.propose(project, neighbour, proposals.NewProposal("Benker", "Tre benker."))
    client = login_as(cast["member"])
    page = client.get(f"/projects/{project.id}/participants").text
    assert page.count(f"<td>{supporter.name}</td>") == 1
    assert "Supports the project" in page and "Registered for: Verksted" in page
    assert "Proposed: Benker" in page
    assert supporter.email not in page  # did not agree to be contacted
    for who in ("facilitator", "other_user"):
        assert login_as(cast[who]).get(f"/projects/{project.id}/participants").status_code \
            == 403
