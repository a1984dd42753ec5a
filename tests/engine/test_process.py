"""Every transition of the default workflow, with its guards and role checks."""

from datetime import date

import pytest

from stedskaping import plugins
from stedskaping.engine.machine import (
    CommentRequired,
    GuardsFailed,
    InvalidTrigger,
    NotPermitted,
)
from stedskaping.learning.demo import answer_first_round
from stedskaping.projects import process
from stedskaping.projects.models import StateTransition
from tests.fixtures.factories import (
    add_member,
    complete_required_tasks,
    make_cast,
    make_facilitator,
    make_municipality,
    make_project,
    make_user,
    walk_to_crowdfunding,
)
from tests.fixtures.participation import gather_for


@pytest.fixture
def cast(db):
    """A project and the people around it."""
    return make_cast(initiator=make_user(name="Ivar"))


@pytest.fixture
def campaign(monkeypatch):
    """Stands in for the funding domain's fact until crowdfunding exists."""
    reached = {"value": False}
    monkeypatch.setitem(plugins.current().facts, "campaign_minimum_reached",
                        lambda project: reached["value"])
    return reached


def _advance(cast, who, trigger, comment=None):
    return process.advance(cast["project"], trigger, cast[who], comment=comment)


def test_walk_through_every_stage_to_completed(cast, campaign, db):
    project = cast["project"]
    assert project.state == "idea"
    complete_required_tasks(project, cast["initiator"])
    assert _advance(cast, "initiator", "submit_for_review") == "review"
    assert _advance(cast, "facilitator", "return_idea", "Beskriv stedet bedre.") == "idea"
    assert _advance(cast, "member", "submit_for_review") == "review"
    assert _advance(cast, "facilitator", "approve_idea") == "mobilisation"
    complete_required_tasks(project, cast["initiator"])
    gather_for(project, "start_participation")  # 20 supporters
    assert _advance(cast, "initiator", "start_participation") == "participation"
    complete_required_tasks(project, cast["initiator"])
    gather_for(project, "start_planning")  # a held meeting with minutes
    assert _advance(cast, "initiator", "start_planning") == "planning"
    complete_required_tasks(project, cast["initiator"])
    gather_for(project, "approve_plan")  # a measure with its permit granted
    assert _advance(cast, "admin", "approve_plan") == "crowdfunding"
    assert _advance(cast, "facilitator", "campaign_failed") == "planning"
    assert _advance(cast, "facilitator", "approve_plan") == "crowdfunding"
    campaign["value"] = True
    assert process.advance(project, "campaign_succeeded", process.SYSTEM) == "realisation"
    complete_required_tasks(project, cast["initiator"])
    gather_for(project, "finish_camp")  # a keeper who confirmed
    assert _advance(cast, "initiator", "finish_camp") == "evaluation"
    complete_required_tasks(project, cast["initiator"])
    answer_first_round(project, cast, date.today())  # the team's and the facilitator's
    assert _advance(cast, "facilitator", "complete") == "completed"

    records = process.history(project)
    assert [(r.from_state, r.to_state) for r in records] == [
        ("idea", "review"), ("review", "idea"), ("idea", "review"), ("review", "mobilisation"),
        ("mobilisation", "participation"), ("participation", "planning"),
        ("planning", "crowdfunding"), ("crowdfunding", "planning"), ("planning", "crowdfunding"),
        ("crowdfunding", "realisation"), ("realisation", "evaluation"),
        ("evaluation", "completed"),
    ]
    assert records[1].comment == "Beskriv stedet bedre." and records[1].actor_role == "facilitator"
    assert records[9].actor_id is None and records[9].actor_role == "system"
    assert process.allowed_triggers(project, cast["admin"]) == []  # completed is final


def test_required_tasks_block_and_are_named(cast, db):
    with pytest.raises(GuardsFailed) as exc:
        _advance(cast, "initiator", "submit_for_review", )
    message = str(exc.value.reasons[0])
    # The open tasks are named in the message's language.
    assert "Describe the idea" in message and "The place and who owns it" in message
    assert "The first enthusiasts" not in message  # not required
    assert cast["project"].state == "idea"
    assert process.history(cast["project"]) == []


def test_roles_are_checked(cast, db):
    complete_required_tasks(cast["project"], cast["initiator"])
    for who in ("other_user", "facilitator", "other_facilitator"):
        with pytest.raises(NotPermitted, match="Only the initiator or a team member can do this"):
            _advance(cast, who, "submit_for_review")
    _advance(cast, "initiator", "submit_for_review")
    for who in ("initiator", "member", "other_facilitator", "other_user"):
        with pytest.raises(NotPermitted):
            _advance(cast, who, "approve_idea")
    with pytest.raises(NotPermitted):
        process.advance(cast["project"], "approve_idea", None)  # an anonymous visitor


