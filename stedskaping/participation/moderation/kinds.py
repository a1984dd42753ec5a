"""What can be reported: a small registry of kinds. Each kind says how to find an item
and its project, who may see (and so report) it, who wrote it, how to show an excerpt
and a link in the moderation queue, and how to hide or show it again.

A new kind is a few lines in its part's ``register``::

    kinds.add(kinds.Reportable(
        "minutes", _l("Meeting minutes"), load=lambda i: db.session.get(Meeting, i),
        project_id=lambda m: m.project_id, author_id=lambda m: m.minutes_by_id,
        excerpt=lambda m: m.minutes, set_hidden=set_minutes_hidden,
        may_see=lambda user, project, m: True,
        link=lambda m: ("participation.show_meeting",
                        {"project_id": m.project_id, "meeting_id": m.id})))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from stedskaping.access import can
from stedskaping.db import db
from stedskaping.projects import from_domains
from stedskaping.projects.models import TaskComment


@dataclass(frozen=True)
class Reportable:
    key: str
    label: Any
    load: Callable[[int], Any]  # the item by id, or None
    project_id: Callable[[Any], int]
    author_id: Callable[[Any], int | None]
    excerpt: Callable[[Any], str]
    set_hidden: Callable[[Any, bool], None]
    may_see: Callable[[Any, Any, Any], bool]  # (user, project, item)
    link: Callable[[Any], tuple[str, dict]]  # (endpoint, values) of the page that shows it


KINDS: dict[str, Reportable] = {}


def add(kind: Reportable) -> None:
    # By key: an app made twice (tests, commands) registers the same kinds again.
    KINDS[kind.key] = kind


def get(key: str) -> Reportable | None:
    return KINDS.get(key)


def _comment_link(comment):
    return ("projects.show_task", {"project_id": comment.project_id,
                                   "stage_key": comment.stage_key,
                                   "task_key": comment.task_key, "_anchor": "comments"})


# Task comments belong to the projects domain: hidden through its own operation.
TASK_COMMENT = Reportable(
    "task_comment", _l("Comment"), load=lambda i: db.session.get(TaskComment, i),
    project_id=lambda c: c.project_id, author_id=lambda c: c.author_id,
    excerpt=lambda c: c.body,
    set_hidden=lambda c, hidden: from_domains.set_comment_hidden(c.id, hidden),
    may_see=lambda user, project, c: can(user, "project.comment", project),
    link=_comment_link)
