"""The facts and guards of the project core, which every workflow may use."""

from __future__ import annotations

import sqlalchemy as sa

from stedskaping.projects import process
from stedskaping.projects.models import TASK_DONE, TaskProgress
from stedskaping.text import _l


def _no_open_required_task(project):
    return ~sa.select(TaskProgress.id).where(
        TaskProgress.project_id == project.id, TaskProgress.stage_key == project.state,
        TaskProgress.is_required.is_(True), TaskProgress.status != TASK_DONE).exists()


def register(registry) -> None:
    registry.fact("open_required_tasks")(process.open_required_tasks)
    registry.fact("member_count")(process.member_count)

    @registry.guard(
        "required_tasks_done",
        why_not=lambda f: _l("Required tasks are still open: %(tasks)s.",
                             tasks=", ".join(f.get("open_required_tasks"))),
        why_blocked=lambda f: _l("All required tasks are done."),
        sql=_no_open_required_task,
    )
    def required_tasks_done(facts) -> bool:
        return not facts.get("open_required_tasks")

    @registry.guard(
        "team_formed",
        why_not=lambda f: _l("The team needs at least two people (now %(n)d).",
                             n=f.get("member_count")),
        why_blocked=lambda f: _l("The team is formed."),
    )
    def team_formed(facts) -> bool:
        return facts.get("member_count") >= 2
