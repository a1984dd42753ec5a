"""The camp's sections on a project's public page and its home, one query each."""

from __future__ import annotations

import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.realisation.camp.days import camp_days, camp_window
from stedskaping.realisation.camp.models import CampActivity

# The home shows the camp from this many stages before it (planning, crowdfunding).
HOME_STAGES_BEFORE = 2


def _counts(project_id: int) -> dict[int, int]:
    """{day number: activities}."""
    return dict(db.session.execute(
        sa.select(CampActivity.day_number, sa.func.count()).where(
            CampActivity.project_id == project_id).group_by(CampActivity.day_number)).all())


def public_panel(project, given) -> dict | None:
    """The camp days and how many activities each has, once there is a programme; not
    after the camp (no shifts to sign up for: the finished page shows what was done)."""
    from stedskaping.projects.process import is_finished

    if is_finished(project):
        return None
    counts = _counts(project.id)
    if not counts:
        return None
    days = camp_days(project)
    return {"days": [(day, counts.get(n, 0)) for n, day in enumerate(days, 1)]}


def home_panel(project, given) -> dict | None:
    """For the team, as the camp comes near: the way to the camp plan, the check-in and
    the ledger. It asks nothing of the database (the home's query budget)."""
    window = camp_window(project)
    windows = sorted(project.windows, key=lambda w: w.position)
    current = next((w for w in windows if w.stage_key == project.state), None)
    if window is None or current is None or \
            current.position < window.position - HOME_STAGES_BEFORE:
        return None
    return {}
