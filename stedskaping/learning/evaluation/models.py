"""Evaluation rounds of a project, and the answers given in them."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stedskaping.db import created, db, intpk, project_fk, user_fk

# How a measure is, as the team and the facilitator see it.
CONDITIONS = ("good", "worn", "broken", "gone")
IN_USE = ("yes", "partly", "no")
# Who answers the longer evaluation (``rounds.respondents``).
TEAM, FACILITATOR, KEEPER = "team", "facilitator", "keeper"


class EvaluationRound(db.Model):
    """One round of a project: opened by the scheduler when due (``position`` is its place
    in the workflow's ``plan: evaluation_rounds``, so each opens once), answered until
    ``closes_on``; ``reminded_dt`` records the one reminder."""

    __tablename__ = "evaluation_round"
    __table_args__ = (sa.UniqueConstraint("project_id", "position"),)

    id: Mapped[intpk]
    project_id: Mapped[project_fk]
    position: Mapped[int]
    months: Mapped[int | None]  # None: the round at completion
    opened_on: Mapped[date]
    closes_on: Mapped[date] = mapped_column(index=True)
    reminded_dt: Mapped[datetime | None]
    created_dt: Mapped[created]

    answers: Mapped[list[EvaluationAnswer]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="EvaluationAnswer.id")
    surveys: Mapped[list[SurveyAnswer]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="SurveyAnswer.id")

    def is_open(self, today: date) -> bool:
        return today <= self.closes_on


class EvaluationAnswer(db.Model):
    """One person's evaluation in one round (the team's members, the facilitators, after
    the realisation domain the measures' keepers), editable until the round closes."""

    __tablename__ = "evaluation_answer"
    __table_args__ = (sa.UniqueConstraint("round_id", "user_id"),
                      sa.UniqueConstraint("round_id", "keeper_id"))

    id: Mapped[intpk]
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("evaluation_round.id", ondelete="CASCADE"), index=True)
    # An account's answer (the team, a facilitator), or a measure keeper's by the link in
    # their mail (``keeper_id``, no account).
    user_id: Mapped[user_fk | None]
    keeper_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("realisation_keeper.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(sa.String(16))
    in_use: Mapped[str] = mapped_column(sa.String(8))
    used_by: Mapped[str] = mapped_column(sa.Text, default="")
    condition: Mapped[str] = mapped_column(sa.String(8))
    differently: Mapped[str] = mapped_column(sa.Text, default="")
    story: Mapped[str] = mapped_column(sa.Text, default="")
    created_dt: Mapped[created]
    updated_dt: Mapped[datetime | None]

    round: Mapped[EvaluationRound] = relationship(back_populates="answers")


class SurveyAnswer(db.Model):
    """A supporter's two answers in one round, given by the link in their mail (no
    account): do they use it, and how has it changed the place for them (1-5, a text)."""

    __tablename__ = "evaluation_survey_answer"
    __table_args__ = (sa.UniqueConstraint("round_id", "supporter_id"),)

    id: Mapped[intpk]
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("evaluation_round.id", ondelete="CASCADE"), index=True)
    supporter_id: Mapped[int] = mapped_column(
        sa.ForeignKey("supporter.id", ondelete="CASCADE"), index=True)
    uses: Mapped[bool]
    score: Mapped[int]
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    created_dt: Mapped[created]
    updated_dt: Mapped[datetime | None]

    round: Mapped[EvaluationRound] = relationship(back_populates="surveys")
