"""Campaign pages, pledges and the Stripe webhook (the card pages and refunds:
``payment_views``)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, selectinload

from stedskaping import pages
from stedskaping.access import can, require
from stedskaping.cache import cached_page
from stedskaping.db import db
from stedskaping.domain import show_on_form
from stedskaping.extensions import csrf
from stedskaping.fields import options
from stedskaping.formats import money
from stedskaping.funding import forms, lifecycle, operations, webhooks
from stedskaping.funding.bank import kid_for, payment_details
from stedskaping.funding.models import (
    STANDING,
    Campaign,
    CampaignStatus,
    CampaignUpdate,
    MatchFund,
    Pledge,
    PledgeStatus,
    RefundStatus,
)
from stedskaping.funding.totals import match_terms, net_paid, totals
from stedskaping.input import nul_on_the_form
from stedskaping.payments.browser import card_settings
from stedskaping.projects.blueprint import project_view
from stedskaping.projects.forms import PostForm
from stedskaping.projects.models import Project
from stedskaping.projects.process import workflow_for

bp = Blueprint("funding", __name__)
# Templates compare statuses with the enums, never with strings of their own.
bp.add_app_template_global(CampaignStatus, "CampaignStatus")
bp.add_app_template_global(PledgeStatus, "PledgeStatus")
bp.add_app_template_global(RefundStatus, "RefundStatus")
# Pledges that do not stand (left out of the backers list).

def _campaign_or_404(project):
    campaign = operations.campaign_of(project)
    if campaign is None:
        abort(404)
    return campaign


def _pledge_or_404(pledge_id: int) -> Pledge:
    pledge = db.session.get(Pledge, pledge_id)
    if pledge is None:
        abort(404)
    return pledge


def _pledge_form(campaign, formdata=None):
    form = forms.PledgeForm(formdata=formdata) if formdata is not None else forms.PledgeForm(
        formdata=None)
    form.kind.choices = forms.kind_choices(card_settings().enabled)
    form.reward.choices = options([("", _("No thank-you"))] + [
        (str(r.id), f"{r.title} ({r.amount // 100} kr)") for r in campaign.rewards])
    return form


def _campaign_page(project, campaign, pledge_form=None, update_form=None, status=200,
                   earlier=None):
    # Backers with their names in the same query; pledges that do not stand are left out.
    # A page of them (the index on (campaign_id, id) serves the order), with the true count.
    backers = pages.paginate(sa.select(Pledge).options(joinedload(Pledge.backer)).where(
        Pledge.campaign_id == campaign.id, Pledge.status.in_(STANDING))
        .order_by(Pledge.id.desc()), anchor="backers-heading")
    updates = db.session.scalars(sa.select(CampaignUpdate).where(
        CampaignUpdate.campaign_id == campaign.id).order_by(CampaignUpdate.id.desc())).all()
    result = totals(campaign)
    return render_template(
        "funding/campaign.html", project=project, campaign=campaign, totals=result,
        match=match_terms(campaign, result), kid_for=kid_for,
        backers=backers, updates=updates, is_live=campaign.status == CampaignStatus.LIVE,
        pledge_form=pledge_form or _pledge_form(campaign),
        update_form=update_form or forms.UpdateForm(formdata=None),
        card_enabled=card_settings().enabled, earlier=_earlier_rounds(project, campaign, earlier),
        in_crowdfunding=operations.in_crowdfunding(project),
        project_cancelled=_cancelled(project)), \
        status


def _cancelled(project) -> bool:
    workflow = workflow_for(project).workflow
    return bool(workflow.side_state(project.state)) and workflow.is_final(project.state)


def _earlier_rounds(project, campaign, earlier=None):
    """Earlier rounds, for the history on the campaign page."""
    if earlier is None:
        earlier = [c for c in operations.rounds_of(project) if c.round < campaign.round]
    return earlier


@bp.get("/projects/<int:project_id>/campaign")
@cached_page
@project_view("project.view")
def show_campaign(project):
    rounds = operations.rounds_of(project)
    if rounds and rounds[-1].status == CampaignStatus.DRAFT and not can(
            current_user, "campaign.manage", project):
        rounds.pop()  # a draft round is the team's until it opens
    if not rounds:
        abort(404)
    return _campaign_page(project, rounds[-1], earlier=rounds[:-1])


def _campaign_initial(campaign) -> dict:
    """The saved campaign as the form's text (amounts in whole kroner)."""
    if campaign is None:
        return {}
    return {
        "minimum": campaign.minimum_amount, "optimum": campaign.optimum_amount,
        "story": campaign.story,
        "cost_plan": "\n".join(f"{c['item']}; {c['amount'] // 100}" for c in campaign.cost_plan),
        "rewards": "\n".join(f"{r.title}; {r.amount // 100}; {r.quantity or ''}"
                             for r in campaign.rewards),
        "match_fund": str(campaign.match_fund_id or ""),
        "bank_account": campaign.bank_account,
    }


