"""Proposals from neighbours: propose, support, the team's answer, withdrawing."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from stedskaping.engine.guards import count_or_all
from stedskaping.plugins import Notice
from stedskaping.text import mark


def _answered_check(facts, wanted) -> bool:
    counts = facts.get("proposal_counts")
    if wanted == "all":
        return counts["unanswered"] == 0
    return counts["answered"] >= wanted


def _answered_why_not(facts, wanted):
    counts = facts.get("proposal_counts")
    if wanted == "all":
        return _l("Answer every proposal: %(n)d still wait for the team's answer.",
                  n=counts["unanswered"])
    return _l("%(answered)d of %(wanted)d proposals are answered.",
              answered=counts["answered"], wanted=wanted)


def _answered_why_blocked(facts, wanted):
    if wanted == "all":
        return _l("Every proposal is answered.")
    return _l("At least %(wanted)d proposals are answered.", wanted=wanted)


def home_panel(project, given):
    from stedskaping.participation.proposals import operations

    return {"counts": operations.counts(project)}


def register(registry) -> None:
    from stedskaping.participation.moderation import kinds
    from stedskaping.participation.proposals import operations, rules, views  # noqa: F401

    registry.fact("proposal_counts")(operations.counts)
    registry.guard("proposals_answered", why_not=_answered_why_not,
                   why_blocked=_answered_why_blocked, param=count_or_all)(_answered_check)
    registry.panel("home", "participation/proposals/_home_panel.html", home_panel)
    registry.panel("public", "participation/proposals/_public_panel.html", home_panel)
    registry.notification_kind("proposal", _l("Proposals and answers to them"), notices={
        "new": Notice(mark.gettext("New proposal in %(project)s: %(title)s"), body_param="body"),
        "answered": Notice(mark.gettext("The team answered your proposal “%(title)s”"),
                           body_param="text"),
    })
    kinds.add(kinds.Reportable(
        "proposal", _l("Proposal"), load=views.load_proposal,
        project_id=lambda p: p.project_id, author_id=lambda p: p.author_id,
        excerpt=lambda p: f"{p.title}: {p.body}", set_hidden=operations.set_hidden,
        may_see=lambda user, project, p: True,
        link=lambda p: ("participation.show_proposal",
                        {"project_id": p.project_id, "proposal_id": p.id})))
