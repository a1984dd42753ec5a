"""Open meetings: planning, registering (with a waitlist), the code at the door,
attendance, minutes and photos, calendars, and moving or cancelling."""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from PIL import Image

from stedskaping.db import utcnow
from stedskaping.extensions import db
from stedskaping.notifications import notices
from stedskaping.notifications.models import Notification
from stedskaping.participation.meetings import operations, queries, registrations
from stedskaping.participation.meetings.models import Meeting, RegistrationStatus
from tests.fixtures import bulk, images
from tests.fixtures.factories import make_user
from tests.fixtures.forms import csrf_token, submit

PNG = images.png()


def _plan(**changes):
    starts = utcnow() + timedelta(days=7)
    values = {"title": "Åpent møte", "starts_dt": starts, "ends_dt": starts + timedelta(hours=2),
              "place": "Tunet", "capacity": 2}
    return operations.MeetingPlan(**{**values, **changes})


def _meeting(cast, **changes) -> Meeting:
    return operations.plan_meeting(cast["project"], cast["initiator"], _plan(**changes))


def _url(meeting, tail=""):
    return f"/projects/{meeting.project_id}/meetings/{meeting.id}{tail}"


def _post(client, url, data, page, **kwargs):
    """A form with a prefix carries its CSRF token under the prefixed name."""
    token = csrf_token(client, page)
    prefix = next(iter(data)).split("-")[0] if data else ""
    return client.post(url, data={f"{prefix}-csrf_token": token, **data}, **kwargs)


def _notices(user, kind, lang="en"):
    """The user's notices of ``kind`` as they read them (rendered in ``lang``)."""
    return [notices.render(n, lang) for n in db.session.scalars(sa.select(Notification).where(
        Notification.user_id == user.id, Notification.kind == kind)).all()]


def test_the_team_plans_a_meeting_in_local_time(login_as, cast):
    client = login_as(cast["member"])
    project = cast["project"]
    response = submit(client, f"/projects/{project.id}/meetings/new", {
        "title": "Åpent møte på tunet", "place": "Tunet", "starts_dt": "2026-12-10T18:00",
        "ends_dt": "2026-12-10T20:00", "capacity": "30", "is_registration_open": "y"},
        follow_redirects=True)
    assert response.status_code == 200
    meeting = db.session.scalars(sa.select(Meeting)).one()
    assert meeting.starts_dt == datetime(2026, 12, 10, 17, tzinfo=UTC)  # 18:00 in Oslo
    assert "Åpent møte på tunet" in client.get(f"/projects/{project.id}").text


@pytest.mark.parametrize("fields, message", [
    ({"starts_dt": "2026-11-30T18:00", "ends_dt": "2026-11-30T20:00"},
     "The meeting cannot start in the past."),
    ({"ends_dt": "2026-12-10T17:00"}, "The meeting must end after it starts"),
    ({"starts_dt": "20266-12-10T18:00"}, "Give a date and time"),
    ({"starts_dt": "1999-12-10T18:00"}, "Give a date between the years 2000 and 2100."),
    ({"place": ""}, "Give a place, an online link or both."),
    ({"online_link": "javascript:alert(1)"}, "starting with https://"),
    ({"capacity": "0"}, "Give a number of seats between 1 and 10 000"),
    ({"capacity": "99999999999999999999"}, "Write a whole number"),
    ({"registration_deadline_dt": "2026-12-11T18:00"}, "The registration deadline must be"),
    ({"title": "   "}, "Give the meeting a title."),
])
def test_bad_meetings_are_refused_and_nothing_is_kept(login_as, cast, fields, message):
    client = login_as(cast["member"])
    data = {"title": "Møte", "place": "Tunet", "starts_dt": "2026-12-10T18:00",
            "ends_dt": "2026-12-10T20:00", **fields}
    response = submit(client, f"/projects/{cast['project'].id}/meetings/new", data)
    assert response.status_code == 400
    assert message in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0


