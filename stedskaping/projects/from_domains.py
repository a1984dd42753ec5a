"""What other domains may change in a project, through these operations only: a
starting value for a task's field (the concept vote's winning cost into the budget),
and hiding a task comment (moderation)."""

from __future__ import annotations

import sqlalchemy as sa

from stedskaping.db import db, utcnow
from stedskaping.engine import deliverables
from stedskaping.projects import events
from stedskaping.projects.models import TASK_DONE, TASK_DRAFT, TaskComment, TaskProgress
from stedskaping.projects.process import workflow_for


def set_starting_value(project, task_key: str, field_key: str, value, actor, **note) -> bool:
    """Fill a task's field with a starting value the team can change, unless the field
    already has an answer or the task is done (the team's own answer wins). The save
    counts as a new version, so a form opened before shows the change instead of
    overwriting it. A value the field would refuse is not set. Returns whether the value
    was set; ``note`` goes to the activity log."""
    workflow = workflow_for(project).workflow
    stage = next((s for s in workflow.stages if s.task(task_key)), None)
    if stage is None or not any(f.key == field_key for f in stage.task(task_key).fields):
        return False
    if deliverables.validate(stage.task(task_key), {field_key: value}, complete=False)[1]:
        return False  # outside the field's limits: the team fills it in themselves
    progress = db.session.scalar(sa.select(TaskProgress).where(
        TaskProgress.project_id == project.id, TaskProgress.stage_key == stage.key,
        TaskProgress.task_key == task_key).with_for_update())
    answers = dict(progress.answers or {}) if progress else {}
    if progress is None or progress.status == TASK_DONE or answers.get(field_key) is not None:
        return False
    answers[field_key] = value
    progress.answers, progress.status = answers, TASK_DRAFT
    progress.version += 1
    progress.updated_dt, progress.updated_by_id = utcnow(), getattr(actor, "id", None)
    events.record(project, actor, "starting_value", stage_key=stage.key, task_key=task_key,
                  field=field_key, **note)
    db.session.flush()
    return True


def set_comment_hidden(comment_id: int, hidden: bool) -> TaskComment | None:
    """Hide a task comment from its thread, or show it again (moderation decides)."""
    comment = db.session.get(TaskComment, comment_id)
    if comment is not None:
        comment.is_hidden = hidden
        db.session.flush()
    return comment
