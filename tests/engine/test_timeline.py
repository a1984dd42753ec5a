"""The plan: forward from a start date, backward from a camp date, and re-planned."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from stedskaping.engine import timeline
from stedskaping.engine.machine import Workflows
from stedskaping.projects import planning, process
from stedskaping.projects.models import Replan, TaskProgress
from tests.conftest import TODAY
from tests.fixtures.factories import complete_required_tasks, make_project, make_user


@pytest.fixture
def workflow(app):
    return app.extensions["stedskaping.workflows"].get("stedskaping").workflow


def _windows(project):
    return {w.stage_key: (w.starts_on, w.ends_on) for w in project.windows}


def test_forward_plan_is_six_months_then_six_days(db, workflow):
    project = make_project(start_on=date(2027, 1, 4))
    windows = _windows(project)
    assert windows["idea"] == (date(2027, 1, 4), date(2027, 1, 17))
    assert windows["review"] == (date(2027, 1, 18), date(2027, 1, 24))
    assert windows["crowdfunding"][1] == date(2027, 7, 4)
    assert windows["realisation"] == (date(2027, 7, 5), date(2027, 7, 10))  # six days
    assert (windows["realisation"][0] - windows["idea"][0]).days == 26 * 7
    assert windows["evaluation"] == (date(2027, 7, 11), date(2027, 7, 31))
    assert "completed" not in windows
    assert project.camp_on == date(2027, 7, 5)


def test_backward_plan_from_a_target_camp_date(db):
    project = make_project(start_on=None, camp_on=date(2027, 8, 16))
    windows = _windows(project)
    assert windows["realisation"] == (date(2027, 8, 16), date(2027, 8, 21))
    assert windows["idea"][0] == date(2027, 8, 16) - timedelta(weeks=26)
    assert project.start_on == windows["idea"][0]


def test_task_due_dates_follow_their_stage(db, workflow):
    project = make_project(start_on=date(2027, 1, 4))
    due = dict(db.session.execute(sa.select(TaskProgress.task_key, TaskProgress.due_on).where(
        TaskProgress.project_id == project.id)).all())
    assert due["describe_idea"] == date(2027, 1, 11)  # 7 days into the idea stage
    assert due["safety"] == date(2027, 7, 5)  # on the first camp day
    assert due["celebration"] == date(2027, 7, 10)  # never after the stage's last day
    assert len(due) == sum(len(s.tasks) for s in workflow.stages)


def test_the_short_workflow_is_three_months_and_two_days(db):
    project = make_project(workflow_key="smaaprosjekt", start_on=date(2027, 3, 1))
    windows = _windows(project)
    assert windows["realisation"] == (date(2027, 5, 31), date(2027, 6, 1))
    assert (windows["realisation"][0] - windows["idea"][0]).days == 13 * 7


def test_new_camp_date_shifts_later_windows_and_due_dates(db, workflow):
    project = make_project(start_on=date(2027, 1, 4))
    initiator = project.members[0].user
    complete_required_tasks(project, initiator)
    process.advance(project, "submit_for_review", initiator)
    process.advance(project, "approve_idea", make_user(is_admin=True))
    before = _windows(project)
    record = planning.replan(project, workflow, initiator, "Tillatelsene tar lengre tid.",
                             camp_on=date(2027, 8, 16))
    after = _windows(project)
    shift = (date(2027, 8, 16) - date(2027, 7, 5)).days
    assert after["idea"] == before["idea"] and after["review"] == before["review"]
    assert after["mobilisation"] == (before["mobilisation"][0],
                                     before["mobilisation"][1] + timedelta(days=shift))
    for stage in ("participation", "planning", "crowdfunding", "realisation", "evaluation"):
        assert after[stage] == tuple(d + timedelta(days=shift) for d in before[stage])
    assert project.camp_on == date(2027, 8, 16)
    safety = db.session.scalar(sa.select(TaskProgress.due_on).where(
        TaskProgress.project_id == project.id, TaskProgress.task_key == "safety"))
    assert safety == date(2027, 8, 16)
    assert (record.reason, record.days, record.old_camp_on) == (
        "Tillatelsene tar lengre tid.", shift, date(2027, 7, 5))
    assert project.window("realisation").first_starts_on == date(2027, 7, 5)  # the first plan


def test_longer_stage(db, workflow):
    project = make_project(start_on=date(2027, 1, 4))
    before = _windows(project)
    planning.replan(project, workflow, None, "Mer tid til medvirkning.", stage="participation",
                    days=14)
    after = _windows(project)
    assert after["participation"][1] == before["participation"][1] + timedelta(days=14)
    assert after["planning"][0] == before["planning"][0] + timedelta(days=14)
    assert project.camp_on == date(2027, 7, 19)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Replan)) == 1


def test_replanning_needs_a_reason_and_a_possible_plan(db, workflow):
    project = make_project(start_on=date(2027, 1, 4))
    with pytest.raises(planning.PlanError, match="Give a reason"):
        planning.replan(project, workflow, None, "  ", camp_on=date(2027, 9, 1))
    with pytest.raises(planning.PlanError, match="at least one day"):
        planning.replan(project, workflow, None, "Raskere", camp_on=date(2027, 1, 10))
    with pytest.raises(planning.PlanError, match="must come before the camp"):
        planning.replan(project, workflow, None, "Senere", camp_on=date(2027, 9, 1),
                        stage="evaluation")
    assert project.camp_on == date(2027, 7, 5)


def test_overdue_days_left_and_slip(db, workflow):
    project = make_project(start_on=date(2027, 1, 4))
    with time_machine.travel(date(2027, 1, 13)):
        today = date.today()
        standing = planning.standing(project, workflow, today)
    assert [t.task_key for t in standing.overdue_tasks] == ["describe_idea"]  # due 11 January
    assert standing.days_left_in_stage == 4  # the idea stage ends on 17 January
    assert standing.slip_days == 0
    planning.replan(project, workflow, None, "Sein oppstart.", camp_on=date(2027, 7, 26))
    assert planning.standing(project, workflow, date(2027, 1, 13)).slip_days == 21


def test_pure_timeline_functions(workflow):
    forward = timeline.plan_forward(workflow, date(2027, 1, 4))
    backward = timeline.plan_backward(workflow, forward[6].starts_on)
    assert forward == backward
    assert sum(w.days for w in forward[:6]) == 26 * 7
    assert timeline.slip_days(forward, timeline.extend_stage(forward, "idea", 3),
                              "realisation") == 3
    assert Workflows([workflow], {}).machine_model_count() == 0


def test_a_plan_made_today_cannot_start_in_the_past(db, workflow, frozen):
    with pytest.raises(planning.PlanError, match="cannot start in the past"):
        planning.first_plan(workflow, start_on=TODAY - timedelta(days=1), not_before=TODAY)
    assert planning.first_plan(workflow, start_on=TODAY, not_before=TODAY)[0].starts_on == TODAY
    # Counted back from a camp date too early for the 26 weeks before it: the message
    # names the earliest possible camp date, that of a plan starting today.
    earliest = planning.earliest_camp_on(workflow, TODAY)
    assert earliest == TODAY + timedelta(weeks=26) == date(2027, 6, 1)
    with pytest.raises(planning.PlanError, match="earliest possible camp date is 1 June 2027"):
        planning.first_plan(workflow, camp_on=earliest - timedelta(days=1), not_before=TODAY)
    windows = planning.first_plan(workflow, camp_on=earliest, not_before=TODAY)
    assert windows[0].starts_on == TODAY


@pytest.mark.parametrize("day", [date(1999, 12, 31), date(2101, 1, 1), date(9999, 12, 31),
                                 date(1, 1, 1)])
def test_years_outside_the_range_are_refused(db, workflow, day):
    for kwargs in ({"start_on": day}, {"camp_on": day}):
        with pytest.raises(planning.PlanError, match="between the years 2000 and 2100"):
            planning.first_plan(workflow, **kwargs)
    project = make_project(start_on=date(2027, 1, 4))
    with pytest.raises(planning.PlanError, match="between the years 2000 and 2100"):
        planning.replan(project, workflow, None, "Skrivefeil", camp_on=day)
    assert project.camp_on == date(2027, 7, 5)


def test_a_plan_may_not_run_past_the_range(db, workflow):
    # A start late in 2100 would put the camp in 2101.
    with pytest.raises(planning.PlanError, match="between the years 2000 and 2100"):
        planning.first_plan(workflow, start_on=date(2100, 10, 1))
    project = make_project(start_on=date(2027, 1, 4))
    with pytest.raises(planning.PlanError, match="between the years 2000 and 2100"):
        planning.replan(project, workflow, None, "Mye senere", stage="idea", days=10 ** 9)


def test_a_new_camp_date_in_the_past_is_refused(db, workflow, frozen):
    project = make_project(start_on=date(2026, 6, 1))  # an older project
    with pytest.raises(planning.PlanError, match="in the past"):
        planning.replan(project, workflow, None, "For sent", camp_on=TODAY - timedelta(days=1))
    assert project.camp_on == date(2026, 11, 30)


def test_an_approved_replan_becomes_the_plan_slip_is_measured_against(db, workflow):
    project = make_project(start_on=date(2027, 1, 4))
    planning.replan(project, workflow, None, "Godkjent av kommunen", camp_on=date(2027, 7, 26),
                    approved=True)
    camp = project.window("realisation")
    assert (camp.first_starts_on, camp.approved_starts_on, camp.starts_on) == (
        date(2027, 7, 5), date(2027, 7, 26), date(2027, 7, 26))
    standing = planning.standing(project, workflow, date(2027, 1, 13))
    assert (standing.slip_days, standing.unapproved_slip_days) == (21, 0)
    # A change nobody approved is slip against the approved plan.
    planning.replan(project, workflow, None, "Pause", stage="idea", days=5)
    standing = planning.standing(project, workflow, date(2027, 1, 13))
    assert (standing.slip_days, standing.unapproved_slip_days) == (26, 5)
