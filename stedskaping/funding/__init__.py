"""Crowdfunding: campaigns, pledges of money, materials and hours, matchfunding."""

from stedskaping.text import _l


def register(registry) -> None:
    from stedskaping import signals
    from stedskaping.funding import facts, lifecycle, operations, rules, views  # noqa: F401
    from stedskaping.funding.cli import funding

    registry.blueprint(views.bp)
    registry.cli(funding)
    facts.register(registry)
    registry.connect(signals.project_advanced, lifecycle.follow_project)
    registry.connect(signals.plan_changed, operations.follow_plan)
    registry.notification_kind("campaign_reminder", _l("A campaign closing soon"))
