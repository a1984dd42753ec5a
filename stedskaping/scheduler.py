"""The scheduler process: APScheduler 3 running the jobs the domains registered
(``registry.job``), each through ``stedskaping.jobs.run`` under its lease.

Run exactly one: `flask scheduler run` (production), or `flask serve` (the
development server with the scheduler in one thread beside it). Never inside
gunicorn workers. Jobs are referenced by text and run in an app context; they
coalesce, run one instance at a time, and tolerate a late start.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from stedskaping import jobs

_app: Flask | None = None


def run_job(name: str) -> None:
    """The entry point APScheduler calls (by the text reference "stedskaping.scheduler:run_job")."""
    assert _app is not None, "the scheduler was not started with an app"
    with _app.app_context():
        jobs.run(name)


def build(app: Flask, *, background: bool = False):
    """A scheduler with every job added (not started)."""
    global _app
    _app = app
    kind = BackgroundScheduler if background else BlockingScheduler
    scheduler = kind(
        timezone=app.config["SCHEDULER_TIMEZONE"],
        # "payments": the quick Stripe work pages wait for (funding's card_pages job),
        # so that a long job on the default thread does not hold it up.
        executors={"default": ThreadPoolExecutor(1), "payments": ThreadPoolExecutor(1)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 600},
    )
    now = datetime.now(ZoneInfo(app.config["SCHEDULER_TIMEZONE"]))
    for job in app.extensions["stedskaping.registry"].jobs.values():
        # Sweeps also run once at start, so that nothing waits for the first interval.
        first = {"next_run_time": now} if job.trigger["trigger"] == "interval" else {}
        scheduler.add_job("stedskaping.scheduler:run_job", args=[job.name], id=job.name,
                          name=job.description, replace_existing=True, **job.trigger, **first)
    return scheduler
