"""The concept vote's pages: the vote itself (concepts, the ballot, the results once
closed), the team's set-up (window, mode, concepts, publishing), and the sketches."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stedskaping.access import can
from stedskaping.db import utcnow
from stedskaping.domain import DomainError, show_on_form
from stedskaping.participation import pictures
from stedskaping.participation.blueprint import bp
from stedskaping.participation.vote import closing, forms, operations
from stedskaping.participation.vote.models import RANKING, VoteStatus
from stedskaping.projects.blueprint import project_view
from stedskaping.projects.forms import PostForm

BASE = "/projects/<int:project_id>/vote"


def _vote_or_404(project, *, for_team: bool = False):
    vote = operations.vote_of(project)
    if vote is None or (vote.status == VoteStatus.DRAFT and not for_team
                        and not can(current_user, "vote.manage", project)):
        abort(404)
    return vote


def _ranking(vote) -> list[int]:
    """The concept ids in the order of the ranks sent (``rank-<id>`` = 1, 2...)."""
    ranks = {}
    for concept in vote.concepts:
        text = request.form.get(f"rank-{concept.id}", "").strip()
        ranks[concept.id] = int(text) if text.isdigit() and len(text) < 3 else 0
    if sorted(ranks.values()) != list(range(1, len(ranks) + 1)):
        return []
    return sorted(ranks, key=ranks.get)


@bp.get(BASE)
@project_view("project.view")
def show_vote(project, form=None, status=200):
    vote = _vote_or_404(project)
    winner = next((c for c in vote.concepts if c.id == vote.winner_id), None)
    return render_template(
        "participation/vote/show.html", project=project, vote=vote, winner=winner,
        VoteStatus=VoteStatus, RANKING=RANKING, now=utcnow(), form=form or forms.BallotForm(),
        has_voted=operations.has_voted(vote, current_user)), status


@bp.post(BASE)
@project_view("participation.propose_vote_report")
def cast_vote(project):
    vote = _vote_or_404(project)
    form = forms.BallotForm()
    if not form.validate_on_submit():
        return show_vote.undecorated(project, form, 400)
    if vote.mode == RANKING:
        choices = _ranking(vote)
    else:
        text = form.choice.data or ""
        choices = [int(text)] if text.isdigit() and len(text) < 10 else []
    try:
        operations.cast(project, vote, current_user, choices)
    except DomainError as error:
        return show_vote.undecorated(project, form, show_on_form(form, error, "choice"))
    flash(_("Thank you! Your vote is counted. The results are published when the vote "
            "closes."), "success")
    return redirect(url_for(".show_vote", project_id=project.id))


def _default_window(project):
    """From the plan: open now, close at the end of the current stage's window."""
    zone = forms.local_zone()
    window = project.window(project.state)
    ends_on = window.ends_on if window else (utcnow() + timedelta(days=14)).date()
    closes = datetime.combine(ends_on, time(20, 0), zone)
    opens = utcnow().astimezone(zone).replace(minute=0, second=0, microsecond=0)
    return opens, max(closes, opens + timedelta(days=1))


def _setup_page(project, vote, vote_form=None, concept_form=None, status=200):
    if vote_form is None:
        opens, closes = (vote.opens_dt, vote.closes_dt) if vote else _default_window(project)
        vote_form = forms.VoteForm(formdata=None, prefix="vote", opens_dt=opens,
                                   closes_dt=closes, mode=vote.mode if vote else None)
    return render_template(
        "participation/vote/setup.html", project=project, vote=vote, vote_form=vote_form,
        concept_form=concept_form or forms.ConceptForm(formdata=None, prefix="concept"),
        VoteStatus=VoteStatus, post_form=PostForm(), now=utcnow()), status


@bp.get(f"{BASE}/setup")
@project_view("vote.manage")
def setup_vote(project):
    return _setup_page(project, operations.vote_of(project))


@bp.post(f"{BASE}/setup")
@project_view("vote.manage")
def save_vote(project):
    form = forms.VoteForm(prefix="vote")
    vote = operations.vote_of(project)
    if not form.validate_on_submit():
        return _setup_page(project, vote, vote_form=form, status=400)
    try:
        operations.save_vote(project, current_user, form.mode.data, form.opens_dt.data,
                             form.closes_dt.data)
    except DomainError as error:
        return _setup_page(project, vote, vote_form=form, status=show_on_form(form, error))
    flash(_("The vote is saved."), "success")
    return redirect(url_for(".setup_vote", project_id=project.id))


@bp.post(f"{BASE}/concepts")
@project_view("vote.manage")
def add_concept(project):
    vote = _vote_or_404(project, for_team=True)
    form = forms.ConceptForm(prefix="concept")
    if not form.validate_on_submit():
        return _setup_page(project, vote, concept_form=form, status=400)
    try:
        operations.add_concept(project, vote, current_user, operations.NewConcept(
            form.title.data, form.description.data, form.cost.data,
            pictures.read_upload(form.sketch.data)))
    except DomainError as error:
        return _setup_page(project, vote, concept_form=form,
                           status=show_on_form(form, error))
    flash(_("The concept is added."), "success")
    return redirect(url_for(".setup_vote", project_id=project.id))


@bp.post(f"{BASE}/concepts/<int:concept_id>/remove")
@project_view("vote.manage")
def remove_concept(project, concept_id: int):
    vote = _vote_or_404(project, for_team=True)
    if not PostForm().validate_on_submit():
        abort(400)
    operations.remove_concept(vote, concept_id)
    flash(_("The concept is removed."), "success")
    return redirect(url_for(".setup_vote", project_id=project.id))


@bp.post(f"{BASE}/publish")
@project_view("vote.manage")
def publish_vote(project):
    vote = _vote_or_404(project, for_team=True)
    if not PostForm().validate_on_submit():
        abort(400)
    operations.publish(project, vote, current_user)
    flash(_("The vote is published."), "success")
    return redirect(url_for(".show_vote", project_id=project.id))


@bp.post(f"{BASE}/close")
@project_view("vote.manage")
def close_vote(project):
    vote = _vote_or_404(project, for_team=True)
    if not PostForm().validate_on_submit():
        abort(400)
    closing.close_vote(vote.id, current_user)
    flash(_("The vote is closed and its results are published."), "success")
    return redirect(url_for(".show_vote", project_id=project.id))


@bp.get(f"{BASE}/concepts/<int:concept_id>/sketch")
@project_view("project.view")
def concept_sketch(project, concept_id: int):
    vote = _vote_or_404(project)
    concept = next((c for c in vote.concepts if c.id == concept_id), None)
    response = pictures.image_response(project.id, concept.sketch if concept else None)
    return response or abort(404)