@bp.route("/projects/<int:project_id>/campaign/edit", methods=["GET", "POST"])
@nul_on_the_form
@project_view("campaign.manage")
def edit_campaign(project):
    campaign = operations.campaign_of(project)
    form = forms.CampaignForm(**_campaign_initial(campaign))  # the request's data wins
    funds = db.session.scalars(sa.select(MatchFund).where(
        MatchFund.municipality_id == project.municipality_id)).all()
    form.match_fund.choices = options([("", _("None"))] + [(str(f.id), f.name) for f in funds])
    status = 200
    if form.validate_on_submit():
        try:
            operations.save_campaign(project, current_user, operations.CampaignPlan(
                minimum_amount=form.minimum.data, optimum_amount=form.optimum.data,
                story=form.story.data, cost_plan=getattr(form.cost_plan, "rows", []),
                rewards=getattr(form.rewards, "rows", []),
                match_fund_id=int(form.match_fund.data) if form.match_fund.data else None,
                bank_account=form.bank_account.data))
        except operations.FundingError as error:
            show_on_form(form, error, "minimum")
            status = error.status
        else:
            flash(_("The campaign is saved."), "success")
            return redirect(url_for(".show_campaign", project_id=project.id))
    if form.errors and status == 200:
        status = 400
    return render_template("funding/edit.html", project=project, campaign=campaign,
                           in_crowdfunding=operations.in_crowdfunding(project),
                           form=form), status


def _post_action(project, action, success: str):
    """Run a one-button action (CSRF is checked for every POST by CSRFProtect)."""
    try:
        action()
    except operations.FundingError as error:
        return render_template("projects/refused.html", project=project,
                               reasons=[error.message]), error.status
    flash(success, "success")
    return None


@bp.post("/projects/<int:project_id>/campaign/open")
@project_view("campaign.manage")
def open_campaign(project):
    refused = _post_action(project, lambda: operations.open_campaign(project, current_user),
                           _("The campaign is open for pledges."))
    return refused or redirect(url_for(".show_campaign", project_id=project.id))


@bp.route("/projects/<int:project_id>/campaign/close", methods=["GET", "POST"])
@project_view("campaign.decide")
def close(project):
    """Close early: a page that says what will happen, a reason, then the close job."""
    campaign = _campaign_or_404(project)
    form = forms.CloseForm()
    if form.validate_on_submit():
        try:
            lifecycle.request_close(campaign, current_user, form.reason.data)
        except operations.FundingError as error:
            show_on_form(form, error, "reason")
            status = error.status
        else:
            flash(_("The campaign is closing. Cards are charged or released in the background "
                    "within a few minutes, and the backers and the team are e-mailed."),
                  "success")
            return redirect(url_for(".show_campaign", project_id=project.id))
    else:
        status = 400 if form.errors else 200
    return render_template("funding/close.html", project=project, campaign=campaign,
                           preview=lifecycle.close_preview(campaign), form=form,
                           is_live=campaign.status == CampaignStatus.LIVE), status


