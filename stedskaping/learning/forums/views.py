"""The forum pages: public (the list, a forum with its sessions, notes and open doors,
signing up) and the facilitators' (create, edit, plan sessions, publish notes)."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from stedskaping.access import can, require
from stedskaping.db import db
from stedskaping.domain import DomainError, show_on_form
from stedskaping.fields import options
from stedskaping.learning.blueprint import bp
from stedskaping.learning.forums import forms, operations
from stedskaping.learning.forums.models import Forum, OpenDoor
from stedskaping.learning.places import operations as places
from stedskaping.municipalities.views import load_or_404
from stedskaping.participation.meetings import queries as meeting_queries
from stedskaping.participation.meetings import registrations
from stedskaping.participation.meetings.operations import MeetingPlan
from stedskaping.realisation.camp.days import moment

FORUM = "/forums/<int:forum_id>"


def _forum(forum_id: int, action: str | None = None) -> Forum:
    forum = db.session.get(Forum, forum_id) or abort(404)
    if action:
        require(action, forum)
    return forum


def _session(forum, meeting_id):
    return operations.session_of(forum, meeting_id) or abort(404)


def _area_choices(municipality_id):
    return options([("", _("The whole municipality"))] + [
        (str(a.id), a.name) for a in places.areas_of(municipality_id)])


def _data(form) -> operations.ForumData:
    return operations.ForumData(title=form.title.data or "", themes=form.themes.data or "",
                                description=form.description.data or "",
                                area_id=int(form.area.data) if form.area.data else None)


@bp.get("/forums/")
def list_forums():
    return render_template("learning/forums/list.html", forums=operations.forums())


@bp.get(FORUM)
def show_forum(forum_id: int):
    forum = _forum(forum_id)
    upcoming, past = operations.sessions(forum)
    today = date.today()
    doors = [(door, [(moment(day, door.opens_at), moment(day, door.closes_at))
                     for day in operations.next_open_days(door, today)])
             for door in forum.open_doors]
    mine = {}
    if current_user.is_authenticated:
        mine = {m.id: registrations.registration_of(m, current_user) for m in upcoming}
    return render_template(
        "learning/forums/show.html", forum=forum, upcoming=upcoming, past=past, doors=doors,
        weekdays=forms.WEEKDAYS, counts=meeting_queries.counts_for(upcoming), mine=mine,
        confirm=forms.ConfirmForm(), may_manage=can(current_user, "forums.manage", forum))


@bp.post(f"{FORUM}/sessions/<int:meeting_id>/sign-up")
@login_required
def sign_up(forum_id: int, meeting_id: int):
    forum = _forum(forum_id)
    meeting = _session(forum, meeting_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    try:
        row = operations.sign_up(meeting, current_user)
    except DomainError as error:
        flash(str(error.message), "error")
    else:
        flash(_("You are on the waitlist.") if row.is_waitlisted else
              _("You have a seat. Your code at the door: %(code)s", code=row.code), "success")
    return redirect(url_for(".show_forum", forum_id=forum.id))


@bp.post(f"{FORUM}/sessions/<int:meeting_id>/withdraw")
@login_required
def withdraw(forum_id: int, meeting_id: int):
    forum = _forum(forum_id)
    meeting = _session(forum, meeting_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    try:
        operations.withdraw(meeting, current_user)
    except DomainError as error:
        flash(str(error.message), "error")
    else:
        flash(_("Your registration is cancelled."), "success")
    return redirect(url_for(".show_forum", forum_id=forum.id))


@bp.route("/municipalities/<slug>/forums/new", methods=["GET", "POST"])
def new_forum(slug: str):
    municipality = load_or_404(slug)
    require("forums.manage", municipality)
    form = forms.ForumForm()
    form.area.choices = _area_choices(municipality.id)
    status = 200
    if form.validate_on_submit():
        try:
            forum = operations.create_forum(municipality, current_user, _data(form))
        except DomainError as error:
            status = show_on_form(form, error, "title")
        else:
            flash(_("The forum is created."), "success")
            return redirect(url_for(".edit_forum", forum_id=forum.id))
    elif form.errors:
        status = 400
    return render_template("learning/forums/new.html", municipality=municipality,
                           form=form), status


def _edit_page(forum, form=None, door_form=None, status=200):
    if form is None:
        form = forms.ForumForm(formdata=None, data={
            "title": forum.title, "themes": forum.themes, "description": forum.description,
            "area": str(forum.area_id or "")})
    form.area.choices = _area_choices(forum.municipality_id)
    upcoming, past = operations.sessions(forum)
    return render_template(
        "learning/forums/edit.html", forum=forum, form=form,
        door_form=door_form or forms.OpenDoorForm(formdata=None),
        weekdays=forms.WEEKDAYS, upcoming=upcoming, past=past,
        confirm=forms.ConfirmForm()), status


@bp.route(f"{FORUM}/edit", methods=["GET", "POST"])
def edit_forum(forum_id: int):
    forum = _forum(forum_id, "forums.manage")
    if request.method == "GET":
        return _edit_page(forum)
    form = forms.ForumForm()
    form.area.choices = _area_choices(forum.municipality_id)
    if not form.validate_on_submit():
        return _edit_page(forum, form=form, status=400)
    try:
        operations.change_forum(forum, _data(form))
    except DomainError as error:
        return _edit_page(forum, form=form, status=show_on_form(form, error, "title"))
    flash(_("The forum is saved."), "success")
    return redirect(url_for(".edit_forum", forum_id=forum.id))


@bp.post(f"{FORUM}/open-doors")
def add_open_door(forum_id: int):
    forum = _forum(forum_id, "forums.manage")
    form = forms.OpenDoorForm()
    if not form.validate_on_submit():
        return _edit_page(forum, door_form=form, status=400)
    try:
        operations.add_open_door(forum, form.weekday.data, form.opens_at.data,
                                 form.closes_at.data, form.place.data)
    except DomainError as error:
        return _edit_page(forum, door_form=form, status=show_on_form(form, error, "place"))
    flash(_("The open doors are added."), "success")
    return redirect(url_for(".edit_forum", forum_id=forum.id))


@bp.post(f"{FORUM}/open-doors/<int:door_id>/remove")
def remove_open_door(forum_id: int, door_id: int):
    forum = _forum(forum_id, "forums.manage")
    door = db.session.get(OpenDoor, door_id)
    if door is None or door.forum_id != forum.id:
        abort(404)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    operations.remove_open_door(door)
    flash(_("The open doors are removed."), "success")
    return redirect(url_for(".edit_forum", forum_id=forum.id))


@bp.route(f"{FORUM}/sessions/new", methods=["GET", "POST"])
def new_session(forum_id: int):
    forum = _forum(forum_id, "forums.manage")
    form, status = forms.SessionForm(), 200
    if form.validate_on_submit():
        try:
            operations.plan_session(forum, current_user, MeetingPlan(**{
                name: form[name].data for name in (
                    "title", "description", "place", "online_link", "starts_dt", "ends_dt",
                    "capacity", "is_registration_open", "registration_deadline_dt")}))
        except DomainError as error:
            status = show_on_form(form, error, "title")
        else:
            flash(_("The session is planned."), "success")
            return redirect(url_for(".show_forum", forum_id=forum.id))
    elif form.errors:
        status = 400
    return render_template("learning/forums/session.html", forum=forum, form=form), status


@bp.route(f"{FORUM}/sessions/<int:meeting_id>/notes", methods=["GET", "POST"])
def session_notes(forum_id: int, meeting_id: int):
    forum = _forum(forum_id, "forums.manage")
    meeting = _session(forum, meeting_id)
    form = forms.NotesForm(data=None if request.method == "POST" else
                           {"minutes": meeting.minutes or ""})
    status = 200
    if form.validate_on_submit():
        try:
            operations.publish_notes(meeting, current_user, form.minutes.data)
        except DomainError as error:
            status = show_on_form(form, error, "minutes")
        else:
            flash(_("The notes are published."), "success")
            return redirect(url_for(".show_forum", forum_id=forum.id))
    elif form.errors:
        status = 400
    return render_template("learning/forums/notes.html", forum=forum, meeting=meeting,
                           form=form), status