def test_only_the_team_plans_and_manages_meetings(login_as, cast):
    meeting = _meeting(cast)
    project = cast["project"]
    for who in ("facilitator", "other_user"):
        client = login_as(cast[who])
        assert client.get(f"/projects/{project.id}/meetings/new").status_code == 403
        for tail in ("/edit", "/attendance", "/minutes"):
            assert client.get(_url(meeting, tail)).status_code == 403
        assert client.get(_url(meeting)).status_code == 200  # the page is public
    other = _meeting(cast)
    other.project_id = make_cast_project(cast)
    db.session.flush()
    assert login_as(cast["member"]).get(
        f"/projects/{project.id}/meetings/{other.id}").status_code == 404


def make_cast_project(cast):
    from tests.fixtures.factories import make_project

    return make_project(municipality=cast["municipality"]).id


def test_a_full_meeting_puts_people_on_the_waitlist_and_a_freed_seat_promotes(cast):
    meeting = _meeting(cast, capacity=2)
    first, second, third, fourth = (make_user(locale="en") for _ in range(4))
    codes = [registrations.register(meeting, u).code for u in (first, second)]
    assert registrations.register(meeting, third).status == RegistrationStatus.WAITLISTED
    assert registrations.register(meeting, fourth).status == RegistrationStatus.WAITLISTED
    assert all(len(c) == 8 and not set(c) & set("OI01") for c in codes)

    registrations.cancel(meeting, first)
    assert registrations.registration_of(meeting, third).status == RegistrationStatus.REGISTERED
    assert registrations.registration_of(meeting, fourth).status == RegistrationStatus.WAITLISTED
    [notice] = _notices(third, "meeting_changed")
    assert notice.title == "You have a seat: Åpent møte"
    assert registrations.registration_of(meeting, third).code in notice.body
    assert queries.counts(meeting) == {"registered": 2, "waitlisted": 1, "attended": 0}


def test_registering_twice_after_the_deadline_or_for_a_past_meeting_is_refused(
        login_as, cast, clock):
    meeting = _meeting(cast, registration_deadline_dt=utcnow() + timedelta(days=1))
    user = make_user()
    client = login_as(user)
    page = client.get(_url(meeting))
    assert "Register" in page.text
    done = submit(client, _url(meeting, "/register"), {}, page=_url(meeting),
                  follow_redirects=True)
    code = registrations.registration_of(meeting, user).code
    assert f"Your code for the door is {code}." in done.text
    again = registrations.register
    with pytest.raises(operations.MeetingError, match="already registered"):
        again(meeting, user)
    with pytest.raises(operations.MeetingError, match="deadline has passed"):
        registrations.register(meeting, make_user(), now=utcnow() + timedelta(days=2))
    with pytest.raises(operations.MeetingError, match="has started"):
        registrations.register(meeting, make_user(), now=utcnow() + timedelta(days=8))
    with pytest.raises(operations.MeetingError, match="Confirm your e-mail"):
        registrations.register(meeting, make_user(is_confirmed=False))
    assert queries.counts(meeting)["registered"] == 1


def test_visitors_are_asked_to_log_in_to_register(client, cast):
    meeting = _meeting(cast)
    assert "Log in to register" in client.get(_url(meeting)).text
    response = submit(client, _url(meeting, "/register"), {}, page=_url(meeting))
    assert response.status_code in (302, 401)
    assert queries.counts(meeting)["registered"] == 0


