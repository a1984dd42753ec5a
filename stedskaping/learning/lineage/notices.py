"""The notice to a proven project's team when someone starts a project like it."""

from __future__ import annotations

from stedskaping.links import link
from stedskaping.notifications.notify import notify
from stedskaping.plugins import Notice
from stedskaping.text import mark

LINEAGE_NOTICES = {
    "copied": Notice(mark.gettext("Started like your project: %(title)s"),
                     mark.gettext("%(who)s started “%(copy)s” from your project.")),
}


def copied(origin, project, actor) -> None:
    url = link("projects.show_project", project_id=project.id)
    for member in origin.members:
        if member.user_id != actor.id:
            notify(member.user, "lineage", f"lineage-copied:{project.id}:{member.user_id}",
                   "copied", link=url, title=origin.title, copy=project.title, who=actor.name)
