"""Reporting an item, and the facilitators' moderation queue."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from stedskaping.access import require
from stedskaping.db import db
from stedskaping.domain import DomainError, show_on_form
from stedskaping.participation.blueprint import bp
from stedskaping.participation.moderation import forms, kinds, operations
from stedskaping.participation.moderation.models import (
    Moderation,
    ModerationStatus,
    ParticipationBlock,
)
from stedskaping.projects.forms import PostForm
from stedskaping.projects.models import Project


def _found_or_404(kind: str, item_id: int):
    try:
        return operations.find(kind, item_id, current_user)
    except DomainError:
        abort(404)


@bp.route("/participation/report/<kind>/<int:item_id>", methods=["GET", "POST"])
def report(kind: str, item_id: int):
    found = _found_or_404(kind, item_id)
    require("participation.propose_vote_report", found.project)
    form = forms.ReportForm()
    endpoint, values = found.kind.link(found.item)
    status = 200
    if form.validate_on_submit():
        try:
            operations.report(found, item_id, current_user, form.reason.data, form.text.data)
        except DomainError as error:
            status = show_on_form(form, error)
        else:
            flash(_("Thank you. A facilitator will look at it."), "success")
            return redirect(url_for(endpoint, **values))
    elif form.is_submitted():
        status = 400
    return render_template("participation/moderation/report.html", form=form, found=found,
                           back=url_for(endpoint, **values)), status


def _queue_page(block_forms=None, status=200):
    require("supervision.view")
    items = operations.queue(current_user)
    found = {m.id: operations.item_of(m) for m in items}
    return render_template(
        "participation/moderation/queue.html", items=items, found=found, kinds=kinds,
        reason_labels=forms.REASON_LABELS, blocks=operations.blocks(current_user),
        block_forms=block_forms or {}, BlockForm=forms.BlockForm, ModerationStatus=ModerationStatus,
        projects={p.id: p for p in _projects(items)}), status


def _projects(items):
    return [db.session.get(Project, pid) for pid in {m.project_id for m in items}]


def _moderation_or_404(moderation_id: int) -> Moderation:
    moderation = db.session.get(Moderation, moderation_id)
    if moderation is None:
        abort(404)
    require("moderation.decide", db.session.get(Project, moderation.project_id))
    if not PostForm().validate_on_submit():
        abort(400)
    return moderation


@bp.get("/participation/moderation")
def moderation_queue():
    return _queue_page()


@bp.post("/participation/moderation/<int:moderation_id>/restore")
def restore_item(moderation_id: int):
    operations.decide(_moderation_or_404(moderation_id), current_user, restore=True)
    flash(_("The item is shown again."), "success")
    return redirect(url_for(".moderation_queue"))


@bp.post("/participation/moderation/<int:moderation_id>/confirm")
def confirm_item(moderation_id: int):
    operations.decide(_moderation_or_404(moderation_id), current_user, restore=False)
    flash(_("The item stays hidden."), "success")
    return redirect(url_for(".moderation_queue"))


@bp.post("/participation/moderation/<int:moderation_id>/block")
def block_author(moderation_id: int):
    moderation = db.session.get(Moderation, moderation_id) or abort(404)
    require("moderation.decide", db.session.get(Project, moderation.project_id))
    form = forms.BlockForm(prefix=f"block-{moderation_id}")
    if not form.validate_on_submit():
        return _queue_page({moderation_id: form}, 400)
    try:
        operations.block(moderation, current_user, form.justification.data)
    except DomainError as error:
        return _queue_page({moderation_id: form}, show_on_form(form, error))
    flash(_("The person is blocked from taking part."), "success")
    return redirect(url_for(".moderation_queue"))


@bp.post("/participation/moderation/blocks/<int:block_id>/lift")
def lift_block(block_id: int):
    blocked = db.session.get(ParticipationBlock, block_id) or abort(404)
    require("moderation.lift", blocked)
    if not PostForm().validate_on_submit():
        abort(400)
    operations.lift_block(blocked, current_user)
    flash(_("The block is lifted."), "success")
    return redirect(url_for(".moderation_queue"))
