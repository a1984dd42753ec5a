"""The team: invitations by e-mail, roles, removal and leaving."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from stedskaping.accounts import tokens
from stedskaping.accounts.operations import normalise_email
from stedskaping.db import db, utcnow
from stedskaping.notifications.operations import queue_mail
from stedskaping.projects import events
from stedskaping.projects.models import (
    INITIATOR,
    INVITATION_MOVES,
    MEMBER_ROLES,
    InvitationStatus,
    Project,
    ProjectInvitation,
    ProjectMember,
)
from stedskaping.projects.operations import ProjectError


def invite(project: Project, inviter, email: str, role: str, locale: str | None) -> str:
    """E-mail an invitation to join the team; returns the token of its link."""
    email = normalise_email(email)
    if role not in MEMBER_ROLES:
        raise ProjectError(_l("Choose a role."), "role")
    if any(m.user.email == email for m in project.members):
        raise ProjectError(_l("This person is already in the team."), "email")
    token, digest = tokens.new_secret()  # the link carries the token; we keep its hash
    days = current_app.config["INVITATION_DAYS"]
    invitation = ProjectInvitation(
        project_id=project.id, email=email, role=role, token_hash=digest,
        invited_by_id=inviter.id, expires_dt=utcnow() + timedelta(days=days),
    )
    db.session.add(invitation)
    events.record(project, inviter, "invited", email=email, role=role)
    queue_mail(kind="project_invitation", recipient=email, locale=locale,
               subject=_l("You are invited to join %(title)s", title=project.title),
               template="project_invitation", project=project, inviter=inviter, token=token,
               days=days)
    db.session.flush()
    return token


def invitation_for(token: str) -> ProjectInvitation:
    """The open invitation behind a link; ProjectError if it is unknown, used or expired."""
    invitation = db.session.scalar(sa.select(ProjectInvitation).where(
        ProjectInvitation.token_hash == tokens.hash_token(token)))
    if invitation is None:
        raise ProjectError(_l("This invitation link is not valid."))
    if invitation.status != InvitationStatus.OPEN:
        raise ProjectError(_l("This invitation has already been answered."))
    if invitation.expires_dt < utcnow():
        raise ProjectError(_l("This invitation has expired. Ask the team for a new one."))
    return invitation


def answer(token: str, user, accept: bool) -> ProjectInvitation:
    """Accept or decline an invitation as ``user``, who must own the invited address
    (confirmed). The link works once, even when two answers race."""
    invitation = invitation_for(token)
    if not user.is_confirmed or normalise_email(user.email) != invitation.email:
        raise ProjectError(_l("This invitation was sent to %(email)s. Log in with that address "
                              "to answer it.", email=invitation.email))
    new = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    answered = db.session.execute(  # a bulk move, so that only one of two racing answers wins
        sa.update(ProjectInvitation)
        .where(ProjectInvitation.id == invitation.id,
               ProjectInvitation.status.in_(INVITATION_MOVES.sources(new)))
        .values(**ProjectInvitation.status_values(new))).rowcount
    if answered != 1:
        raise ProjectError(_l("This invitation has already been answered."))
    db.session.refresh(invitation)
    project = invitation.project
    if accept and project.member(user.id) is None:
        project.members.append(ProjectMember(user_id=user.id, role=invitation.role))
        events.record(project, user, "joined", role=invitation.role)
    db.session.flush()
    return invitation


def _initiators(project: Project) -> list[ProjectMember]:
    return [m for m in project.members if m.role == INITIATOR]


def change_role(project: Project, actor, user_id: int, role: str) -> None:
    member = project.member(user_id)
    if member is None or role not in MEMBER_ROLES:
        raise ProjectError(_l("This person is not in the team."))
    if member.role == INITIATOR and role != INITIATOR and len(_initiators(project)) == 1:
        raise ProjectError(_l("A project needs at least one initiator."))
    member.role = role
    events.record(project, actor, "role_changed", name=member.user.name, role=role)
    db.session.flush()


def remove(project: Project, actor, user_id: int) -> None:
    """Remove a member (an initiator's action) or leave (a member's own)."""
    member = project.member(user_id)
    if member is None:
        raise ProjectError(_l("This person is not in the team."))
    if member.role == INITIATOR and len(_initiators(project)) == 1:
        raise ProjectError(_l("A project needs at least one initiator. Make someone else "
                              "initiator first."))
    kind = "left" if actor.id == user_id else "removed"
    events.record(project, actor, kind, name=member.user.name)
    project.members.remove(member)
    db.session.flush()


def set_name_public(project: Project, user, is_public: bool) -> None:
    member = project.member(user.id)
    if member is None:
        raise ProjectError(_l("You are not in the team."))
    member.is_name_public = is_public
    db.session.flush()
