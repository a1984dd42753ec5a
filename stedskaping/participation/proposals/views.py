"""The proposals pages: the list with the form to propose, a proposal with its support
button, the team's answer and the author's withdrawal, and its photo."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stedskaping.access import can
from stedskaping.db import db
from stedskaping.domain import DomainError, show_on_form
from stedskaping.links import link
from stedskaping.participation import pictures
from stedskaping.participation.blueprint import bp
from stedskaping.participation.proposals import forms, operations
from stedskaping.participation.proposals.models import Proposal, ProposalStatus
from stedskaping.projects.blueprint import project_view
from stedskaping.projects.forms import PostForm

BASE = "/projects/<int:project_id>/proposals"


def _proposal_or_404(project, proposal_id: int) -> Proposal:
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or proposal.project_id != project.id:
        abort(404)
    if proposal.is_hidden and not can(current_user, "moderation.decide", project):
        abort(404)
    return proposal


@bp.get(BASE)
@project_view("project.view")
def list_proposals(project, form=None, status=200):
    proposals = operations.visible_page(project)
    return render_template(
        "participation/proposals/list.html", project=project, proposals=proposals,
        form=form or forms.ProposalForm(formdata=None), labels=forms.ANSWER_LABELS,
        supported=operations.supported_by(current_user, [p.id for p in proposals]),
        counts=operations.counts(project)), status


@bp.post(BASE)
@project_view("participation.propose_vote_report")
def propose(project):
    form = forms.ProposalForm()
    if not form.validate_on_submit():
        return list_proposals.undecorated(project, form, 400)
    try:
        proposal = operations.propose(project, current_user, operations.NewProposal(
            form.title.data, form.body.data, form.location.data or "",
            pictures.read_upload(form.photo.data)), link=link(
                "participation.list_proposals", project_id=project.id))
    except DomainError as error:
        return list_proposals.undecorated(project, form, show_on_form(form, error))
    flash(_("Thank you! Your proposal is published."), "success")
    return redirect(url_for(".show_proposal", project_id=project.id, proposal_id=proposal.id))


@bp.get(f"{BASE}/<int:proposal_id>")
@project_view("project.view")
def show_proposal(project, proposal_id: int, answer_form=None, withdraw_form=None,
                  status=200):
    proposal = _proposal_or_404(project, proposal_id)
    return render_template(
        "participation/proposals/show.html", project=project, proposal=proposal,
        labels=forms.ANSWER_LABELS, ProposalStatus=ProposalStatus,
        supported=proposal.id in operations.supported_by(current_user, [proposal.id]),
        answer_form=answer_form or forms.AnswerForm(
            formdata=None, prefix="answer", status=str(proposal.status), text=proposal.answer),
        withdraw_form=withdraw_form or forms.WithdrawForm(formdata=None, prefix="withdraw"),
        post_form=PostForm()), status


@bp.post(f"{BASE}/<int:proposal_id>/support")
@project_view("participation.propose_vote_report")
def support_proposal(project, proposal_id: int):
    proposal = _proposal_or_404(project, proposal_id)
    if not PostForm().validate_on_submit():
        abort(400)
    operations.support(project, proposal, current_user)
    flash(_("Thank you for your support."), "success")
    return redirect(url_for(".show_proposal", project_id=project.id, proposal_id=proposal.id))


@bp.post(f"{BASE}/<int:proposal_id>/answer")
@project_view("proposal.answer")
def answer_proposal(project, proposal_id: int):
    proposal = _proposal_or_404(project, proposal_id)
    form = forms.AnswerForm(prefix="answer")
    if form.validate_on_submit():
        try:
            page = link("participation.show_proposal", project_id=project.id,
                        proposal_id=proposal.id)
            operations.answer(project, proposal, current_user, ProposalStatus(form.status.data),
                              form.text.data, link=page)
        except DomainError as error:
            return show_proposal.undecorated(project, proposal_id, answer_form=form,
                                             status=show_on_form(form, error))
        flash(_("The answer is saved."), "success")
        return redirect(url_for(".show_proposal", project_id=project.id,
                                proposal_id=proposal.id))
    return show_proposal.undecorated(project, proposal_id, answer_form=form, status=400)


@bp.post(f"{BASE}/<int:proposal_id>/withdraw")
@project_view("participation.propose_vote_report")
def withdraw_proposal(project, proposal_id: int):
    proposal = _proposal_or_404(project, proposal_id)
    form = forms.WithdrawForm(prefix="withdraw")
    if form.validate_on_submit():
        try:
            operations.withdraw(project, proposal, current_user, form.reason.data)
        except DomainError as error:
            return show_proposal.undecorated(project, proposal_id, withdraw_form=form,
                                             status=show_on_form(form, error))
        flash(_("Your proposal is withdrawn."), "success")
        return redirect(url_for(".show_proposal", project_id=project.id,
                                proposal_id=proposal.id))
    return show_proposal.undecorated(project, proposal_id, withdraw_form=form, status=400)


@bp.get(f"{BASE}/<int:proposal_id>/photo")
@project_view("project.view")
def proposal_photo(project, proposal_id: int):
    proposal = _proposal_or_404(project, proposal_id)
    return pictures.image_response(project.id, proposal.photo) or abort(404)


def load_proposal(proposal_id: int) -> Proposal | None:
    """A proposal by id, for moderation (which checks who may see it)."""
    return db.session.get(Proposal, proposal_id)
