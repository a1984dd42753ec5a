"""Projects: the place, the team, the plan and the progress of each task.

The project core: the engine's persistence (``process.advance``), the plan
(``planning``), the facts and guards every workflow uses.
"""

from stedskaping.plugins import Notice
from stedskaping.text import _l, mark

# The texts of the projects' notices, rendered when read in the reader's language.
TASK_REMINDERS = {
    "task_due_today": Notice(mark.gettext("“%(task)s” is due today"),
                             mark.gettext("Project: %(project)s")),
    "task_due": Notice(mark.ngettext("“%(task)s” is due in %(num)d day",
                                     "“%(task)s” is due in %(num)d days"),
                       mark.gettext("Project: %(project)s")),
    "stage_ends_today": Notice(mark.gettext("The stage “%(stage)s” ends today"),
                               mark.gettext("Project: %(project)s")),
    "stage_ends": Notice(mark.ngettext("The stage “%(stage)s” ends in %(num)d day",
                                       "The stage “%(stage)s” ends in %(num)d days"),
                         mark.gettext("Project: %(project)s")),
}
CAMP_PROGRAMME = {
    "day": Notice(mark.gettext("Camp day %(n)d of %(total)d: %(project)s"), body_param="plan"),
    "day_without_plan": Notice(mark.gettext("Camp day %(n)d of %(total)d: %(project)s"),
                               mark.gettext("Good luck today! Remember safety first.")),
}
CAMP_DATE_REQUESTS = {
    "asked": Notice(mark.gettext("%(title)s asks for a new camp date"),
                    mark.gettext("%(who)s asks to move the camp from %(old)s to %(new)s. "
                                 "The reason: %(reason)s")),
}
TASK_COMMENTS = {
    "comment": Notice(mark.gettext("%(who)s commented on “%(task)s” in %(title)s"),
                      body_param="comment"),
}


def register(registry) -> None:
    from stedskaping.projects import (  # noqa: F401  (views and rules register on import)
        calendar_views,
        guards,
        jobs,
        rules,
        task_views,
        team_views,
        views,
    )
    from stedskaping.projects.blueprint import bp

    registry.blueprint(bp)
    guards.register(registry)
    jobs.register(registry)
    registry.notification_kind("task_reminder",
                               _l("Reminders before task and stage deadlines"),
                               notices=TASK_REMINDERS)
    registry.notification_kind("camp_programme", _l("The camp's programme each morning"),
                               notices=CAMP_PROGRAMME)
    registry.notification_kind("camp_date_request",
                               _l("Requests for a new camp date (for facilitators)"),
                               notices=CAMP_DATE_REQUESTS)
    registry.notification_kind("task_comment", _l("Comments on the tasks of your projects"),
                               notices=TASK_COMMENTS)
