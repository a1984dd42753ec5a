"""Fixtures of the camp tests: a project with its camp window planned, its people, and
helpers to plan activities and shifts and to travel to a camp day."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from stedskaping.realisation.camp import operations as camp_ops
from stedskaping.realisation.camp.days import camp_days
from stedskaping.realisation.shifts import operations as shift_ops
from tests.browser.conftest import browser, screenshot  # noqa: F401  (for the browser test)
from tests.fixtures.factories import make_cast


@pytest.fixture(autouse=True)
def _in_english(english, client):
    client.get("/?lang=en")


@pytest.fixture
def cast(db):
    cast = make_cast()
    cast["days"] = camp_days(cast["project"])
    return cast


def plan_activity(cast, day_number: int = 1, title: str = "Benches", **kwargs):
    plan = camp_ops.ActivityPlan(**{
        "day_on": cast["days"][day_number - 1], "starts_at": time(9), "ends_at": time(13),
        "title": title, "place": "By the river", **kwargs})
    return camp_ops.add_activity(cast["project"], cast["initiator"], plan)


def plan_shift(cast, activity, title: str = "Carpentry", **kwargs):
    plan = shift_ops.ShiftPlan(**{"title": title, "starts_at": activity.starts_at,
                                  "ends_at": activity.ends_at, "capacity": 2, **kwargs})
    return shift_ops.plan_shift(cast["project"], activity, cast["initiator"], plan)


def on_day(clock, day, hour: int = 10):
    """Travel to a camp day, ``hour`` o'clock UTC (11 or 12 in Oslo)."""
    clock.move_to(datetime(day.year, day.month, day.day, hour, tzinfo=UTC))


def into_camp(cast, db, today, day_number: int = 2):
    """Bring the project into its camp (the realisation stage) with ``today`` its day
    ``day_number``: the plan's windows moved as a re-plan would, the state set."""
    from datetime import timedelta

    from stedskaping.realisation.camp.days import camp_days

    project = cast["project"]
    shift = today - timedelta(days=day_number - 1) - project.window("realisation").starts_on
    for window in project.windows:
        window.starts_on += shift
        window.ends_on += shift
    project.state = "realisation"  # a test's shortcut past the gates
    db.session.flush()
    cast["days"] = camp_days(project)
    return project
