"""The meeting pages walked as a neighbour, a team member and a facilitator, with what
should not work: a meeting in the past, a full or closed registration, garbage input,
the wrong role, another meeting's objects. Each gets a clear answer, never a 500, and
changes nothing."""

from datetime import timedelta

import pytest

from stedskaping.db import utcnow
from stedskaping.extensions import db
from stedskaping.participation.meetings import operations, queries, registrations
from tests.fixtures import images
from tests.fixtures.factories import make_user
from tests.fixtures.forms import csrf_token, submit


def _meeting(cast, **changes):
    starts = utcnow() + timedelta(days=7)
    plan = {"title": "Åpent møte", "starts_dt": starts, "ends_dt": starts + timedelta(hours=2),
            "place": "Tunet", "capacity": 1, **changes}
    return operations.plan_meeting(cast["project"], cast["initiator"],
                                   operations.MeetingPlan(**plan))


def _url(meeting, tail=""):
    return f"/projects/{meeting.project_id}/meetings/{meeting.id}{tail}"


def _press(client, meeting, tail):
    return submit(client, _url(meeting, tail), {}, page=_url(meeting), follow_redirects=True)


def test_a_neighbour_on_a_full_meeting_is_waitlisted_and_told(login_as, cast):
    meeting = _meeting(cast)
    registrations.register(meeting, make_user())
    client = login_as(make_user())
    assert "Join the waitlist" in client.get(_url(meeting)).text
    page = _press(client, meeting, "/register")
    assert "The meeting is full: you are on the waitlist" in page.text
    assert "You are on the waitlist." in page.text
    again = _press(client, meeting, "/register")
    assert "You are already registered for this meeting." in again.text
    assert queries.counts(meeting) == {"registered": 1, "waitlisted": 1, "attended": 0}


def test_closed_registration_is_explained_and_refused(login_as, cast, clock):
    meeting = _meeting(cast, registration_deadline_dt=utcnow() + timedelta(days=1))
    client = login_as(make_user())
    clock.move_to(utcnow() + timedelta(days=2))
    assert "The registration deadline has passed." in client.get(_url(meeting)).text
    token = csrf_token(client, _url(meeting))
    page = client.post(_url(meeting, "/register"), data={"csrf_token": token},
                       follow_redirects=True)
    assert "The registration deadline has passed." in page.text
    assert queries.counts(meeting)["registered"] == 0
    unregister = client.post(_url(meeting, "/unregister"), data={"csrf_token": token},
                             follow_redirects=True)
    assert "You are not registered for this meeting." in unregister.text


def test_a_meeting_in_the_past_cannot_be_changed_cancelled_or_joined(login_as, cast, clock):
    meeting = _meeting(cast, capacity=None)
    clock.move_to(meeting.ends_dt + timedelta(days=1))
    team = login_as(cast["member"])
    page = team.get(_url(meeting)).text
    assert "Cancel the meeting" not in page and "Change or move the meeting" not in page
    cancel = _press(team, meeting, "/cancel")
    assert "A meeting that has started cannot be cancelled." in cancel.text
    edit = submit(team, _url(meeting, "/edit"), {
        "title": "Nytt", "place": "Tunet", "starts_dt": "2027-01-10T18:00",
        "ends_dt": "2027-01-10T20:00"})
    assert edit.status_code == 409
    assert "A cancelled meeting, or one that has started, cannot be changed." in edit.text
    neighbour = login_as(make_user())
    assert "The meeting has started: registration is closed." in neighbour.get(
        _url(meeting)).text
    db.session.refresh(meeting)
    assert (meeting.title, meeting.status, meeting.sequence) == ("Åpent møte", "scheduled", 0)


def test_a_cancelled_meeting_takes_no_registrations_nor_attendance(login_as, cast):
    meeting = _meeting(cast)
    operations.cancel_meeting(meeting, cast["initiator"])
    neighbour = login_as(make_user())
    assert "The meeting is cancelled." in _press(neighbour, meeting, "/register").text
    team = login_as(cast["member"])
    door = team.post(_url(meeting, "/attendance/code"), data={
        "door-csrf_token": csrf_token(team, _url(meeting, "/attendance")),
        "door-code": "ABCDEFGH"})
    assert door.status_code == 409 and "The meeting is cancelled." in door.text
    assert b"STATUS:CANCELLED" in team.get(_url(meeting, "/meeting.ics")).data


@pytest.mark.parametrize("who", ["facilitator", "other_user", "other_facilitator"])
def test_the_wrong_role_cannot_manage_a_meeting(login_as, cast, who):
    meeting = _meeting(cast)
    client = login_as(cast[who])
    token = csrf_token(client, _url(meeting))
    for tail in ("/cancel", "/attendance/code", "/attendance/list", "/minutes", "/photos"):
        assert client.post(_url(meeting, tail), data={"csrf_token": token}).status_code == 403
    assert not meeting.is_cancelled


def test_garbage_in_addresses_and_forms_gets_an_answer_not_a_500(login_as, cast):
    meeting = _meeting(cast)
    team = login_as(cast["member"])
    for url in (f"/projects/{cast['project'].id}/meetings/99999999999999999999",
                f"/projects/{cast['project'].id}/meetings/-1",
                _url(meeting, "/photos/12345"), "/support/confirm/%00",
                "/support/leave/" + "x" * 3000):
        assert team.get(url).status_code in (400, 404), url
    bad = submit(team, _url(meeting, "/edit"), {
        "title": "Møte\x00", "place": "Tunet", "starts_dt": "2027-01-10T18:00",
        "ends_dt": "2027-01-10T20:00"})
    assert bad.status_code == 400
    huge = submit(team, _url(meeting, "/edit"), {
        "title": "Møte", "place": "Tunet", "starts_dt": "9" * 400, "ends_dt": "x"})
    assert huge.status_code == 400 and "Give a date and time" in huge.text
    walk_ins = team.post(_url(meeting, "/attendance/list"), data={
        "list-csrf_token": csrf_token(team, _url(meeting, "/attendance")),
        "list-walk_ins": "-5", "came": ["1" * 40]})
    assert walk_ins.status_code == 400 and "Give a number from 0 to 10 000." in walk_ins.text
    db.session.refresh(meeting)
    assert meeting.title == "Åpent møte" and meeting.walk_in_count == 0


def test_a_photo_of_another_meeting_is_not_found(login_as, cast, clock, tmp_path, app):
    from stedskaping.participation.meetings import photos

    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    mine, other = _meeting(cast), _meeting(cast)
    clock.move_to(mine.starts_dt + timedelta(minutes=1))
    photo = photos.add_photo(other, "a.png", images.png())
    team = login_as(cast["member"])
    assert team.get(_url(mine, f"/photos/{photo.id}")).status_code == 404
    token = csrf_token(team, _url(mine, "/minutes"))
    assert team.post(_url(mine, f"/photos/{photo.id}/delete"),
                     data={"csrf_token": token}).status_code == 404
    assert other.photos == [photo]
