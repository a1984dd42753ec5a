"""Forums and open doors: a facilitator creates a forum and plans a session (a meeting
owned by the forum), people sign up up to its capacity then go on the waitlist (a freed
seat goes to the next), notes are published after, open doors are shown; the public
pages, who may manage, and bad input."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest

from stedskaping.db import db, utcnow
from stedskaping.learning.forums import operations
from stedskaping.learning.forums.models import Forum
from stedskaping.participation.meetings.models import Meeting
from stedskaping.participation.meetings.operations import MeetingPlan
from tests.fixtures.factories import make_user
from tests.fixtures.forms import submit


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def _local(moment: datetime) -> str:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("Europe/Oslo")).replace(tzinfo=None).isoformat(
        timespec="minutes")


@pytest.fixture
def forum(cast):
    return operations.create_forum(cast["municipality"], cast["facilitator"],
                                   operations.ForumData(title="Forum for Sentrum",
                                                        themes="trafikk, grønt"))


def _session(forum, actor, capacity=2, days=10):
    starts = (utcnow() + timedelta(days=days)).replace(microsecond=0, second=0)
    return operations.plan_session(forum, actor, MeetingPlan(
        title="Vinterforum", starts_dt=starts, ends_dt=starts + timedelta(hours=2),
        description="1. Grønt", place="Kulturhuset", capacity=capacity))


def test_a_facilitator_creates_a_forum_and_plans_a_session(cast, client, login_as):
    login_as(cast["facilitator"])
    slug = cast["municipality"].slug
    response = submit(client, f"/municipalities/{slug}/forums/new",
                      {"title": "Forum for Nordbyen", "themes": "mobility,  green spaces,",
                       "description": "Every quarter.", "area": ""}, follow_redirects=True)
    assert "The forum is created." in _text(response)
    forum = db.session.query(Forum).one()
    assert forum.themes == "mobility, green spaces"
    starts = utcnow() + timedelta(days=20)
    response = submit(client, f"/forums/{forum.id}/sessions/new", {
        "title": "Spring forum", "description": "1. Mobility", "place": "Biblioteket",
        "starts_dt": _local(starts), "ends_dt": _local(starts + timedelta(hours=2)),
        "capacity": "30", "is_registration_open": "y"}, follow_redirects=True)
    page = _text(response)
    assert "The session is planned." in page
    assert "Spring forum" in page and "0 of 30 seats taken" in page
    meeting = db.session.query(Meeting).one()
    assert meeting.forum_id == forum.id and meeting.project_id is None


def test_sign_up_fills_the_seats_then_the_waitlist(cast, forum, client, login_as, outbox):
    meeting = _session(forum, cast["facilitator"], capacity=1)
    first, second = make_user(), make_user()
    url = f"/forums/{forum.id}"
    login_as(first)
    response = submit(client, f"{url}/sessions/{meeting.id}/sign-up", {}, page=url,
                      follow_redirects=True)
    assert "You have a seat." in _text(response)
    login_as(second)
    response = submit(client, f"{url}/sessions/{meeting.id}/sign-up", {}, page=url,
                      follow_redirects=True)
    assert "You are on the waitlist." in _text(response)
    assert "1 of 1 seats taken · 1 on the waitlist" in _text(response)
    login_as(first)
    response = submit(client, f"{url}/sessions/{meeting.id}/withdraw", {}, page=url,
                      follow_redirects=True)
    assert "Your registration is cancelled." in _text(response)
    from stedskaping.participation.meetings import registrations

    assert registrations.registration_of(meeting, second).has_seat
    assert any(m.recipient == second.email for m in outbox())


def test_the_notes_are_published_after_the_session(cast, forum, client, login_as):
    meeting = _session(forum, cast["facilitator"])
    url = f"/forums/{forum.id}/sessions/{meeting.id}/notes"
    login_as(cast["facilitator"])
    early = submit(client, url, {"notes-minutes": "Too early"})
    assert early.status_code == 409
    meeting.starts_dt = utcnow() - timedelta(hours=3)
    meeting.ends_dt = utcnow() - timedelta(hours=1)
    db.session.flush()
    assert submit(client, url, {"notes-minutes": "   "}).status_code == 400
    response = submit(client, url, {"notes-minutes": "**Decided:** a shared tool container."},
                      follow_redirects=True)
    assert "The notes are published." in _text(response)
    client.get("/logout")
    page = _text(client.get(f"/forums/{forum.id}"))
    assert "Notes from past sessions" in page and "Decided: a shared tool container." in page


def test_open_doors_are_shown_every_week(cast, forum, client, login_as):
    login_as(cast["facilitator"])
    edit = f"/forums/{forum.id}/edit"
    response = submit(client, f"/forums/{forum.id}/open-doors", {
        "weekday": "3", "opens_at": "16:00", "closes_at": "19:00", "place": "Biblioteket"},
        page=edit, follow_redirects=True)
    assert "The open doors are added." in _text(response)
    page = _text(client.get(f"/forums/{forum.id}"))
    assert "Every Thursday, 16:00–19:00, Biblioteket." in page
    for bad in ({"closes_at": "15:00"}, {"weekday": "9"}, {"place": "\x00"},
                {"opens_at": "25:99"}):
        data = {"weekday": "3", "opens_at": "16:00", "closes_at": "19:00",
                "place": "Biblioteket"} | bad
        assert submit(client, f"/forums/{forum.id}/open-doors", data,
                      page=edit).status_code == 400
    assert len(forum.open_doors) == 1


def test_the_public_pages_list_the_forums(cast, forum, client):
    _session(forum, cast["facilitator"])
    assert "Forum for Sentrum" in _text(client.get("/forums/"))
    page = _text(client.get(f"/forums/{forum.id}"))
    assert "Vinterforum" in page and "Log in to sign up" in page
    assert "Manage the forum" not in page
    assert "Forums and open doors" in _text(client.get("/projects/"))


@pytest.mark.parametrize("who", ["other_facilitator", "member", "other_user"])
def test_only_the_municipality_manages_its_forums(cast, forum, client, login_as, who):
    login_as(cast[who])
    for url in (f"/forums/{forum.id}/edit", f"/forums/{forum.id}/sessions/new",
                f"/municipalities/{cast['municipality'].slug}/forums/new"):
        assert client.get(url).status_code == 403
    assert client.get("/forums/999999").status_code == 404


def test_bad_session_input_changes_nothing(cast, forum, client, login_as):
    login_as(cast["facilitator"])
    url = f"/forums/{forum.id}/sessions/new"
    starts = utcnow() + timedelta(days=5)
    good = {"title": "S", "starts_dt": _local(starts),
            "ends_dt": _local(starts + timedelta(hours=1)), "capacity": "10"}
    for bad in ({"title": "   "}, {"title": "x\x00"}, {"capacity": "99999999999999999999"},
                {"starts_dt": "1800-01-01T10:00"},
                {"starts_dt": _local(utcnow() - timedelta(days=2))}):
        assert submit(client, url, good | bad).status_code in (400, 409)
    assert db.session.query(Meeting).count() == 0


def test_a_session_of_another_forum_is_not_found(cast, forum, client, login_as):
    other = operations.create_forum(cast["municipality"], cast["facilitator"],
                                    operations.ForumData(title="Other"))
    meeting = _session(other, cast["facilitator"])
    login_as(cast["facilitator"])
    assert client.get(f"/forums/{forum.id}/sessions/{meeting.id}/notes").status_code == 404


def test_the_next_open_days(cast, forum):
    from datetime import date

    door = operations.add_open_door(forum, 3, time(16), time(19), "Biblioteket")
    assert operations.next_open_days(door, date(2026, 12, 1)) == [
        date(2026, 12, 3), date(2026, 12, 10), date(2026, 12, 17)]
    assert operations.next_open_days(door, date(2026, 12, 3))[0] == date(2026, 12, 3)
    assert UTC


def test_the_edit_page_shows_the_forum_as_saved(cast, client, login_as):
    from stedskaping.learning.places import operations as places

    area = places.add_area(cast["municipality"], "Nordbyen")
    forum = operations.create_forum(cast["municipality"], cast["facilitator"],
                                    operations.ForumData(title="F", area_id=area.id))
    login_as(cast["facilitator"])
    html = client.get(f"/forums/{forum.id}/edit").get_data(as_text=True)
    assert re.search(rf'<option selected value="{area.id}">Nordbyen</option>|'
                     rf'<option value="{area.id}" selected>Nordbyen</option>', html)
    response = submit(client, f"/forums/{forum.id}/edit",
                      {"title": "Forum for Nordbyen", "themes": "", "description": "",
                       "area": ""}, follow_redirects=True)
    assert "The forum is saved." in _text(response)
    db.session.refresh(forum)
    assert forum.title == "Forum for Nordbyen" and forum.area_id is None