def test_check_in_by_code_and_by_list_then_minutes_make_the_meeting_held(
        login_as, cast, clock):
    from stedskaping.projects.process import facts_for

    meeting = _meeting(cast, capacity=None)
    people = [make_user() for _ in range(3)]
    rows = [registrations.register(meeting, p) for p in people]
    client = login_as(cast["member"])
    early = _post(client, _url(meeting, "/attendance/code"), {"door-code": rows[0].code},
                   page=_url(meeting, "/attendance"))
    assert early.status_code == 409
    assert "from two hours before the meeting starts" in early.text

    clock.move_to(meeting.starts_dt - timedelta(minutes=30))
    typed = rows[0].code.lower()[:4] + " " + rows[0].code.lower()[4:]
    done = _post(client, _url(meeting, "/attendance/code"), {"door-code": typed},
                  page=_url(meeting, "/attendance"), follow_redirects=True)
    assert f"Welcome, {people[0].name}: checked in." in done.text
    wrong = _post(client, _url(meeting, "/attendance/code"), {"door-code": "AAAA-AAAA"},
                   page=_url(meeting, "/attendance"))
    assert wrong.status_code == 400 and "No registration for this meeting" in wrong.text
    listed = _post(client, _url(meeting, "/attendance/list"),
                    {"came": [str(rows[0].id), str(rows[2].id), "x", "999999999"],
                     "list-walk_ins": "4"}, page=_url(meeting, "/attendance"),
                    follow_redirects=True)
    assert "Attendance saved: 6 came." in listed.text

    assert facts_for(cast["project"]).get("meetings_held") == 0
    clock.move_to(meeting.starts_dt + timedelta(minutes=30))
    published = _post(client, _url(meeting, "/minutes"),
                      {"minutes-minutes": "**Ønsker:** benker."}, page=_url(meeting, "/minutes"))
    assert published.status_code == 302
    assert facts_for(cast["project"]).get("meetings_held") == 0  # not ended yet
    clock.move_to(meeting.ends_dt + timedelta(minutes=1))
    assert facts_for(cast["project"]).get("meetings_held") == 1
    page = client.get(_url(meeting)).text
    assert "<strong>Ønsker:</strong> benker." in page and "6 people came." in page


def test_minutes_and_photos_wait_for_the_meeting_and_wrong_files_are_refused(
        login_as, cast, clock, tmp_path, app):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    meeting = _meeting(cast)
    client = login_as(cast["member"])
    early = _post(client, _url(meeting, "/minutes"), {"minutes-minutes": "Referat"},
                   page=_url(meeting, "/minutes"))
    assert early.status_code == 409
    clock.move_to(meeting.starts_dt + timedelta(minutes=5))
    for name, data, message in [
        ("bilde.png", b"MZ\x90\x00not a png", "Choose a photo in JPEG or PNG format."),
        ("bilde.exe", PNG, "Choose a photo in JPEG or PNG format."),
        ("stort.png", PNG + b"\x00" * (5 * 1024 * 1024), "larger than 5 MB"),
    ]:
        response = _post(client, _url(meeting, "/photos"), {
            "photo-photo": (io.BytesIO(data), name)}, page=_url(meeting, "/minutes"),
            content_type="multipart/form-data")
        assert response.status_code == 400 and message in response.text, name
        response.close()
        response.request.input_stream.close()  # the large upload's spooled copy
    assert list(tmp_path.rglob("*.png")) == []
    added = _post(client, _url(meeting, "/photos"), {
        "photo-photo": (io.BytesIO(PNG), "tunet.png"), "photo-caption": "Ved eika"},
        page=_url(meeting, "/minutes"), content_type="multipart/form-data")
    assert added.status_code == 302
    [photo] = meeting.photos
    anonymous = client.application.test_client()
    assert anonymous.get(_url(meeting, f"/photos/{photo.id}")).status_code == 404
    operations.publish_minutes(meeting, cast["member"], "Referat")
    shown = anonymous.get(_url(meeting, f"/photos/{photo.id}"))
    # Stored as written anew (upright, no EXIF), so the same picture, not the same bytes.
    assert shown.status_code == 200 and shown.data.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(shown.data)).size == (8, 8)
    shown.close()


