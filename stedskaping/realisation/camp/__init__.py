"""The camp plan: the six days from the camp window, each with its programme of
activities (time, place, lead, measure); shown publicly; the morning mail sends the day's
real programme; the safety briefing. See docs/realisation-camp.md."""

from __future__ import annotations


def register(registry) -> None:
    from stedskaping.realisation.camp import mail, panels, queries, rules, views  # noqa: F401

    registry.panel("public", "realisation/camp/_public_panel.html", panels.public_panel)
    registry.panel("home", "realisation/camp/_home_panel.html", panels.home_panel)
    registry.day_programme(mail.day_programmes)
    registry.timeline(queries.timeline_events)
