"""Supervision: the facilitator's dashboard, gate reviews, re-planning and notes."""

from stedskaping.plugins import Notice
from stedskaping.text import _l, mark

ESCALATIONS = {
    "overdue": Notice(mark.ngettext("%(project)s: “%(task)s” is %(num)d day overdue",
                                    "%(project)s: “%(task)s” is %(num)d days overdue"),
                      mark.gettext("A required task is overdue. The team may need your help.")),
}
FACILITATOR_DIGESTS = {
    "summary": Notice(mark.gettext("Your projects: %(late)d late, %(risk)d at risk, "
                                   "%(waiting)d decisions waiting")),
}


def register(registry) -> None:
    from stedskaping.supervision import (  # noqa: F401  (rules register on import)
        jobs,
        programme_views,
        rules,
        views,
    )

    registry.blueprint(views.bp)
    registry.blueprint(programme_views.bp)
    registry.panel("municipality", "supervision/_municipality_programmes.html",
                   programme_views.municipality_panel)
    jobs.register(registry)
    registry.notification_kind("escalation",
                               _l("Required tasks that are overdue (for facilitators)"),
                               notices=ESCALATIONS)
    registry.notification_kind("facilitator_digest",
                               _l("A summary of your projects (for facilitators)"),
                               default_mode="daily", notices=FACILITATOR_DIGESTS)
