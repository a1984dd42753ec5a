"""Supervision: the facilitator's dashboard, gate reviews, re-planning and notes."""

from stedskaping.text import _l


def register(registry) -> None:
    from stedskaping.supervision import jobs, rules, views  # noqa: F401  (rules register on import)

    registry.blueprint(views.bp)
    jobs.register(registry)
    registry.notification_kind("escalation",
                               _l("Required tasks that are overdue (for facilitators)"))
    registry.notification_kind("facilitator_digest",
                               _l("A summary of your projects (for facilitators)"),
                               default_mode="daily")
