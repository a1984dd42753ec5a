"""The runner of the scheduler's jobs: leases, ``run(name)``, ``run_all`` and helpers.

The jobs themselves live in their domains (``<domain>/jobs.py``) and are
registered with ``registry.job(...)`` in the domain's ``register``; this module
only runs what the registry holds. Each job is a sweep over database state:
the truth lives in columns (due dates, campaign closing dates, camp windows) and
every notice a job makes has a unique key, so a second run, a second process or
a rerun after a crash makes nothing twice. A lease row (``job_lease``) keeps two
processes from doing the same work at the same time, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from stedskaping import plugins
from stedskaping.db import UTCDateTime, commit, db, rollback, unit_of_work, utcnow
from stedskaping.links import link, public_site

__all__ = ["BATCH", "JobLease", "in_batches", "link", "run", "run_all"]

log = logging.getLogger(__name__)
BATCH = 200  # items per transaction: a crash loses at most one batch of work, not its keys


class JobLease(db.Model):
    """Who runs a job now: a second scheduler process finds the lease taken and skips."""

    __tablename__ = "job_lease"

    name: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    holder: Mapped[str | None] = mapped_column(sa.String(100))
    expires_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_run_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)


def in_batches(items: Iterable, work: Callable[[object], int]) -> int:
    """Do ``work(item)`` for each item, committing every BATCH items; the sum of the results.

    What ``work`` reads should be plain rows (ids, titles, addresses), not ORM objects:
    those expire at each commit and would be loaded again one by one.
    """
    made = 0
    for n, item in enumerate(items, start=1):
        made += work(item)
        if n % BATCH == 0:
            commit()
    commit()
    return made


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}:{uuid.uuid4().hex[:8]}"


def acquire(name: str, holder: str, seconds: int) -> bool:
    """Take the job's lease unless another live process holds it.

    The UPDATE comes first so that the transaction starts by writing: on SQLite a
    second process then waits for the lock instead of failing on a stale read.
    """
    now = utcnow()
    take = (sa.update(JobLease)
            .where(JobLease.name == name,
                   sa.or_(JobLease.holder.is_(None), JobLease.expires_dt < now))
            .values(holder=holder, expires_dt=now + timedelta(seconds=seconds)))
    with unit_of_work():
        taken = db.session.execute(take).rowcount
        if not taken and db.session.get(JobLease, name) is None:
            try:
                with db.session.begin_nested():
                    db.session.add(JobLease(name=name))
            except IntegrityError:
                pass
            taken = db.session.execute(take).rowcount
    return taken == 1


def release(name: str, holder: str) -> None:
    with unit_of_work():
        db.session.execute(sa.update(JobLease).where(
            JobLease.name == name, JobLease.holder == holder).values(
            holder=None, expires_dt=None, last_run_dt=utcnow()))


def run(name: str, today: date | None = None) -> int | None:
    """Run one registered job under its lease; None when another process holds it."""
    job = plugins.current().jobs[name]
    if not job.leased:
        return _run_unleased(job, today)
    holder = _holder()
    if not acquire(name, holder, current_app.config["JOB_LEASE_SECONDS"]):
        log.info("job %s is running elsewhere; skipped", name)
        return None
    try:
        with public_site():  # links in notices and mails point at the public site
            result = job.run(today or date.today())
    except BaseException:
        rollback()
        raise
    finally:
        release(name, holder)
    log.info("job %s: %s item(s)", name, result)
    return result


def _run_unleased(job, today: date | None) -> int:
    try:
        with public_site():
            result = job.run(today or date.today())
    except BaseException:
        rollback()
        raise
    if result:  # an idle run every few seconds is not worth a line in the log
        log.info("job %s: %s item(s)", job.name, result)
    return result


def run_all(today: date | None = None) -> dict[str, int | None]:
    """Every registered job once, in the order the domains registered them."""
    return {name: run(name, today) for name in plugins.current().jobs}