def test_a_moved_meeting_tells_people_updates_calendars_and_reminds_again(cast, clock):
    from stedskaping.participation.meetings.jobs import meeting_reminders

    meeting = _meeting(cast, capacity=None)
    person = make_user(locale="en")  # notices are written in the reader's language
    registrations.register(meeting, person)
    clock.move_to(meeting.starts_dt - timedelta(days=1))
    assert meeting_reminders(meeting.starts_dt.date() - timedelta(days=1)) == 1
    assert meeting_reminders(meeting.starts_dt.date() - timedelta(days=1)) == 0  # once
    later = meeting.starts_dt + timedelta(days=2)
    operations.change_meeting(meeting, cast["initiator"],
                              _plan(starts_dt=later, ends_dt=later + timedelta(hours=2),
                                    capacity=None))
    [moved] = _notices(person, "meeting_changed")
    assert moved.title == "Moved: Åpent møte"
    assert meeting.sequence == 1
    assert b"SEQUENCE:1" in queries.ics(meeting, "test", "http://x")
    assert meeting_reminders(later.date() - timedelta(days=1)) == 1  # for the new day
    operations.cancel_meeting(meeting, cast["initiator"])
    assert meeting_reminders(later.date() - timedelta(days=1)) == 0
    assert [n.title for n in _notices(person, "meeting_changed")] == [
        "Moved: Åpent møte", "Cancelled: Åpent møte"]
    assert b"STATUS:CANCELLED" in queries.ics(meeting, "test", "http://x")


def test_the_meeting_is_in_its_ics_file_and_in_the_project_calendar(client, cast):
    meeting = _meeting(cast)
    project = cast["project"]
    one = client.get(_url(meeting, "/meeting.ics"))
    assert one.headers["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:\xc3\x85pent m\xc3\xb8te" in one.data and b"LOCATION:Tunet" in one.data
    feed = client.get(f"/calendar/{project.calendar_token}.ics").data
    assert f"project-{project.id}-meeting-{meeting.id}@".encode() in feed
    assert meeting.starts_dt.strftime("DTSTART:%Y%m%dT%H%M%SZ").encode() in feed


def test_a_meeting_that_has_started_cannot_be_changed_or_cancelled(cast, clock):
    meeting = _meeting(cast)
    clock.move_to(meeting.starts_dt + timedelta(minutes=1))
    with pytest.raises(operations.MeetingError):
        operations.change_meeting(meeting, cast["initiator"], _plan())
    with pytest.raises(operations.MeetingError):
        operations.cancel_meeting(meeting, cast["initiator"])
    with pytest.raises(operations.MeetingError, match="has started"):
        registrations.cancel(meeting, make_user())  # not registered either way


def _listed(page) -> list[str]:
    return re.findall(r'<h2><a href="/projects/\d+/meetings/(\d+)">', page)


def test_the_list_of_meetings_comes_in_pages_of_fifty_in_the_order_they_start(
        login_as, cast):
    project = cast["project"]
    later = _meeting(cast)
    bulk.rows("meeting", project.id, 53)  # 54 meetings at the same time, by id
    soonest = _meeting(cast, starts_dt=later.starts_dt - timedelta(days=1),
                       ends_dt=later.ends_dt - timedelta(days=1))
    ids = [str(soonest.id), *(str(i) for i in db.session.scalars(
        sa.select(Meeting.id).where(Meeting.id != soonest.id).order_by(Meeting.id)))]
    client = login_as(cast["member"])
    url = f"/projects/{project.id}/meetings"
    first = client.get(url).text
    assert _listed(first) == ids[:50] and "Page 1 of 2" in first
    second = client.get(f"{url}?page=2").text
    assert _listed(second) == ids[50:] and len(ids[50:]) == 5 and "Page 2 of 2" in second
    assert client.get(f"{url}?page=3").status_code == 404
    garbage = client.get(f"{url}?page=abc")
    assert garbage.status_code == 200 and _listed(garbage.text) == ids[:50]


def test_the_list_of_meetings_costs_the_same_queries_with_5_and_60_meetings(
        login_as, cast, page_queries):
    project = cast["project"]
    client = login_as(cast["member"])
    url = f"/projects/{project.id}/meetings"
    _meeting(cast)
    bulk.rows("meeting", project.id, 4)
    few = page_queries(client, url)
    bulk.rows("meeting", project.id, 55)
    assert page_queries(client, url) == few
