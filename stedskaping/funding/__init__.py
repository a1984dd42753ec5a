"""Crowdfunding: campaigns, pledges of money, materials and hours, matchfunding."""

from stedskaping.plugins import Notice
from stedskaping.text import _l, mark

CAMPAIGN_REMINDERS = {
    "closing": Notice(mark.ngettext("%(num)d day left for the campaign of %(project)s",
                                    "%(num)d days left for the campaign of %(project)s"),
                      mark.gettext("It closes on %(date)s.")),
}


def register(registry) -> None:
    from stedskaping import signals
    from stedskaping.funding import (  # noqa: F401  (rules register on import)
        facts,
        jobs,
        lifecycle,
        municipality_views,
        operations,
        payment_views,
        rules,
        steps,
        views,
    )
    from stedskaping.funding.cli import funding

    registry.blueprint(views.bp)
    registry.cli(funding)
    facts.register(registry)
    jobs.register(registry)
    registry.connect(signals.project_advanced, lifecycle.follow_project)
    registry.connect(signals.plan_changed, operations.follow_plan)
    registry.panel("municipality", "funding/_municipality_money.html",
                   municipality_views.municipality_panel)
    registry.step_check(steps.close_from_its_page)
    registry.step_warning(steps.cancel_consequences)
    registry.notification_kind("campaign_reminder", _l("A campaign closing soon"),
                               notices=CAMPAIGN_REMINDERS)
