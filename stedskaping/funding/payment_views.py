"""The card pages and the admin's refunds. They read and write only our database:
Stripe's side is done by the jobs (``funding.cards``, ``funding.refunds``), and the
card pages poll ``card_state`` until what they wait for is there."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from stedskaping.access import require
from stedskaping.db import db
from stedskaping.domain import show_on_form
from stedskaping.funding import forms, operations, refunds
from stedskaping.funding.cards import NOT_SAVED
from stedskaping.funding.models import Pledge, PledgeStatus, Refund
from stedskaping.funding.views import bp
from stedskaping.payments.browser import card_settings
from stedskaping.projects.forms import PostForm


def _own_pledge(pledge_id: int) -> Pledge:
    pledge = db.session.get(Pledge, pledge_id)
    if pledge is None:
        abort(404)
    require("pledge.own", pledge)
    return pledge


def _card_page(template: str, pledge: Pledge):
    settings = card_settings()
    return render_template(template, pledge=pledge, client_secret=pledge.stripe_client_secret,
                           checking=pledge.browser_confirmed_dt is not None,
                           refused=pledge.failure_reason == NOT_SAVED,
                           publishable_key=settings.publishable_key, stripe_js=settings.js_url,
                           form=PostForm())


@bp.route("/pledges/<int:pledge_id>/card", methods=["GET", "POST"])
@login_required
def card(pledge_id: int):
    """Save the card for a pledge: the form appears once the card_pages job has made the
    SetupIntent; after Stripe.js confirms it, the page waits for the job's check."""
    pledge = _own_pledge(pledge_id)
    if request.method == "POST":
        try:
            operations.browser_confirmed(pledge, request.form.get("setup_intent"))
        except operations.FundingError as error:
            flash(error.message, "error")
        return redirect(url_for(".card", pledge_id=pledge.id))
    if pledge.status == PledgeStatus.SAVED:
        flash(_("Your card is saved. It is charged only if the campaign reaches its minimum."),
              "success")
    if pledge.status != PledgeStatus.PENDING_SETUP:
        return redirect(url_for(".my_pledges"))
    return _card_page("funding/card.html", pledge)


@bp.route("/pledges/<int:pledge_id>/pay", methods=["GET", "POST"])
@login_required
def pay(pledge_id: int):
    """Finish a payment that needed the backer (authentication), within the deadline."""
    pledge = _own_pledge(pledge_id)
    if request.method == "POST":
        operations.browser_confirmed(pledge)
        return redirect(url_for(".pay", pledge_id=pledge.id))
    if pledge.status == PledgeStatus.PAID:
        flash(_("Thank you! The payment went through."), "success")
    elif pledge.status == PledgeStatus.PAYMENT_FAILED:
        flash(_("The payment did not go through."), "error")
    if pledge.status != PledgeStatus.ACTION_REQUIRED:
        return redirect(url_for(".my_pledges"))
    return _card_page("funding/pay.html", pledge)


@bp.get("/pledges/<int:pledge_id>/card-state")
@login_required
def card_state(pledge_id: int):
    """What the card pages poll: the pledge's status and whether Stripe.js may start."""
    pledge = _own_pledge(pledge_id)
    return {"status": str(pledge.status), "client_secret": pledge.stripe_client_secret,
            "checking": pledge.browser_confirmed_dt is not None,
            "refused": pledge.failure_reason == NOT_SAVED}


@bp.route("/admin/pledges/<int:pledge_id>/refund", methods=["GET", "POST"])
def refund(pledge_id: int):
    """Record a refund (after a page that says what will be refunded to whom), and show
    the pledge's refunds with what Stripe made of them."""
    pledge = db.session.get(Pledge, pledge_id)
    if pledge is None:
        abort(404)
    require("pledge.refund", pledge)
    form = forms.RefundForm()
    status = 200
    if form.validate_on_submit() and form.confirmed.data != "edit":
        try:
            if not form.is_confirmed:  # first say what will be refunded to whom
                refunds.check_refund(pledge, form.amount.data, form.reason.data)
                return _refund_page(pledge, form, confirming=True)
            refunds.refund(pledge, current_user, form.amount.data, form.reason.data)
        except operations.FundingError as error:
            show_on_form(form, error, "amount")
            status = error.status
        else:
            flash(_("The refund is recorded and goes to Stripe within a minute. The backer is "
                    "told by e-mail once Stripe has made it."), "success")
            return redirect(url_for(".refund", pledge_id=pledge.id))
    if form.errors and status == 200:
        status = 400
    return _refund_page(pledge, form), status


def _refund_page(pledge: Pledge, form, confirming: bool = False):
    return render_template("funding/refund.html", pledge=pledge, form=form,
                           confirming=confirming, left=refunds.refundable(pledge),
                           entries=refunds.refunds_of(pledge))


@bp.post("/admin/refunds/<int:refund_id>/retry")
def retry_refund(refund_id: int):
    """Send a refund Stripe refused once more."""
    entry = db.session.get(Refund, refund_id)
    if entry is None:
        abort(404)
    require("pledge.refund", entry.pledge)
    try:
        refunds.retry(entry)
    except operations.FundingError as error:
        flash(error.message, "error")
    else:
        flash(_("The refund goes to Stripe again within a minute."), "success")
    return redirect(url_for(".refund", pledge_id=entry.pledge_id))
