"""Moderation: reports, hiding at enough reports, the facilitators' queue, blocks."""

from __future__ import annotations

from flask_babel import ngettext


def dashboard_panel(user, given):
    """The moderation queue's size on the facilitator's dashboard."""
    from stedskaping.participation.moderation.operations import queue

    return {"waiting": len(queue(user))}


def _reports_text(value) -> str:
    return ngettext("%(num)d waiting", "%(num)d waiting", value) if value else "–"


def register(registry) -> None:
    from flask_babel import lazy_gettext as _l

    from stedskaping.participation.moderation import kinds, operations, rules, views  # noqa: F401

    kinds.add(kinds.TASK_COMMENT)
    registry.dashboard_column("reports", _l("Reports"), operations.waiting_counts,
                              _reports_text)
    registry.panel("dashboard", "participation/moderation/_dashboard_panel.html",
                   dashboard_panel)
