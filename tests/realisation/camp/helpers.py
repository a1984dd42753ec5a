"""Helpers of the camp tests: planning activities and shifts, travelling to a camp day,
bringing a project into its camp, and posting forms as a browser does."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, time, timedelta

from stedskaping.realisation.camp import operations as camp_ops
from stedskaping.realisation.camp.days import camp_days
from stedskaping.realisation.shifts import operations as shift_ops
from tests.fixtures.forms import csrf_token


def post(client, url: str, data: dict, *, page: str, prefix: str = ""):
    name = f"{prefix}-csrf_token" if prefix else "csrf_token"
    return client.post(url, data={name: csrf_token(client, page), **data})


def text(response) -> str:
    """The page's text with whitespace normalised (money shows as ``NOK 200``)."""
    page = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(page).replace("\u00a0", " ").replace("\u202f", " "))


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
    project = cast["project"]
    shift = today - timedelta(days=day_number - 1) - project.window("realisation").starts_on
    for window in project.windows:
        window.starts_on += shift
        window.ends_on += shift
    project.state = "realisation"  # a test's shortcut past the gates
    db.session.flush()
    cast["days"] = camp_days(project)
    return project
