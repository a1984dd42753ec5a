"""The good-practice catalogue: a completed project is nominated, a facilitator of its
municipality assesses VIPU's five hallmarks, and with all five met it is published in
the public catalogue. See docs/learning.md "The good-practice catalogue"."""

from __future__ import annotations

from stedskaping.text import _l


def register(registry) -> None:
    from stedskaping.learning.catalogue import (  # noqa: F401  (views and rules register)
        notices,
        panels,
        public_views,
        rules,
        views,
    )

    registry.panel("home", "learning/catalogue/_home_panel.html", panels.home_panel)
    registry.panel("public", "learning/catalogue/_public_panel.html", panels.public_panel)
    registry.notification_kind("catalogue", _l("The good-practice catalogue and my projects"),
                               notices=notices.CATALOGUE_NOTICES)
