"""Supporters: neighbours who put their name behind a project, confirmed by e-mail, with
or without an account. See docs/participation.md "Supporters"."""

from __future__ import annotations

from stedskaping.engine.guards import at_least
from stedskaping.text import _l


def register(registry) -> None:
    from flask_login import user_logged_in

    from stedskaping.participation.supporters import (  # noqa: F401  (rules register)
        jobs,
        operations,
        queries,
        rules,
        views,
    )

    registry.fact("supporter_count")(queries.supporter_count)
    registry.guard(
        "supporters_at_least", param=at_least,
        why_not=lambda f, n: _l("%(count)d of %(needed)d supporters (confirmed by e-mail).",
                                count=f.get("supporter_count"), needed=n),
        why_blocked=lambda f, n: _l("The project has %(count)d supporters.",
                                    count=f.get("supporter_count")),
    )(lambda facts, n: facts.get("supporter_count") >= n)
    registry.dashboard_column("supporters", _l("Supporters"), queries.counts,
                              queries.count_text)
    registry.panel("public", "participation/supporters/_public_panel.html", views.public_panel)
    registry.panel("home", "participation/supporters/_home_panel.html", views.home_panel)
    registry.connect(user_logged_in, operations.link_supporters)
    registry.job("unconfirmed_supporters", jobs.unconfirmed_supporters,
                 {"trigger": "cron", "hour": 3, "minute": 30},
                 "sign-ups as supporters never confirmed, a month after")
