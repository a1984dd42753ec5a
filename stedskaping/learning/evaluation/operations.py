"""Answering an evaluation round: the team's and facilitators' evaluation, the
supporters' two-question survey (by a signed link, no account needed).

One answer per person and round, changed as often as they like until the round closes.
A team or facilitator answer still missing when the round has closed may be given late
(the evaluation stage's gate waits for it); nothing else changes after the close.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from stedskaping.db import db, utcnow
from stedskaping.domain import DomainError
from stedskaping.learning.evaluation import rounds
from stedskaping.learning.evaluation.models import (
    CONDITIONS,
    IN_USE,
    KEEPER,
    EvaluationAnswer,
    EvaluationRound,
    SurveyAnswer,
)
from stedskaping.participation.supporters.models import Supporter
from stedskaping.text import _l


class EvaluationError(DomainError):
    """An answer that cannot be given now, with the reason."""


@dataclass(frozen=True)
class Evaluation:
    in_use: str
    used_by: str
    condition: str
    differently: str
    story: str


@dataclass(frozen=True)
class Survey:
    uses: bool
    score: int
    comment: str


def role_of(project, user) -> str | None:
    """The role ``user`` answers in (``rounds.respondents``), or None: not asked."""
    return next((role for person, role in rounds.accounts(project)
                 if person.id == getattr(user, "id", None)), None)


def answer_of(round_: EvaluationRound, user_id: int) -> EvaluationAnswer | None:
    return next((a for a in round_.answers if a.user_id == user_id), None)


def evaluate(project, round_: EvaluationRound, user, data: Evaluation,
             today: date) -> EvaluationAnswer:
    """Give or change one's evaluation in a round. Refused to anyone not asked, and
    after the round has closed unless the answer is still missing."""
    role = role_of(project, user)
    if role is None:
        raise EvaluationError(_l("Only the team and the facilitators answer the "
                                 "evaluation."), status=403)
    if data.in_use not in IN_USE or data.condition not in CONDITIONS:
        raise EvaluationError(_l("Choose one of the options."), "condition")
    answer = answer_of(round_, user.id)
    if answer is not None and not round_.is_open(today):
        raise EvaluationError(_l("The round has closed: answers can no longer be changed."),
                              status=409)
    if answer is None:
        answer = EvaluationAnswer(round=round_, user_id=user.id, role=role)
        db.session.add(answer)
    return _fill(answer, data)


def _fill(answer: EvaluationAnswer, data: Evaluation) -> EvaluationAnswer:
    if data.in_use not in IN_USE or data.condition not in CONDITIONS:
        raise EvaluationError(_l("Choose one of the options."), "condition")
    if answer.id is not None:
        answer.updated_dt = utcnow()
    answer.in_use, answer.condition = data.in_use, data.condition
    answer.used_by, answer.differently = data.used_by.strip(), data.differently.strip()
    answer.story = data.story.strip()
    db.session.flush()
    return answer


# --- the keepers' evaluation, by their link -------------------------------------------

def _keeper_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="evaluation-keeper")


def keeper_token(round_id: int, keeper) -> str:
    # The address is in the token: a keeper replaced by another loses the link.
    return _keeper_serializer().dumps({"r": round_id, "k": keeper.id, "e": keeper.email})


def for_keeper_token(token: str):
    """The round and the confirmed keeper a keeper's link is for; EvaluationError (404)
    when the link is not valid or the keeper is no longer the measure's."""
    from stedskaping.realisation.handover.models import Keeper

    try:
        data = _keeper_serializer().loads(token)
    except BadSignature as error:
        raise EvaluationError(_l("This link is not valid."), status=404) from error
    if not isinstance(data, dict) or not isinstance(data.get("r"), int) \
            or not isinstance(data.get("k"), int):
        raise EvaluationError(_l("This link is not valid."), status=404)
    round_ = db.session.get(EvaluationRound, data["r"])
    keeper = db.session.get(Keeper, data["k"])
    if round_ is None or keeper is None or keeper.email != data.get("e") \
            or keeper.confirmed_dt is None or keeper.project_id != round_.project_id:
        raise EvaluationError(_l("This link is no longer valid."), status=404)
    return round_, keeper


def keeper_answer_of(round_: EvaluationRound, keeper_id: int) -> EvaluationAnswer | None:
    return next((a for a in round_.answers if a.keeper_id == keeper_id), None)


def evaluate_as_keeper(round_: EvaluationRound, keeper, data: Evaluation,
                       today: date) -> EvaluationAnswer:
    """A measure keeper's evaluation (role ``keeper``), given or changed until the
    round closes."""
    if not round_.is_open(today):
        raise EvaluationError(_l("The round has closed: answers can no longer be changed."),
                              status=409)
    if data.in_use not in IN_USE or data.condition not in CONDITIONS:
        raise EvaluationError(_l("Choose one of the options."), "condition")
    answer = keeper_answer_of(round_, keeper.id)
    if answer is None:
        answer = EvaluationAnswer(round=round_, keeper_id=keeper.id, role=KEEPER)
        db.session.add(answer)
    return _fill(answer, data)


# --- the supporters' survey -------------------------------------------------------------

def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="evaluation-survey")


def survey_token(round_id: int, supporter: Supporter) -> str:
    # The address is in the token: the link stops working if the supporter withdraws.
    return _serializer().dumps({"r": round_id, "s": supporter.id, "e": supporter.email})


def for_token(token: str) -> tuple[EvaluationRound, Supporter]:
    """The round and the supporter a survey link is for; EvaluationError (404) when the
    link is not valid or the supporter has withdrawn."""
    try:
        data = _serializer().loads(token)
    except BadSignature as error:
        raise EvaluationError(_l("This link is not valid."), status=404) from error
    if not isinstance(data, dict):
        raise EvaluationError(_l("This link is not valid."), status=404)
    round_ = db.session.get(EvaluationRound, data.get("r"))
    supporter = db.session.get(Supporter, data.get("s"))
    if round_ is None or supporter is None or supporter.email != data.get("e") \
            or supporter.project_id != round_.project_id:
        raise EvaluationError(_l("This link is no longer valid."), status=404)
    return round_, supporter


def survey_of(round_: EvaluationRound, supporter_id: int) -> SurveyAnswer | None:
    return db.session.scalar(sa.select(SurveyAnswer).where(
        SurveyAnswer.round_id == round_.id, SurveyAnswer.supporter_id == supporter_id))


def answer_survey(round_: EvaluationRound, supporter: Supporter, data: Survey,
                  today: date) -> SurveyAnswer:
    """A supporter's answers (given again, they replace the first) until the round
    closes."""
    if not round_.is_open(today):
        raise EvaluationError(_l("The survey has closed. Thank you all the same."),
                              status=409)
    if not 1 <= data.score <= 5:
        raise EvaluationError(_l("Choose a number from 1 to 5."), "score")
    answer = survey_of(round_, supporter.id)
    if answer is None:
        answer = SurveyAnswer(round_id=round_.id, supporter_id=supporter.id)
        db.session.add(answer)
    else:
        answer.updated_dt = utcnow()
    answer.uses, answer.score, answer.comment = data.uses, data.score, data.comment.strip()
    db.session.flush()
    return answer
