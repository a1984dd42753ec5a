"""Two people give up their seats at the same moment: the meeting's row lock serialises
the cancellations, and each freed seat promotes exactly one person from the waitlist."""

import threading
import time

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from stedskaping.db import unit_of_work
from stedskaping.extensions import db
from stedskaping.notifications.models import Notification
from stedskaping.participation.meetings import operations, registrations
from stedskaping.participation.meetings.models import Meeting, MeetingRegistration
from tests.fixtures.factories import make_cast, make_user

pytestmark = pytest.mark.commits


def _world(app, waiting: int):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("row locks under real concurrency are a PostgreSQL matter; "
                        "SQLite serialises writers")
        from datetime import timedelta

        from stedskaping.db import utcnow

        with unit_of_work():
            cast = make_cast()
            starts = utcnow() + timedelta(days=5)
            meeting = operations.plan_meeting(cast["project"], cast["initiator"],
                                              operations.MeetingPlan(
                                                  title="Verksted", starts_dt=starts,
                                                  ends_dt=starts + timedelta(hours=2),
                                                  place="Tunet", capacity=2))
            seated = [make_user() for _ in range(2)]
            queued = [make_user() for _ in range(waiting)]
            for person in [*seated, *queued]:
                registrations.register(meeting, person)
        return meeting.id, [u.id for u in seated], [u.id for u in queued]


def _cancel_at_once(app, monkeypatch, meeting_id, user_ids):
    """Both sessions read the meeting before either writes (promotion is made slow)."""
    real_promote = registrations.promote_waiting

    def slow_promote(meeting):
        time.sleep(0.3)
        return real_promote(meeting)

    monkeypatch.setattr(registrations, "promote_waiting", slow_promote)
    barrier, outcomes = threading.Barrier(len(user_ids)), []

    def person(user_id):
        from stedskaping.accounts.models import User

        with app.app_context(), force_locale("en"):
            meeting, user = db.session.get(Meeting, meeting_id), db.session.get(User, user_id)
            barrier.wait()
            try:
                with unit_of_work():
                    registrations.cancel(meeting, user)
            except operations.MeetingError as error:
                outcomes.append(("refused", str(error.message)))
            else:
                outcomes.append(("cancelled", user_id))

    threads = [threading.Thread(target=person, args=(u,)) for u in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _state(app, meeting_id):
    with app.app_context():
        rows = db.session.scalars(sa.select(MeetingRegistration).where(
            MeetingRegistration.meeting_id == meeting_id)).all()
        seat_notices = db.session.scalars(sa.select(Notification).where(
            Notification.key.like("meeting-seat:%"))).all()
        return {r.user_id: r.status for r in rows}, seat_notices


@pytest.mark.parametrize("waiting", [3, 1])
def test_two_cancellations_at_once_promote_one_person_per_freed_seat(
        app, monkeypatch, waiting):
    meeting_id, seated, queued = _world(app, waiting)
    outcomes = _cancel_at_once(app, monkeypatch, meeting_id, seated)
    assert sorted(kind for kind, _ in outcomes) == ["cancelled", "cancelled"]
    statuses, notices = _state(app, meeting_id)
    promoted = [u for u in queued if statuses[u] == "registered"]
    assert promoted == queued[:2]  # first come, first served
    assert [u for u in queued if statuses[u] == "waitlisted"] == queued[2:]
    assert sum(1 for s in statuses.values() if s == "registered") == min(2, waiting)
    assert sorted(n.user_id for n in notices) == sorted(promoted)  # each told once


def test_the_same_seat_given_up_twice_at_once_is_cancelled_once(app, monkeypatch):
    meeting_id, seated, queued = _world(app, 2)
    outcomes = _cancel_at_once(app, monkeypatch, meeting_id, [seated[0], seated[0]])
    assert sorted(kind for kind, _ in outcomes) == ["cancelled", "refused"]
    assert any("You are not registered for this meeting." in m for _, m in outcomes)
    statuses, notices = _state(app, meeting_id)
    assert [u for u in queued if statuses[u] == "registered"] == queued[:1]
    assert len(notices) == 1
