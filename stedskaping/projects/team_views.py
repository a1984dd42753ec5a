"""The team page, invitations and their answers."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from stedskaping.access import can
from stedskaping.domain import show_on_form
from stedskaping.projects import forms, team
from stedskaping.projects.blueprint import bp, project_view
from stedskaping.projects.operations import ProjectError


def _team_page(project, invite_form=None, status=200, error=None):
    member = project.member(current_user.id)
    return render_template(
        "projects/team.html", project=project, error=error,
        invite_form=invite_form or forms.InviteForm(formdata=None),
        post_form=forms.PostForm(), role_form=forms.RoleForm(formdata=None),
        visibility_form=forms.NameVisibilityForm(
            formdata=None, is_name_public=member.is_name_public if member else True),
        can_manage=can(current_user, "project.manage_team", project),
    ), status


@bp.get("/projects/<int:project_id>/team")
@project_view("project.view_internal")
def show_team(project):
    return _team_page(project)


@bp.post("/projects/<int:project_id>/team/invite")
@project_view("project.manage_team")
def invite(project):
    form = forms.InviteForm()
    if form.validate_on_submit():
        try:
            team.invite(project, current_user, form.email.data, form.role.data,
                        str(get_locale()))
        except ProjectError as error:
            show_on_form(form, error, "email")
        else:
            flash(_("The invitation is sent to %(email)s.", email=form.email.data), "success")
            return redirect(url_for(".show_team", project_id=project.id))
    return _team_page(project, form, 400)


def _team_change(project, change):
    if not forms.PostForm().validate_on_submit():
        return _team_page(project, status=400)
    try:
        change()
    except ProjectError as error:
        return _team_page(project, status=409, error=error.message)
    return None


@bp.post("/projects/<int:project_id>/team/<int:user_id>/role")
@project_view("project.manage_team")
def change_role(project, user_id: int):
    form = forms.RoleForm()
    if not form.validate_on_submit():
        return _team_page(project, status=400)
    refused = _team_change(project, lambda: team.change_role(project, current_user, user_id,
                                                             form.role.data))
    if refused:
        return refused
    flash(_("The role is changed."), "success")
    return redirect(url_for(".show_team", project_id=project.id))


@bp.post("/projects/<int:project_id>/team/<int:user_id>/remove")
@project_view("project.manage_team")
def remove_member(project, user_id: int):
    refused = _team_change(project, lambda: team.remove(project, current_user, user_id))
    if refused:
        return refused
    flash(_("The member is removed from the team."), "success")
    return redirect(url_for(".show_team", project_id=project.id))


@bp.post("/projects/<int:project_id>/team/leave")
@project_view("project.leave")
def leave(project):
    refused = _team_change(project, lambda: team.remove(project, current_user, current_user.id))
    if refused:
        return refused
    flash(_("You have left the project."), "success")
    return redirect(url_for(".show_project", project_id=project.id))


@bp.post("/projects/<int:project_id>/team/visibility")
@project_view("project.leave")  # any member, about their own name
def name_visibility(project):
    form = forms.NameVisibilityForm()
    if not form.validate_on_submit():
        return _team_page(project, status=400)
    team.set_name_public(project, current_user, form.is_name_public.data)
    flash(_("Your choice is saved."), "success")
    return redirect(url_for(".show_team", project_id=project.id))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@login_required
def answer_invitation(token: str):
    try:
        invitation = team.invitation_for(token)
    except ProjectError as error:
        return render_template("projects/invitation.html", error=error.message), 400
    form = forms.PostForm()
    if form.validate_on_submit():
        accept = request.form.get("answer") == "accept"
        try:
            team.answer(token, current_user, accept)
        except ProjectError as error:
            return render_template("projects/invitation.html", invitation=invitation,
                                   form=form, error=error.message), 403
        if accept:
            flash(_("Welcome to the team!"), "success")
            return redirect(url_for(".home", project_id=invitation.project_id))
        flash(_("You have declined the invitation."), "success")
        return redirect(url_for("main.index"))
    return render_template("projects/invitation.html", invitation=invitation, form=form)
