"""Evaluation rounds: at completion, then +3 and +12 months after the camp (the workflow's
``plan: evaluation_rounds``), the team and the facilitators evaluate, the supporters answer
two questions. See docs/learning.md "Evaluation rounds"."""

from __future__ import annotations

from stedskaping.plugins import Notice
from stedskaping.text import _l, mark

EVALUATION_NOTICES = {
    "asked": Notice(mark.gettext("Time to evaluate: %(title)s"),
                    mark.gettext("How is the place doing? Give your evaluation by "
                                 "%(closes)s.")),
    "reminder": Notice(mark.gettext("Reminder: evaluate %(title)s"),
                       mark.gettext("The evaluation round closes on %(closes)s, and your "
                                    "answer is still missing.")),
}


def register(registry) -> None:
    from stedskaping.learning.evaluation import (  # noqa: F401  (views and rules register)
        jobs,
        panels,
        queries,
        rules,
        views,
    )

    registry.fact("evaluation_answered")(queries.first_round_answered)
    registry.guard(
        "evaluation_answered",
        why_not=lambda f: _l("The first evaluation round needs the team's and a "
                             "facilitator's answers."),
        why_blocked=lambda f: _l("The first evaluation round is answered."),
        sql=queries.first_round_answered_sql,
    )(lambda facts: bool(facts.get("evaluation_answered")))
    registry.dashboard_column("evaluation", _l("Evaluation"), queries.dashboard_state,
                              queries.dashboard_text)
    registry.panel("home", "learning/evaluation/_home_panel.html", panels.home_panel)
    registry.panel("dashboard", "learning/evaluation/_dashboard_panel.html",
                   panels.dashboard_panel)
    registry.job("evaluation_rounds", jobs.evaluation_rounds,
                 {"trigger": "cron", "hour": 6, "minute": 15},
                 "opens each evaluation round when due, and reminds once before it closes")
    registry.notification_kind("evaluation", _l("Evaluation rounds of my projects"),
                               notices=EVALUATION_NOTICES)