@bp.post("/projects/<int:project_id>/campaign/pledge")
@login_required
@project_view("campaign.pledge")
def make_pledge(project):
    campaign = _campaign_or_404(project)
    form = _pledge_form(campaign, request.form)
    if form.validate_on_submit():
        try:
            pledge = operations.pledge(campaign, current_user, operations.NewPledge(
                kind=form.kind.data, amount=form.amount.data, hours=form.hours.data,
                description=form.description.data or "", is_anonymous=form.is_anonymous.data,
                reward_id=int(form.reward.data) if form.reward.data else None))
        except operations.FundingError as error:
            if error.field is None:
                return render_template("projects/refused.html", project=project,
                                       reasons=[error.message]), error.status
            show_on_form(form, error)
            return _campaign_page(project, campaign, pledge_form=form, status=error.status)
        if pledge.kind == "card":
            return redirect(url_for(".card", pledge_id=pledge.id))
        flash(_offline_thanks(pledge) if pledge.kind == "offline" else
              _("Thank you! Your pledge is registered."), "success")
        return redirect(url_for(".my_pledges"))
    return _campaign_page(project, campaign, pledge_form=form, status=400)


def _offline_thanks(pledge) -> str:
    details = payment_details(pledge)
    if not details.account:
        return _("Thank you! Your pledge is registered. When the campaign reaches its "
                 "minimum, the team will tell you how to pay.")
    return _("Thank you! Your pledge is registered. When the campaign reaches its minimum, "
             "pay %(amount)s to account %(account)s with KID %(kid)s; we will e-mail you "
             "then.", amount=money(details.amount), account=details.account_display,
             kid=details.kid)


@bp.route("/pledges/<int:pledge_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(pledge_id: int):
    """Withdraw a pledge, after a page that asks whether the backer is sure."""
    pledge = _pledge_or_404(pledge_id)
    require("pledge.own", pledge)
    if request.method == "GET":
        return render_template("funding/cancel.html", pledge=pledge, form=PostForm())
    refused = _post_action(pledge.campaign.project, lambda: operations.cancel_pledge(
        pledge, current_user), _("Your pledge is cancelled."))
    return refused or redirect(url_for(".my_pledges"))


@bp.get("/pledges/")
@login_required
def my_pledges():
    pledges = pages.paginate(sa.select(Pledge).where(Pledge.backer_id == current_user.id)
                             .options(selectinload(Pledge.campaign)
                                      .joinedload(Campaign.project)
                                      .joinedload(Project.municipality))
                             .order_by(Pledge.id.desc()))
    return render_template("funding/mine.html", pledges=pledges, net_paid=net_paid,
                           payments={p.id: payment_details(p) for p in pledges
                                     if p.kind == "offline"})


@bp.post("/pledges/<int:pledge_id>/material")
def decide_material(pledge_id: int):
    pledge = _pledge_or_404(pledge_id)
    project = pledge.campaign.project
    require("campaign.decide", project)
    accept = request.form.get("decision") == "accept"
    refused = _post_action(project, lambda: operations.accept_material(pledge, accept),
                           _("The offer is accepted into the budget.") if accept else
                           _("The offer is declined."))
    return refused or redirect(url_for(".show_campaign", project_id=project.id))


@bp.post("/pledges/<int:pledge_id>/received")
def confirm_received(pledge_id: int):
    pledge = _pledge_or_404(pledge_id)
    require("pledge.confirm_received", pledge)
    project = pledge.campaign.project
    refused = _post_action(project, lambda: operations.confirm_received(pledge),
                           _("The payment is confirmed as received."))
    return refused or redirect(url_for(".show_campaign", project_id=project.id))


@bp.post("/projects/<int:project_id>/campaign/updates")
@project_view("campaign.post_update")
def post_update(project):
    campaign = _campaign_or_404(project)
    form = forms.UpdateForm()
    if not form.validate_on_submit():
        return _campaign_page(project, campaign, update_form=form, status=400)
    operations.post_update(campaign, current_user, form.title.data, form.body.data)
    flash(_("The update is published and e-mailed to the backers."), "success")
    return redirect(url_for(".show_campaign", project_id=project.id))


@bp.post("/stripe/webhook")
@csrf.exempt  # Stripe signs its requests instead
def stripe_webhook():
    try:
        event = webhooks.verify(request.get_data(), request.headers.get("Stripe-Signature"))
    except webhooks.BadSignature:
        abort(400)
    webhooks.receive(event)
    return {"received": True}
