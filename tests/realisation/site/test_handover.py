"""The handover: a keeper invited by mail confirms by the link (no account), the guard
holds the end of the camp until then, and the jobs remind and warn once."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
import time_machine

from stedskaping import jobs
from stedskaping.extensions import db
from stedskaping.notifications.models import Notification
from stedskaping.projects import process
from stedskaping.realisation.handover import operations as handover
from stedskaping.realisation.handover.models import Keeper, MaintenanceTask
from stedskaping.realisation.measures import operations as measures
from stedskaping.realisation.permits import operations as permits
from stedskaping.realisation.permits.models import PermitStatus
from tests.conftest import TODAY
from tests.fixtures.factories import complete_required_tasks, make_cast
from tests.realisation.site.helpers import post, text


def _measure(cast, title="Sittetrapp"):
    return measures.add_measure(cast["project"], measures.MeasurePlan(title=title))


def _invite(cast, measure, **plan):
    values = {"name": "Fjellgata velforening", "email": "vel@example.no",
              "is_organisation": True, "locale": "en"}
    return handover.invite_keeper(measure, cast["initiator"],
                                  handover.KeeperPlan(**{**values, **plan}), today=TODAY)


def test_the_team_invites_a_keeper_who_confirms_by_the_link(login_as, cast, client, app,
                                                           outbox):
    measure = _measure(cast)
    login_as(cast["initiator"])
    page = f"/projects/{cast['project'].id}/handover/{measure.id}"
    response = post(client, page, {
        "keeper-name": "Fjellgata velforening", "keeper-is_organisation": "y",
        "keeper-email": "Vel@Example.no", "keeper-permanence": "temporary",
        "keeper-until_on": "2027-06-30"}, page=page, prefix="keeper")
    assert response.status_code == 302, text(response)
    [mail] = outbox(kind="keeper_invitation")
    assert mail.recipient == "vel@example.no" and "Sittetrapp" in mail.subject
    overview = text(client.get(f"/projects/{cast['project'].id}/handover"))
    assert "Fjellgata velforening" in overview and "waiting" in overview
    assert "until 30 Jun 2027" in overview

    # The keeper has no account: the link alone opens the page.
    token = handover.resend(db.session.scalar(sa.select(Keeper)), cast["initiator"])
    stranger = app.test_client()
    stranger.get("/?lang=en")
    confirm = f"/handover/{token}"
    assert "Will you keep “Sittetrapp”?" in text(stranger.get(confirm))
    response = post(stranger, confirm, {}, page=confirm)
    assert response.status_code == 302
    assert "You confirmed on" in text(stranger.get(confirm))
    # The team is told, and sees it.
    notices = db.session.scalars(sa.select(Notification).where(
        Notification.kind == "handover")).all()
    assert {n.user_id for n in notices} == {cast["initiator"].id, cast["member"].id}
    assert "waiting" not in text(client.get(f"/projects/{cast['project'].id}/handover"))


def test_a_resent_link_replaces_the_old_one(cast, client):
    measure = _measure(cast)
    old = _invite(cast, measure)
    new = handover.resend(handover.keeper_of(measure), cast["initiator"])
    assert client.get(f"/handover/{old}").status_code == 404
    assert client.get(f"/handover/{new}").status_code == 200
    assert client.get("/handover/not-a-token").status_code == 404


def test_finish_camp_waits_for_a_confirmed_keeper(cast, monkeypatch):
    from stedskaping import plugins
    from tests.fixtures.factories import walk_to_crowdfunding

    project, initiator = cast["project"], cast["initiator"]
    monkeypatch.setitem(plugins.current().facts, "campaign_minimum_reached", lambda p: True)
    walk_to_crowdfunding(project, initiator, cast["facilitator"])
    process.advance(project, "campaign_succeeded", process.SYSTEM)
    complete_required_tasks(project, initiator)
    token = _invite(cast, db.session.scalar(sa.select(measures.Measure).where(
        measures.Measure.project_id == project.id)))
    options = {o.trigger: o for o in process.allowed_triggers(project, initiator, "en")}
    assert not options["finish_camp"].allowed
    assert "No confirmed keeper yet for: Benk ved elva." in [
        str(r) for r in options["finish_camp"].reasons]
    handover.confirm(token)
    assert process.advance(project, "finish_camp", initiator) == "evaluation"


def test_bad_keepers_are_refused(login_as, cast, client):
    measure = _measure(cast)
    login_as(cast["initiator"])
    page = f"/projects/{cast['project'].id}/handover/{measure.id}"
    for fields, message in (
            ({"keeper-name": "  "}, "Name the person or the organisation."),
            ({"keeper-email": "not an address"}, "Give an e-mail address"),
            ({"keeper-permanence": "temporary"}, "Give the day the temporary measure ends."),
            ({"keeper-permanence": "temporary", "keeper-until_on": "2026-01-01"},
             "The end of a temporary measure must be in the future.")):
        data = {"keeper-name": "Vel", "keeper-email": "vel@example.no",
                "keeper-permanence": "permanent", **fields}
        response = post(client, page, data, page=page, prefix="keeper")
        assert response.status_code == 400, fields
        assert message in text(response)
    assert db.session.scalar(sa.select(sa.func.count(Keeper.id))) == 0


def test_handover_pages_are_the_teams(login_as, cast, client):
    measure = _measure(cast)
    _invite(cast, measure)
    other = make_cast()
    page = f"/projects/{cast['project'].id}/handover/{measure.id}"
    for user in (cast["other_user"], cast["facilitator"], other["initiator"]):
        login_as(user)
        assert client.get(page).status_code == 403
    login_as(other["initiator"])
    assert client.get(f"/projects/{other['project'].id}/handover/{measure.id}").status_code \
        == 404


def test_maintenance_reminders_go_once_when_due(cast, outbox):
    measure = _measure(cast)
    handover.confirm(_invite(cast, measure))
    keeper = handover.keeper_of(measure)
    handover.add_task(keeper, "Vann plantekassene", "weekly", TODAY + timedelta(days=3),
                      today=TODAY)
    day = TODAY + timedelta(days=3)
    with time_machine.travel(datetime(day.year, day.month, day.day, 6, tzinfo=UTC)):
        assert jobs.run("maintenance_reminders", TODAY + timedelta(days=2)) == 0
        assert jobs.run("maintenance_reminders", day) == 1
        assert jobs.run("maintenance_reminders", day) == 0  # the same day again: nothing
    [mail] = outbox(kind="maintenance_due")
    assert mail.recipient == "vel@example.no"
    assert "It is time to: Vann plantekassene" in mail.body_text
    assert db.session.scalar(sa.select(MaintenanceTask.next_due_on)) == day + timedelta(days=7)


def test_expiry_warnings_go_once_to_the_team_and_the_keeper(cast, outbox):
    measure = _measure(cast)
    permits.add_permit(measure, cast["initiator"], permits.PermitPlan(
        grantor_kind="municipality", grantor_name="Bymiljøetaten", status=PermitStatus.GRANTED,
        asked_on=TODAY - timedelta(days=9), decided_on=TODAY - timedelta(days=2),
        expires_on=TODAY + timedelta(days=45)), today=TODAY)
    handover.confirm(_invite(cast, measure, is_permanent=False,
                             until_on=TODAY + timedelta(days=40)))
    assert jobs.run("expiry_warnings", TODAY) == 0  # 40 and 45 days ahead: not yet
    day = TODAY + timedelta(days=15)  # 25 and 30 days ahead
    assert jobs.run("expiry_warnings", day) == 2
    assert jobs.run("expiry_warnings", day + timedelta(days=1)) == 0  # once
    mails = outbox(kind="keeper_expiry")
    assert {m.recipient for m in mails} == {"vel@example.no"} and len(mails) == 2
    notices = db.session.scalars(sa.select(Notification).where(
        Notification.user_id == cast["initiator"].id,
        Notification.kind.in_(("permit_refused", "handover")))).all()
    assert sorted(n.message for n in notices) == ["confirmed", "ends", "expires"]


def test_new_terms_for_a_confirmed_keeper_ask_them_again(cast, outbox):
    measure = _measure(cast)
    handover.confirm(_invite(cast, measure))
    keeper = handover.keeper_of(measure)
    assert _invite(cast, measure, name="Fjellgata vel") == ""  # a new spelling: still yes
    assert keeper.confirmed_dt is not None and len(outbox(kind="keeper_invitation")) == 1
    until = TODAY + timedelta(days=200)
    token = _invite(cast, measure, is_permanent=False, until_on=until)
    assert token and keeper.confirmed_dt is None  # temporary: not what they said yes to
    assert len(outbox(kind="keeper_invitation")) == 2
    handover.confirm(token)
    assert _invite(cast, measure, is_permanent=False, until_on=until) == ""
    assert _invite(cast, measure, is_permanent=False, until_on=until + timedelta(days=1))
    assert keeper.confirmed_dt is None
