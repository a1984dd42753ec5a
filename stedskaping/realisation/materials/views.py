"""The materials pages: the list, and one item to plan or to mark delivered."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from stedskaping.db import db
from stedskaping.domain import show_on_form
from stedskaping.funding.models import Pledge
from stedskaping.projects.blueprint import project_view
from stedskaping.realisation.blueprint import bp
from stedskaping.realisation.materials import forms, operations, queries
from stedskaping.realisation.materials.models import Delivery, DeliveryStatus
from stedskaping.realisation.measures.forms import ConfirmForm
from stedskaping.realisation.measures.queries import camp_window, measures_of

BASE = "/projects/<int:project_id>/materials"


def _plan(form, source=None) -> operations.ItemPlan:
    return operations.ItemPlan(
        title=form.title.data or "", status=DeliveryStatus(form.status.data or "promised"),
        source=source or form.source.data, quantity=form.quantity.data or "",
        measure_id=form.measure_id.data, delivery_on=form.delivery_on.data)


def _form(cls, project, **kwargs):
    form = cls(**kwargs)
    form.set_measures(measures_of(project.id))
    return form


def _list_page(project, form, status=200):
    return render_template(
        "realisation/materials.html", project=project, form=form,
        items=queries.materials_of(project.id), window=camp_window(project),
        states=forms.STATE_LABELS, sources=forms.SOURCE_LABELS), status


@bp.get(BASE)
@project_view("realisation.manage")
def list_materials(project):
    return _list_page(project, _form(forms.ItemForm, project, formdata=None))


@bp.post(BASE)
@project_view("realisation.manage")
def add_item(project):
    form = _form(forms.ItemForm, project)
    if not form.validate_on_submit():
        return _list_page(project, form, 400)
    try:
        operations.add_item(project, _plan(form))
    except operations.MaterialError as error:
        return _list_page(project, form, show_on_form(form, error))
    flash(_("The item is on the list."), "success")
    return redirect(url_for(".list_materials", project_id=project.id))


def _item_page(project, form, title, delivery=None, status=200):
    return render_template("realisation/item.html", project=project, form=form, title=title,
                           delivery=delivery, confirm=ConfirmForm()), status


def _save(project, form, save, title, delivery=None):
    if not form.validate_on_submit():
        return _item_page(project, form, title, delivery, 400 if form.is_submitted() else 200)
    try:
        save(form)
    except operations.MaterialError as error:
        return _item_page(project, form, title, delivery, show_on_form(form, error))
    flash(_("The item is saved."), "success")
    return redirect(url_for(".list_materials", project_id=project.id))


@bp.route(BASE + "/<int:item_id>", methods=["GET", "POST"])
@project_view("realisation.manage")
def edit_item(project, item_id: int):
    delivery = db.session.get(Delivery, item_id)
    if delivery is None or delivery.project_id != project.id:
        abort(404)
    if delivery.pledge_id is not None:
        return redirect(url_for(".edit_pledge_item", project_id=project.id,
                                pledge_id=delivery.pledge_id))
    form = _form(forms.ItemForm, project, obj=delivery)
    return _save(project, form, lambda f: operations.change_item(delivery, project, _plan(f)),
                 delivery.title, delivery)


@bp.route(BASE + "/pledges/<int:pledge_id>", methods=["GET", "POST"])
@project_view("realisation.manage")
def edit_pledge_item(project, pledge_id: int):
    pledge = db.session.get(Pledge, pledge_id)
    if pledge is None or not operations.is_accepted_material(project, pledge):
        abort(404)
    delivery = db.session.scalar(db.select(Delivery).where(Delivery.pledge_id == pledge.id))
    form = _form(forms.PledgeItemForm, project, obj=delivery)
    if delivery is None and not form.is_submitted():
        form.title.data = pledge.description
    return _save(project, form, lambda f: operations.plan_pledge(
        project, pledge, _plan(f, source="pledge")), pledge.description or "")


@bp.post(BASE + "/<int:item_id>/delete")
@project_view("realisation.manage")
def delete_item(project, item_id: int):
    delivery = db.session.get(Delivery, item_id)
    if delivery is None or delivery.project_id != project.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        operations.remove_item(delivery)
    except operations.MaterialError as error:
        flash(str(error.message), "error")
    else:
        flash(_("The item is removed from the list."), "success")
    return redirect(url_for(".list_materials", project_id=project.id))


