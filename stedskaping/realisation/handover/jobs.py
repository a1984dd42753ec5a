"""The handover's sweeps: maintenance reminders to keepers, and warnings before a
temporary permit or a temporary measure runs out. Safe to run twice or in two
processes: each mail goes with a compare-and-set update of the row it is about."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.jobs import in_batches
from stedskaping.links import link
from stedskaping.notifications.notify import notify
from stedskaping.notifications.operations import queue_mail
from stedskaping.projects.jobs import team_of
from stedskaping.projects.models import Project
from stedskaping.realisation.handover.models import Keeper, MaintenanceTask
from stedskaping.realisation.handover.operations import next_due, warning_days
from stedskaping.realisation.measures.models import Measure
from stedskaping.realisation.permits.models import GRANTED, Permit
from stedskaping.text import _l

_ROW = (Keeper.id.label("keeper_id"), Keeper.name, Keeper.email, Keeper.locale,
        Measure.title.label("measure"), Project.id.label("project_id"),
        Project.title.label("project"))


def maintenance_reminders(today: date) -> int:
    """Mail a confirmed keeper each maintenance task that falls due today (or fell due
    while the scheduler was down), then move the task on by its rhythm."""
    rows = db.session.execute(
        sa.select(MaintenanceTask.id, MaintenanceTask.title.label("task"),
                  MaintenanceTask.rhythm, MaintenanceTask.next_due_on, *_ROW)
        .join(Keeper, Keeper.id == MaintenanceTask.keeper_id)
        .join(Measure, Measure.id == Keeper.measure_id)
        .join(Project, Project.id == Keeper.project_id)
        .where(MaintenanceTask.next_due_on <= today, Keeper.confirmed_dt.is_not(None))
        .order_by(MaintenanceTask.id)).all()
    return in_batches(rows, lambda row: _remind(row, today))


def _remind(row, today: date) -> int:
    due = row.next_due_on
    while due <= today:
        due = next_due(due, row.rhythm)
    moved = db.session.execute(sa.update(MaintenanceTask).where(
        MaintenanceTask.id == row.id, MaintenanceTask.next_due_on == row.next_due_on)
        .values(next_due_on=due)).rowcount
    if not moved:
        return 0  # another run sent it
    queue_mail(kind="maintenance_due", recipient=row.email, locale=row.locale,
               subject=_l("Time to: %(task)s", task=row.task), template="maintenance_due",
               row=row, next_on=due)
    return 1


def expiry_warnings(today: date) -> int:
    """Warn the team and the measure's keeper, a configured number of days ahead
    (REALISATION_EXPIRY_WARNING_DAYS), before a granted temporary permit or a temporary
    measure runs out. Once per expiry: a new expiry is warned of again."""
    horizon = today + timedelta(days=warning_days())
    permits = db.session.execute(
        sa.select(Permit.id, Permit.grantor_name, Permit.expires_on.label("ends_on"),
                  Measure.title.label("measure"), Measure.id.label("measure_id"),
                  Project.id.label("project_id"), Project.title.label("project"))
        .join(Measure, Measure.id == Permit.measure_id)
        .join(Project, Project.id == Permit.project_id)
        .where(Permit.status.in_(GRANTED), Permit.expires_on.is_not(None),
               Permit.expires_on >= today, Permit.expires_on <= horizon,
               sa.or_(Permit.warned_for_on.is_(None),
                      Permit.warned_for_on != Permit.expires_on))).all()
    measures = db.session.execute(
        sa.select(Keeper.id, Keeper.until_on.label("ends_on"), *_ROW[1:],
                  Measure.id.label("measure_id"))
        .join(Measure, Measure.id == Keeper.measure_id)
        .join(Project, Project.id == Keeper.project_id)
        .where(Keeper.is_permanent.is_(False), Keeper.until_on.is_not(None),
               Keeper.until_on >= today, Keeper.until_on <= horizon,
               sa.or_(Keeper.warned_for_on.is_(None),
                      Keeper.warned_for_on != Keeper.until_on))).all()
    ids = {r.project_id for r in (*permits, *measures)}
    team = team_of(ids)
    keepers = _keepers_of({r.measure_id for r in permits})
    return (in_batches(permits, lambda r: _warn_permit(r, team[r.project_id],
                                                       keepers.get(r.measure_id)))
            + in_batches(measures, lambda r: _warn_measure(r, team[r.project_id])))


def _keepers_of(measure_ids) -> dict:
    if not measure_ids:
        return {}
    return {k.measure_id: k for k in db.session.execute(
        sa.select(Keeper.measure_id, Keeper.name, Keeper.email, Keeper.locale)
        .where(Keeper.measure_id.in_(measure_ids), Keeper.confirmed_dt.is_not(None)))}


def _warn_permit(row, people, keeper) -> int:
    marked = db.session.execute(sa.update(Permit).where(
        Permit.id == row.id, sa.or_(Permit.warned_for_on.is_(None),
                                    Permit.warned_for_on != row.ends_on))
        .values(warned_for_on=row.ends_on)).rowcount
    if not marked:
        return 0
    page = link("realisation.list_measures", project_id=row.project_id)
    for person in people:
        notify(person, "permit_refused", f"permit-expires:{row.id}:{row.ends_on}:{person.id}",
               "expires", link=page, project=row.project, measure=row.measure,
               grantor=row.grantor_name, date=row.ends_on)
    if keeper is not None:
        queue_mail(kind="keeper_expiry", recipient=keeper.email, locale=keeper.locale,
                   subject=_l("A permit runs out soon: %(measure)s", measure=row.measure),
                   template="keeper_expiry", row=row, what="permit")
    return 1


def _warn_measure(row, people) -> int:
    marked = db.session.execute(sa.update(Keeper).where(
        Keeper.id == row.id, sa.or_(Keeper.warned_for_on.is_(None),
                                    Keeper.warned_for_on != row.ends_on))
        .values(warned_for_on=row.ends_on)).rowcount
    if not marked:
        return 0
    page = link("realisation.handover", project_id=row.project_id)
    for person in people:
        notify(person, "handover", f"measure-ends:{row.id}:{row.ends_on}:{person.id}",
               "ends", link=page, project=row.project, measure=row.measure, date=row.ends_on)
    queue_mail(kind="keeper_expiry", recipient=row.email, locale=row.locale,
               subject=_l("A temporary measure ends soon: %(measure)s", measure=row.measure),
               template="keeper_expiry", row=row, what="measure")
    return 1
