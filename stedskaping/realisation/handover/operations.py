"""The handover: inviting the keeper of each built measure, their confirmation by the
link in the mail (no account needed), and the maintenance tasks they take on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app

from stedskaping.accounts import tokens
from stedskaping.accounts.operations import normalise_email
from stedskaping.dates import DATE_RANGE_MESSAGE, date_in_range
from stedskaping.db import db, utcnow
from stedskaping.domain import DomainError
from stedskaping.links import link
from stedskaping.notifications.notify import notify
from stedskaping.notifications.operations import queue_mail
from stedskaping.projects.models import Project
from stedskaping.realisation.handover.models import RHYTHMS, Keeper, MaintenanceTask
from stedskaping.text import _l

MAX_TASKS = 20
EMAIL_MAX = 254


class HandoverError(DomainError):
    """A handover step that cannot be taken, with the reason."""


@dataclass(frozen=True)
class KeeperPlan:
    name: str
    email: str
    is_organisation: bool = False
    is_permanent: bool = True
    until_on: date | None = None
    locale: str | None = None


def _check(plan: KeeperPlan, today: date) -> str:
    errors = {}
    if not plan.name.strip():
        errors["name"] = _l("Name the person or the organisation.")
    email = normalise_email(plan.email or "")
    if "@" not in email or len(email) > EMAIL_MAX or email.startswith("@") \
            or email.endswith("@") or " " in email:
        errors["email"] = _l("Give an e-mail address, like name@example.no.")
    if not plan.is_permanent:
        if plan.until_on is None:
            errors["until_on"] = _l("Give the day the temporary measure ends.")
        elif not date_in_range(plan.until_on):
            errors["until_on"] = DATE_RANGE_MESSAGE
        elif plan.until_on <= today:
            errors["until_on"] = _l("The end of a temporary measure must be in the future.")
    if errors:
        field, message = next(iter(errors.items()))
        raise HandoverError(message, field, errors=errors)
    return email


def keeper_of(measure) -> Keeper | None:
    return db.session.scalar(sa.select(Keeper).where(Keeper.measure_id == measure.id))


def invite_keeper(measure, actor, plan: KeeperPlan, today: date | None = None) -> str:
    """Ask a person or organisation to own, operate and maintain a built measure: a mail
    with a link to confirm. A new keeper (another address) replaces the one before and
    must confirm anew, and so must a keeper whose terms change (permanent or temporary,
    or until another day: that is not what they said yes to); the same address and terms
    keep the confirmation. Returns the link's token ("" when nothing is sent)."""
    if not measure.will_build:
        raise HandoverError(_l("Only a measure the camp builds is handed over."), status=409)
    email = _check(plan, today or utcnow().date())
    until_on = None if plan.is_permanent else plan.until_on
    keeper = keeper_of(measure)
    if keeper is None:
        keeper = Keeper(project_id=measure.project_id, measure_id=measure.id,
                        invited_dt=utcnow())
        db.session.add(keeper)
    elif (keeper.email, keeper.is_permanent, keeper.until_on) != (
            email, plan.is_permanent, until_on):
        keeper.confirmed_dt = None
    keeper.name, keeper.email = plan.name.strip(), email
    keeper.is_organisation, keeper.locale = plan.is_organisation, plan.locale
    keeper.is_permanent, keeper.until_on = plan.is_permanent, until_on
    if keeper.confirmed_dt is None:
        return _send(keeper, measure, actor)
    db.session.flush()
    return ""


def resend(keeper: Keeper, actor) -> str:
    """A new link to a keeper who has not confirmed (the old link stops working)."""
    if keeper.confirmed_dt is not None:
        raise HandoverError(_l("%(name)s has already confirmed.", name=keeper.name), status=409)
    return _send(keeper, keeper.measure, actor)


def _send(keeper: Keeper, measure, actor) -> str:
    token, digest = tokens.new_secret()
    keeper.token_hash, keeper.invited_dt = digest, utcnow()
    db.session.flush()
    project = db.session.get(Project, measure.project_id)
    queue_mail(kind="keeper_invitation", recipient=keeper.email, locale=keeper.locale,
               subject=_l("Will you keep “%(measure)s”?", measure=measure.title),
               template="keeper_invitation", project=project, measure=measure, keeper=keeper,
               inviter=actor, token=token)
    return token


def keeper_for(token: str) -> Keeper:
    """The keeper a confirmation link is for; HandoverError if the link is not valid."""
    keeper = db.session.scalar(sa.select(Keeper).where(
        Keeper.token_hash == tokens.hash_token(token or "")))
    if keeper is None:
        raise HandoverError(_l("This link is not valid. Ask the team for a new one."),
                            status=404)
    return keeper


def confirm(token: str) -> Keeper:
    """The keeper says yes, by the link: the measure counts as handed over, and the team
    is told. A second click changes nothing."""
    keeper = keeper_for(token)
    if keeper.confirmed_dt is not None:
        return keeper
    done = db.session.execute(sa.update(Keeper).where(
        Keeper.id == keeper.id, Keeper.confirmed_dt.is_(None)).values(
        confirmed_dt=utcnow())).rowcount
    db.session.refresh(keeper)
    if done:
        _tell_team(keeper)
    return keeper


def _tell_team(keeper: Keeper) -> None:
    project = db.session.get(Project, keeper.project_id)
    page = link("realisation.handover", project_id=project.id)
    for member in project.members:
        notify(member.user, "handover", f"keeper-confirmed:{keeper.id}:"
               f"{keeper.confirmed_dt.date()}:{member.user_id}", "confirmed", link=page,
               project=project.title, measure=keeper.measure.title, name=keeper.name)


def add_task(keeper: Keeper, title: str, rhythm: str, first_on: date | None,
             today: date | None = None) -> MaintenanceTask:
    """A recurring task the keeper takes on, first due on ``first_on``."""
    today = today or utcnow().date()
    errors = {}
    if not (title or "").strip():
        errors["title"] = _l("Say what needs doing, like “Water the beds”.")
    if rhythm not in RHYTHMS:
        errors["rhythm"] = _l("Choose how often.")
    if first_on is None:
        errors["first_on"] = _l("Give the first day it is due.")
    elif not date_in_range(first_on):
        errors["first_on"] = DATE_RANGE_MESSAGE
    elif first_on < today:
        errors["first_on"] = _l("The first day cannot be in the past.")
    if not errors and len(keeper.tasks) >= MAX_TASKS:
        errors["title"] = _l("A keeper has room for 20 tasks.")
    if errors:
        field, message = next(iter(errors.items()))
        raise HandoverError(message, field, errors=errors)
    task = MaintenanceTask(keeper=keeper, title=title.strip(), rhythm=rhythm,
                           next_due_on=first_on)
    db.session.add(task)
    db.session.flush()
    return task


def remove_task(task: MaintenanceTask) -> None:
    db.session.delete(task)
    db.session.flush()


def next_due(task_due: date, rhythm: str) -> date:
    return task_due + timedelta(days=RHYTHMS[rhythm])


def warning_days() -> int:
    return int(current_app.config.get("REALISATION_EXPIRY_WARNING_DAYS", 30))