def test_comment_required_to_return_a_gate(cast, db):
    complete_required_tasks(cast["project"], cast["initiator"])
    _advance(cast, "initiator", "submit_for_review")
    for comment in (None, "", "   "):
        with pytest.raises(CommentRequired):
            _advance(cast, "facilitator", "return_idea", comment)
    assert cast["project"].state == "review"


def test_trigger_not_possible_in_this_state(cast, db):
    with pytest.raises(InvalidTrigger):
        _advance(cast, "admin", "approve_plan")
    with pytest.raises(InvalidTrigger):
        _advance(cast, "admin", "no_such_trigger")


def test_team_formed_guard(db, campaign):
    initiator = make_user()
    municipality = make_municipality()
    project = make_project(initiator=initiator, municipality=municipality)
    facilitator = make_facilitator(municipality)
    complete_required_tasks(project, initiator)
    process.advance(project, "submit_for_review", initiator)
    process.advance(project, "approve_idea", facilitator)
    complete_required_tasks(project, initiator)
    gather_for(project, "start_participation")
    with pytest.raises(GuardsFailed, match=r"at least two people \(now 1\)"):
        process.advance(project, "start_participation", initiator)
    add_member(project)
    assert process.advance(project, "start_participation", initiator) == "participation"


def test_campaign_guards_choose_the_way(cast, campaign, db):
    project = cast["project"]
    walk_to_crowdfunding(project, cast["initiator"], cast["facilitator"])
    with pytest.raises(GuardsFailed, match="has not reached its minimum"):
        process.advance(project, "campaign_succeeded", process.SYSTEM)
    campaign["value"] = True
    with pytest.raises(GuardsFailed, match="has reached its minimum"):
        process.advance(project, "campaign_failed", process.SYSTEM)
    with pytest.raises(NotPermitted):  # the system may close campaigns, not approve plans
        process.advance(project, "pause", process.SYSTEM, comment="x")


def test_pause_and_resume_return_to_the_same_stage(cast, db):
    project = cast["project"]
    complete_required_tasks(project, cast["initiator"])
    _advance(cast, "initiator", "submit_for_review")
    _advance(cast, "facilitator", "approve_idea")
    with pytest.raises(NotPermitted):
        _advance(cast, "initiator", "pause", "vi trenger en pause")
    assert _advance(cast, "facilitator", "pause", "Gruppa trenger mer tid.") == "paused"
    assert project.paused_from == "mobilisation"
    assert _advance(cast, "facilitator", "resume") == "mobilisation"
    assert project.paused_from is None


def test_cancel_is_final(cast, db):
    assert _advance(cast, "initiator", "cancel", "Gruppa er oppløst.") == "cancelled"
    with pytest.raises(InvalidTrigger):
        _advance(cast, "admin", "resume")
    assert process.allowed_triggers(cast["project"], cast["admin"]) == []


def test_allowed_triggers_explain_why_not(cast, db):
    options = {o.trigger: o for o in process.allowed_triggers(cast["project"], cast["initiator"],
                                                              lang="en")}
    assert set(options) == {"submit_for_review", "pause", "cancel"}
    assert not options["submit_for_review"].allowed
    assert "Required tasks are still open: Describe the idea" in str(
        options["submit_for_review"].reasons[0])
    assert not options["pause"].allowed
    assert str(options["pause"].reasons[0]) == "Only the facilitator or an admin can do this."
    assert options["cancel"].allowed and options["cancel"].comment_required
    complete_required_tasks(cast["project"], cast["initiator"])
    options = {o.trigger: o for o in process.allowed_triggers(cast["project"], cast["initiator"])}
    assert options["submit_for_review"].allowed
    assert options["submit_for_review"].title == "Ask for review"  # the language of the moment


def test_state_changes_only_through_advance_and_each_is_recorded(cast, db):
    project = cast["project"]
    complete_required_tasks(project, cast["initiator"])
    process.advance(project, "submit_for_review", cast["initiator"])
    db.session.expire_all()
    assert project.state == "review" and project.state_version == 2
    [record] = db.session.query(StateTransition).all()
    assert (record.trigger, record.actor_id) == ("submit_for_review", cast["initiator"].id)
    assert project.window("review").entered_dt is not None


def test_stale_object_loses_to_a_newer_change(cast, db):
    """Compare-and-set: advancing from a state that has since changed is a conflict."""
    from stedskaping.engine.machine import Conflict

    project = cast["project"]
    complete_required_tasks(project, cast["initiator"])
    process.advance(project, "submit_for_review", cast["initiator"])
    # Someone else approved meanwhile; this copy still believes the project is in review.
    db.session.execute(db.update(type(project)).where(type(project).id == project.id).values(
        state="mobilisation", state_version=project.state_version + 1,
    ).execution_options(synchronize_session=False))
    with pytest.raises(Conflict):
        process.advance(project, "approve_idea", cast["facilitator"])
    assert len(process.history(project)) == 1
