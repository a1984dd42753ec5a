"""Recording a measure's permits: who grants them, where the request stands, the
decision with its conditions and expiry, and the document."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from stedskaping.dates import DATE_RANGE_MESSAGE, date_in_range
from stedskaping.db import db, utcnow
from stedskaping.domain import DomainError
from stedskaping.links import link
from stedskaping.notifications.notify import notify
from stedskaping.projects import files
from stedskaping.projects.models import Project
from stedskaping.projects.operations import facilitators_of
from stedskaping.realisation.permits.models import (
    DECIDED,
    GRANTOR_KINDS,
    PERMIT_MOVES,
    Permit,
    PermitStatus,
)
from stedskaping.text import _l

DOCUMENT_TYPES = ("pdf", "jpg", "jpeg", "png", "docx", "odt")
IMAGE_TYPES = ("jpg", "jpeg", "png")
MAX_BYTES = 10 * 1024 * 1024
MAX_PERMITS = 20  # per measure


class PermitError(DomainError):
    """A permit that cannot be saved as given, with the reason."""


@dataclass(frozen=True)
class PermitPlan:
    grantor_kind: str
    grantor_name: str
    status: PermitStatus
    asked_on: date | None = None
    decided_on: date | None = None
    conditions: str = ""
    expires_on: date | None = None


def _check(plan: PermitPlan, today: date) -> None:
    errors = {}
    if plan.grantor_kind not in GRANTOR_KINDS:
        errors["grantor_kind"] = _l("Choose who grants the permit.")
    if not plan.grantor_name.strip():
        errors["grantor_name"] = _l("Name the department, the landowner or the body.")
    for name in ("asked_on", "decided_on", "expires_on"):
        day = getattr(plan, name)
        if day is not None and not date_in_range(day):
            errors[name] = DATE_RANGE_MESSAGE
    if errors:
        _raise(errors)
    if plan.status != PermitStatus.NOT_ASKED and plan.asked_on is None:
        errors["asked_on"] = _l("Give the day the permit was asked for.")
    elif plan.asked_on and plan.asked_on > today:
        errors["asked_on"] = _l("The day it was asked for cannot be in the future.")
    if plan.status in DECIDED:
        if plan.decided_on is None:
            errors["decided_on"] = _l("Give the day of the decision.")
        elif plan.decided_on > today or (plan.asked_on and plan.decided_on < plan.asked_on):
            errors["decided_on"] = _l("The decision's day must be between the day it was "
                                      "asked for and today.")
    if plan.status == PermitStatus.CONDITIONAL and not plan.conditions.strip():
        errors["conditions"] = _l("Write down the conditions the permit was granted with.")
    if plan.expires_on is not None and plan.expires_on <= (plan.decided_on or today):
        errors["expires_on"] = _l("A permit's expiry must come after its decision.")
    if errors:
        _raise(errors)


def _raise(errors: dict) -> None:
    field, message = next(iter(errors.items()))
    raise PermitError(message, field, errors=errors)


def _document(project_id: int, document: tuple[str, bytes] | None):
    """Check and store an uploaded document; (stored name, shown name, type) or None."""
    if not document or not document[0]:
        return None
    filename, data = document
    ext = files.extension(filename)
    if ext not in DOCUMENT_TYPES or not files.content_matches(ext, data[:16]):
        raise PermitError(_l("Choose a PDF, a Word or OpenDocument file, or a photo "
                             "(JPEG or PNG)."), "document")
    if len(data) > MAX_BYTES:
        raise PermitError(_l("The document is larger than 10 MB. Choose a smaller one."),
                          "document")
    if ext in IMAGE_TYPES:
        data = files.prepare(ext, data)  # upright, scaled, no EXIF or GPS
        if data is None:
            raise PermitError(_l("Choose a photo in JPEG or PNG format."), "document")
    return files.store(project_id, ext, data), files.display_name(filename), ext


def add_permit(measure, actor, plan: PermitPlan, document=None,
               today: date | None = None) -> Permit:
    """A permit the measure needs, in the state it is in now (not asked yet, asked, or
    decided); a refusal tells the project's facilitators."""
    today = today or utcnow().date()
    _check(plan, today)
    existing = db.session.query(Permit).filter(Permit.measure_id == measure.id).count()
    if existing >= MAX_PERMITS:
        raise PermitError(_l("A measure has room for 20 permits."), "grantor_name")
    permit = Permit(project_id=measure.project_id, measure_id=measure.id)
    PERMIT_MOVES.check(permit, plan.status)
    _apply(permit, plan)
    _attach(permit, _document(measure.project_id, document))
    db.session.add(permit)
    db.session.flush()
    _tell_if_refused(permit, None, actor)
    return permit


def change_permit(permit: Permit, actor, plan: PermitPlan, document=None,
                  today: date | None = None) -> Permit:
    """Record where a permit stands now (asked, decided, appealed), through the permit's
    table of moves; a new document replaces the old one."""
    today = today or utcnow().date()
    _check(plan, today)
    old = permit.status
    PERMIT_MOVES.check(permit, plan.status)
    _apply(permit, plan)
    stored = _document(permit.project_id, document)
    if stored and permit.document_stored:
        files.discard(permit.project_id, permit.document_stored)
    _attach(permit, stored)
    permit.updated_dt = utcnow()
    db.session.flush()
    _tell_if_refused(permit, old, actor)
    return permit


def _apply(permit: Permit, plan: PermitPlan) -> None:
    permit.grantor_kind, permit.grantor_name = plan.grantor_kind, plan.grantor_name.strip()
    permit.status = plan.status
    permit.asked_on = plan.asked_on if plan.status != PermitStatus.NOT_ASKED else None
    permit.decided_on = plan.decided_on if plan.status in DECIDED else None
    permit.conditions = (plan.conditions or "").strip()
    permit.expires_on = plan.expires_on


def _attach(permit: Permit, stored) -> None:
    if stored:
        permit.document_stored, permit.document_name, permit.document_type = stored


def remove_permit(permit: Permit) -> None:
    if permit.document_stored:
        files.discard(permit.project_id, permit.document_stored)
    db.session.delete(permit)
    db.session.flush()


def _tell_if_refused(permit: Permit, old, actor) -> None:
    if permit.status != PermitStatus.REFUSED or old == PermitStatus.REFUSED:
        return
    project = db.session.get(Project, permit.project_id)
    page = link("realisation.list_measures", project_id=project.id)
    for user in facilitators_of(project):
        if user.id != actor.id:
            notify(user, "permit_refused", f"permit-refused:{permit.id}:{permit.decided_on}:"
                   f"{user.id}", "refused", link=page, project=project.title,
                   measure=permit.measure.title, grantor=permit.grantor_name)
