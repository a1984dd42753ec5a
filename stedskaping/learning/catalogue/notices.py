"""The catalogue's notices: to the team when its project is nominated, assessed and
published; to the municipality's facilitators when a project is nominated."""

from __future__ import annotations

from stedskaping.links import link
from stedskaping.notifications.notify import notify
from stedskaping.plugins import Notice
from stedskaping.text import mark

CATALOGUE_NOTICES = {
    "nominated": Notice(mark.gettext("Nominated for the catalogue: %(title)s"),
                        mark.gettext("%(who)s nominated the project as a good practice.")),
    "assessed": Notice(mark.gettext("Hallmarks assessed: %(title)s"),
                       mark.gettext("%(met)d of 5 hallmarks are met.")),
    "published": Notice(mark.gettext("In the catalogue: %(title)s"),
                        mark.gettext("The project is published as a good practice.")),
}


def _team(project):
    return [m.user for m in project.members]


def nominated(project, entry, actor) -> None:
    from stedskaping.projects.operations import facilitators_of

    url = link("learning.assess_entry", project_id=project.id)
    people = {u.id: u for u in _team(project) + facilitators_of(project)}
    for user in people.values():
        if user.id != actor.id:
            notify(user, "catalogue", f"catalogue-nominated:{entry.id}:{user.id}", "nominated",
                   link=url, title=project.title, who=actor.name)


def assessed(project, entry) -> None:
    url = link("learning.assess_entry", project_id=project.id)
    for user in _team(project):
        notify(user, "catalogue", f"catalogue-assessed:{entry.id}:{entry.assessed_dt.isoformat()}"
               f":{user.id}", "assessed", link=url, title=project.title,
               met=entry.hallmarks_met)


def published(project, entry) -> None:
    url = link("learning.show_entry", entry_id=entry.id)
    for user in _team(project):
        notify(user, "catalogue", f"catalogue-published:{entry.id}:"
               f"{entry.published_dt.isoformat()}:{user.id}", "published", link=url,
               title=project.title)
