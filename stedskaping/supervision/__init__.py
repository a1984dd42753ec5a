"""Supervision: the facilitator's dashboard, gate reviews, re-planning and notes."""

from stedskaping.text import _l


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
                               _l("Required tasks that are overdue (for facilitators)"))
    registry.notification_kind("facilitator_digest",
                               _l("A summary of your projects (for facilitators)"),
                               default_mode="daily")
