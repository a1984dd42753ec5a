"""Opening a round and asking people to answer it; the one reminder before it closes.

Each notice has a key made of the round and the person, and each round is a row unique
per project and place in the plan: a second run of the job makes nothing twice.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app

from stedskaping.db import db, utcnow
from stedskaping.learning.evaluation import rounds
from stedskaping.learning.evaluation.models import EvaluationRound, SurveyAnswer
from stedskaping.learning.evaluation.operations import keeper_token, survey_token
from stedskaping.links import link
from stedskaping.notifications.notify import notify
from stedskaping.notifications.operations import queue_mail
from stedskaping.participation.supporters.models import Supporter
from stedskaping.text import _l


def open_round(project, position: int, spec, today: date) -> EvaluationRound:
    """Open the round and ask: a notice to each respondent, a mail with a survey link to
    each confirmed supporter."""
    round_ = EvaluationRound(
        project_id=project.id, position=position, months=spec.months, opened_on=today,
        closes_on=rounds.closes_on(today, current_app.config["EVALUATION_ROUND_DAYS"]))
    db.session.add(round_)
    db.session.flush()
    _ask(project, round_, "asked", _respondents_to_ask(project, round_))
    _mail_keepers(project, round_, _keepers_to_ask(project, round_), reminder=False)
    _mail_supporters(project, round_, _supporters(project, round_), reminder=False)
    return round_


def remind(project, round_: EvaluationRound) -> int:
    """Remind those who have not answered yet, once (``reminded_dt``)."""
    round_.reminded_dt = utcnow()
    people = _respondents_to_ask(project, round_)
    _ask(project, round_, "reminder", people)
    keepers = _keepers_to_ask(project, round_)
    _mail_keepers(project, round_, keepers, reminder=True)
    waiting = _supporters(project, round_)
    _mail_supporters(project, round_, waiting, reminder=True)
    db.session.flush()
    return len(people) + len(keepers) + len(waiting)


def reminder_due(round_: EvaluationRound, today: date) -> bool:
    before = timedelta(days=current_app.config["EVALUATION_REMINDER_DAYS"])
    return round_.reminded_dt is None and round_.closes_on - before <= today <= round_.closes_on


def _respondents_to_ask(project, round_: EvaluationRound) -> list:
    answered = {a.user_id for a in round_.answers}
    return [user for user, _role in rounds.accounts(project) if user.id not in answered]


def _keepers_to_ask(project, round_: EvaluationRound) -> list:
    answered = {a.keeper_id for a in round_.answers}
    return [k for k in rounds.confirmed_keepers(project) if k.id not in answered]


def _mail_keepers(project, round_: EvaluationRound, keepers, *, reminder: bool) -> None:
    """The measures' keepers answer the evaluation by a signed link (no account)."""
    subject = (_l("Reminder: how is %(title)s doing?", title=project.title) if reminder
               else _l("How is %(title)s doing? Your evaluation as its keeper",
                       title=project.title))
    for keeper in keepers:
        queue_mail(kind="evaluation_keeper", recipient=keeper.email, locale=keeper.locale,
                   subject=subject, template="evaluation_keeper", project=project,
                   keeper=keeper, round=round_,
                   link=link("learning.keeper_evaluation",
                             token=keeper_token(round_.id, keeper)))


def _ask(project, round_: EvaluationRound, notice: str, people) -> None:
    url = link("learning.show_evaluation", project_id=project.id)
    for user in people:
        notify(user, "evaluation", f"evaluation-{notice}:{round_.id}:{user.id}", notice,
               link=url, title=project.title, closes=round_.closes_on)


def _supporters(project, round_: EvaluationRound) -> list[Supporter]:
    answered = sa.select(SurveyAnswer.supporter_id).where(SurveyAnswer.round_id == round_.id)
    return list(db.session.scalars(sa.select(Supporter).where(
        Supporter.project_id == project.id, Supporter.confirmed_dt.is_not(None),
        Supporter.id.not_in(answered)).order_by(Supporter.id)))


def _mail_supporters(project, round_: EvaluationRound, supporters, *, reminder: bool) -> None:
    subject = (_l("Reminder: how is %(title)s doing?", title=project.title) if reminder
               else _l("How is %(title)s doing? Two questions", title=project.title))
    for supporter in supporters:
        queue_mail(kind="evaluation_survey", recipient=supporter.email,
                   locale=supporter.locale, subject=subject, template="evaluation_survey",
                   project=project, supporter=supporter, round=round_,
                   link=link("learning.survey", token=survey_token(round_.id, supporter)))
