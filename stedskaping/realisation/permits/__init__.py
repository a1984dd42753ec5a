"""Permits per measure: who grants them, where each stands, the document, the expiry of a
temporary one; the guard ``permits_granted`` in front of the plan's approval."""

from __future__ import annotations

from stedskaping.plugins import Notice
from stedskaping.text import _l, mark

PERMIT_NOTICES = {
    "refused": Notice(mark.gettext("A permit was refused: %(project)s"),
                      mark.gettext("%(grantor)s refused the permit for “%(measure)s”.")),
    "expires": Notice(mark.gettext("A permit runs out soon: %(project)s"),
                      mark.gettext("The permit from %(grantor)s for “%(measure)s” expires "
                                   "%(date)s.")),
}


def register(registry) -> None:
    from stedskaping.realisation.permits import panels, queries, views  # noqa: F401

    registry.fact("permit_gaps", many=queries.permit_gaps_many)(queries.permit_gaps)
    registry.guard(
        "permits_granted",
        why_not=lambda f: _l("Permits are missing: %(gaps)s.",
                             gaps="; ".join(f.get("permit_gaps"))),
        why_blocked=lambda f: _l("Every measure to be built has its permits."),
        sql=queries.permits_granted_sql,
    )(lambda facts: not facts.get("permit_gaps"))
    registry.panel("review", "realisation/_permit_panel.html", panels.review_panel)
    registry.panel("home", "realisation/_permit_panel.html", panels.home_panel)
    registry.notification_kind("permit_refused", _l("A permit for a project I follow is "
                                                    "refused, or runs out soon"),
                               notices=PERMIT_NOTICES)
