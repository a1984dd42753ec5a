"""The evaluation pages: the rounds and their results, one's answer, the supporters'
survey by its link."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stedskaping.domain import show_on_form
from stedskaping.extensions import limiter
from stedskaping.learning.blueprint import bp
from stedskaping.learning.evaluation import forms, operations, queries
from stedskaping.projects.blueprint import project_or_404, project_view


@bp.get("/projects/<int:project_id>/evaluation")
@project_view("evaluation.view")
def show_evaluation(project):
    rounds = queries.rounds_of(project)
    return render_template(
        "learning/evaluation/show.html", project=project, today=date.today(),
        rounds=[(r, queries.results(r), operations.answer_of(r, current_user.id))
                for r in rounds],
        asked=operations.role_of(project, current_user) is not None)


@bp.route("/projects/<int:project_id>/evaluation/<int:round_id>", methods=["GET", "POST"])
@project_view("evaluation.answer")
def answer_evaluation(project, round_id: int):
    round_ = queries.round_of(project, round_id) or abort(404)
    answer = operations.answer_of(round_, current_user.id)
    form = forms.EvaluationForm(obj=answer)
    status = 200
    if form.validate_on_submit():
        try:
            operations.evaluate(project, round_, current_user, operations.Evaluation(
                in_use=form.in_use.data, used_by=form.used_by.data or "",
                condition=form.condition.data, differently=form.differently.data or "",
                story=form.story.data or ""), date.today())
        except operations.EvaluationError as error:
            status = show_on_form(form, error, "condition")
        else:
            flash(_("Thank you: your evaluation is saved."), "success")
            return redirect(url_for(".show_evaluation", project_id=project.id))
    return render_template("learning/evaluation/answer.html", project=project, round=round_,
                           form=form, answer=answer, today=date.today()), \
        status if status != 200 else (400 if form.errors else 200)


@bp.route("/evaluation/survey/<token>", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
def survey(token: str):
    """A supporter's two questions, by the link in their mail (no account needed)."""
    try:
        round_, supporter = operations.for_token(token)
    except operations.EvaluationError as error:
        return render_template("learning/evaluation/link_invalid.html",
                               message=error.message), 404
    project = project_or_404(round_.project_id)
    answer = operations.survey_of(round_, supporter.id)
    form = forms.SurveyForm(data=None if answer is None else {
        "uses": "yes" if answer.uses else "no", "score": str(answer.score),
        "comment": answer.comment})
    status = 200
    if form.validate_on_submit():
        try:
            operations.answer_survey(round_, supporter, operations.Survey(
                uses=form.uses.data == "yes", score=int(form.score.data),
                comment=form.comment.data or ""), date.today())
        except operations.EvaluationError as error:
            status = show_on_form(form, error, "score")
        else:
            flash(_("Thank you for your answers."), "success")
            return redirect(url_for(".survey", token=token))
    return render_template("learning/evaluation/survey.html", project=project, round=round_,
                           form=form, answered=answer is not None, today=date.today()), \
        status if status != 200 else (400 if form.errors else 200)


@bp.route("/evaluation/keeper/<token>", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
def keeper_evaluation(token: str):
    """A measure keeper's evaluation, by the link in their mail (no account needed)."""
    try:
        round_, keeper = operations.for_keeper_token(token)
    except operations.EvaluationError as error:
        return render_template("learning/evaluation/link_invalid.html",
                               message=error.message), 404
    project = project_or_404(round_.project_id)
    answer = operations.keeper_answer_of(round_, keeper.id)
    form = forms.EvaluationForm(obj=answer)
    status = 200
    if form.validate_on_submit():
        try:
            operations.evaluate_as_keeper(round_, keeper, operations.Evaluation(
                in_use=form.in_use.data, used_by=form.used_by.data or "",
                condition=form.condition.data, differently=form.differently.data or "",
                story=form.story.data or ""), date.today())
        except operations.EvaluationError as error:
            status = show_on_form(form, error, "condition")
        else:
            flash(_("Thank you: your evaluation is saved."), "success")
            return redirect(url_for(".keeper_evaluation", token=token))
    return render_template("learning/evaluation/keeper.html", project=project, round=round_,
                           keeper=keeper, form=form, answer=answer, today=date.today()), \
        status if status != 200 else (400 if form.errors else 200)
