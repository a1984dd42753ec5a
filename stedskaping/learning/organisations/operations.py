"""Organisations register interest in developing the area (a public form); the
municipality's facilitators see them, invite them to a forum (a mail) and link them to
projects (shown to the team). See docs/learning.md "Organisations"."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import get_locale
from sqlalchemy.orm import selectinload

from stedskaping import pages
from stedskaping.accounts.operations import normalise_email
from stedskaping.db import db, utcnow
from stedskaping.domain import DomainError
from stedskaping.learning.organisations.models import KINDS, Organisation, OrganisationProject
from stedskaping.learning.places.models import PlaceArea
from stedskaping.notifications.operations import queue_mail
from stedskaping.text import _l


class OrganisationError(DomainError):
    """An interest, an invitation or a link refused, with the reason."""


@dataclass(frozen=True)
class Interest:
    name: str
    kind: str
    contact_name: str
    email: str
    offer: str
    phone: str = ""
    area_ids: tuple[int, ...] = ()


def register_interest(municipality, data: Interest) -> Organisation:
    """An organisation's interest in developing the municipality's areas (no account)."""
    errors = {}
    if not data.name.strip():
        errors["name"] = _l("Give the organisation's name.")
    if data.kind not in KINDS:
        errors["kind"] = _l("Choose what kind of organisation it is.")
    if not data.contact_name.strip():
        errors["contact_name"] = _l("Give a contact person.")
    email = normalise_email(data.email or "")
    if "@" not in email or email.startswith("@") or email.endswith("@") or " " in email:
        errors["email"] = _l("Give an e-mail address, like name@example.no.")
    if not data.offer.strip():
        errors["offer"] = _l("Say what the organisation offers.")
    areas = []
    if data.area_ids:
        areas = list(db.session.scalars(sa.select(PlaceArea).where(
            PlaceArea.id.in_(data.area_ids), PlaceArea.municipality_id == municipality.id)))
        if len(areas) != len(set(data.area_ids)):
            errors["areas"] = _l("Choose among the municipality's areas.")
    if errors:
        raise OrganisationError(next(iter(errors.values())), errors=errors)
    organisation = Organisation(
        municipality_id=municipality.id, name=data.name.strip(), kind=data.kind,
        contact_name=data.contact_name.strip(), email=email, phone=data.phone.strip(),
        offer=data.offer.strip(), locale=str(get_locale()), areas=areas)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def organisations_of(municipality) -> pages.Page:
    """A page of the municipality's interested organisations, newest first."""
    return pages.paginate(
        sa.select(Organisation).where(Organisation.municipality_id == municipality.id)
        .options(selectinload(Organisation.areas))
        .order_by(Organisation.created_dt.desc(), Organisation.id.desc()))


def invite_to_forum(organisation: Organisation, forum, actor) -> None:
    """Mail the organisation's contact an invitation to the forum and its next sessions."""
    if forum.municipality_id != organisation.municipality_id:
        raise OrganisationError(_l("Choose one of the municipality's forums."), "forum")
    organisation.invited_dt = utcnow()
    queue_mail(kind="forum_invitation", recipient=organisation.email,
               locale=organisation.locale,
               subject=_l("An invitation to “%(forum)s”", forum=forum.title),
               template="forum_invitation", organisation=organisation, forum=forum,
               inviter=actor)
    db.session.flush()


def link_to_project(organisation: Organisation, project, actor) -> OrganisationProject:
    """Link the organisation to a project of its municipality (its team sees it)."""
    if project.municipality_id != organisation.municipality_id:
        raise OrganisationError(_l("Choose a project of the municipality."), "project")
    row = db.session.scalar(sa.select(OrganisationProject).where(
        OrganisationProject.organisation_id == organisation.id,
        OrganisationProject.project_id == project.id))
    if row is None:
        row = OrganisationProject(organisation_id=organisation.id, project_id=project.id,
                                  created_by_id=actor.id)
        db.session.add(row)
        db.session.flush()
    return row


def unlink_from_project(organisation: Organisation, project_id: int) -> None:
    db.session.execute(sa.delete(OrganisationProject).where(
        OrganisationProject.organisation_id == organisation.id,
        OrganisationProject.project_id == project_id))


def linked_projects(organisation: Organisation):
    from stedskaping.projects.models import Project

    return list(db.session.scalars(sa.select(Project).join(
        OrganisationProject, OrganisationProject.project_id == Project.id).where(
        OrganisationProject.organisation_id == organisation.id).order_by(Project.title)))


def organisations_for(project) -> list[Organisation]:
    """The organisations linked to a project, by name."""
    return list(db.session.scalars(sa.select(Organisation).join(
        OrganisationProject, OrganisationProject.organisation_id == Organisation.id).where(
        OrganisationProject.project_id == project.id).order_by(Organisation.name)))
