"""The handover gate: a keeper who confirms by link for each built measure, their
maintenance tasks with a rhythm, reminders and warnings before things run out."""

from __future__ import annotations

from stedskaping.plugins import Notice
from stedskaping.text import _l, mark

HANDOVER_NOTICES = {
    "confirmed": Notice(mark.gettext("A keeper confirmed: %(project)s"),
                        mark.gettext("%(name)s will own, operate and maintain “%(measure)s”.")),
    "ends": Notice(mark.gettext("A temporary measure ends soon: %(project)s"),
                   mark.gettext("“%(measure)s” is temporary and ends %(date)s.")),
}


def register(registry) -> None:
    from stedskaping.realisation.handover import jobs, models, queries, views  # noqa: F401

    registry.fact("handover_gaps", many=queries.handover_gaps_many)(queries.handover_gaps)
    registry.guard(
        "handover_confirmed",
        why_not=lambda f: _l("No confirmed keeper yet for: %(measures)s.",
                             measures=", ".join(f.get("handover_gaps"))),
        why_blocked=lambda f: _l("Every built measure has a keeper who confirmed."),
        sql=queries.handover_confirmed_sql,
    )(lambda facts: not facts.get("handover_gaps"))
    registry.job("maintenance_reminders", jobs.maintenance_reminders,
                 {"trigger": "cron", "hour": 7, "minute": 0},
                 "a mail to the keeper when a maintenance task falls due")
    registry.job("expiry_warnings", jobs.expiry_warnings,
                 {"trigger": "cron", "hour": 7, "minute": 15},
                 "a warning before a temporary permit or a temporary measure runs out")
    registry.notification_kind("handover", _l("The handover of a measure: a keeper confirms, "
                                              "or a temporary measure ends soon"),
                               notices=HANDOVER_NOTICES)
