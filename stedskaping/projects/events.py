"""Writing the project's activity log."""

from __future__ import annotations

from stedskaping.db import db
from stedskaping.projects.models import ProjectEvent


def record(project, actor, kind: str, *, stage_key: str | None = None,
           task_key: str | None = None, **data) -> ProjectEvent:
    event = ProjectEvent(project_id=project.id, actor_id=getattr(actor, "id", None), kind=kind,
                         stage_key=stage_key, task_key=task_key, data=data)
    db.session.add(event)
    return event
