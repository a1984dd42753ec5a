"""Starting from a proven project: "Start a project like this" copies a project's plan
(measures, budget lines, materials, day plan, shift templates) into a new project that
keeps a link to its origin. See docs/learning.md "Starting from a proven project"."""

from __future__ import annotations

from stedskaping.text import _l


def register(registry) -> None:
    from stedskaping.learning.lineage import notices, panels, rules, views  # noqa: F401

    registry.panel("home", "learning/lineage/_panel.html", panels.lineage_panel)
    registry.panel("public", "learning/lineage/_panel.html", panels.lineage_panel)
    registry.notification_kind("lineage", _l("Projects started like mine"),
                               notices=notices.LINEAGE_NOTICES)
