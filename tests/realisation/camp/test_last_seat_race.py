"""Many people sign up for the last place of a shift at the same moment: the shift's row
lock serialises them, exactly one gets the place and the others go on the waitlist; when
two give up their places at once, each freed place promotes one person, first come."""

import threading
import time as clock_time

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from stedskaping.db import unit_of_work
from stedskaping.extensions import db
from stedskaping.notifications.models import Notification
from stedskaping.realisation.camp.days import CampError, camp_days
from stedskaping.realisation.shifts import signups
from stedskaping.realisation.shifts.models import CampShift, CampSignup, CampVolunteer
from tests.fixtures.factories import make_cast, make_user
from tests.realisation.camp.helpers import plan_activity, plan_shift

pytestmark = pytest.mark.commits


def _world(app, people: int, capacity: int = 2, seated_first: int = 1):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("row locks under real concurrency are a PostgreSQL matter; "
                        "SQLite serialises writers")
        with unit_of_work():
            cast = make_cast()
            cast["days"] = camp_days(cast["project"])
            shift = plan_shift(cast, plan_activity(cast), capacity=capacity)
            for _ in range(seated_first):
                signups.sign_up(shift, cast["project"], make_user(), signups.SignUp())
            racers = [make_user() for _ in range(people)]
        return cast["project"].id, shift.id, [u.id for u in racers]


def _at_once(app, monkeypatch, shift_id, user_ids, step):
    """Every session reads the shift before any writes (counting places is made slow)."""
    real_count = signups.places_taken

    def slow_count(shift):
        clock_time.sleep(0.2)
        return real_count(shift)

    monkeypatch.setattr(signups, "places_taken", slow_count)
    barrier, outcomes = threading.Barrier(len(user_ids)), []

    def person(user_id):
        from stedskaping.accounts.models import User
        from stedskaping.projects.models import Project

        with app.app_context(), force_locale("en"):
            shift = db.session.get(CampShift, shift_id)
            project = db.session.get(Project, shift.project_id)
            user = db.session.get(User, user_id)
            barrier.wait()
            try:
                with unit_of_work():
                    row = step(shift, project, user)
                    outcomes.append((user_id, str(row.status)))
            except CampError as error:
                outcomes.append((user_id, str(error.message)))

    threads = [threading.Thread(target=person, args=(u,)) for u in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _statuses(app, shift_id):
    with app.app_context():
        rows = db.session.execute(sa.select(CampVolunteer.user_id, CampSignup.status)
                                  .join(CampVolunteer).where(CampSignup.shift_id == shift_id))
        return dict(rows.all())


def test_exactly_one_gets_the_last_place(app, monkeypatch):
    _project_id, shift_id, racers = _world(app, people=6)
    outcomes = _at_once(app, monkeypatch, shift_id, racers,
                        lambda s, p, u: signups.sign_up(s, p, u, signups.SignUp()))
    assert len(outcomes) == 6
    assert sorted(status for _u, status in outcomes) == ["seated"] + ["waitlisted"] * 5
    statuses = _statuses(app, shift_id)
    assert sum(1 for s in statuses.values() if s == "seated") == 2  # never over capacity


def test_two_give_up_at_once_and_two_are_promoted_first_come(app, monkeypatch):
    _project_id, shift_id, racers = _world(app, people=0, capacity=2, seated_first=2)
    with app.app_context(), unit_of_work():
        shift = db.session.get(CampShift, shift_id)
        project = shift.activity.project
        queued = [make_user() for _ in range(3)]
        for user in queued:
            signups.sign_up(shift, project, user, signups.SignUp())
        queued = [u.id for u in queued]
        seated = [uid for uid, s in _statuses(app, shift_id).items() if s == "seated"]
    outcomes = _at_once(app, monkeypatch, shift_id, seated,
                        lambda s, p, u: signups.cancel(s, p, u))
    assert sorted(status for _u, status in outcomes) == ["cancelled", "cancelled"]
    statuses = _statuses(app, shift_id)
    assert [statuses[u] for u in queued] == ["seated", "seated", "waitlisted"]
    with app.app_context():
        told = db.session.scalars(sa.select(Notification.user_id).where(
            Notification.key.like("camp-shift-place:%"))).all()
    assert sorted(told) == sorted(queued[:2])
