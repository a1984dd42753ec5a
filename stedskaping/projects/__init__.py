"""Projects: the place, the team, the plan and the progress of each task.

The project core: the engine's persistence (``process.advance``), the plan
(``planning``), the facts and guards every workflow uses.
"""

from stedskaping.text import _l


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
                               _l("Reminders before task and stage deadlines"))
    registry.notification_kind("camp_programme", _l("The camp's programme each morning"))
    registry.notification_kind("camp_date_request",
                               _l("Requests for a new camp date (for facilitators)"))
    registry.notification_kind("task_comment", _l("Comments on the tasks of your projects"))
