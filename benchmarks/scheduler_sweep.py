"""Scheduler sweeps over 10,000 active projects with 300,000 tasks.

Run: .venv/bin/python benchmarks/scheduler_sweep.py
With DATABASE_URL=postgresql://... it runs on PostgreSQL and EMPTIES that database first.
Builds the data with bulk inserts (a temporary SQLite file by default), then times
the sweeps (reminders, escalation, camp programme, campaign reminders, each under
its lease) on a day when nothing is due and on a day when 1 % of the tasks are due.
Prints `name: value unit` lines. Target: at most 50 ms when nothing is due.
"""

from __future__ import annotations

import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PROJECTS, TASKS = 10_000, 30
SWEEPS = ("reminders", "escalation", "camp_programme", "campaign_reminders")
TODAY = date(2027, 3, 1)


def _text(value):
    return {"nb": value, "en": value}


def _folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="bench-sweep-"))
    shutil.copy(ROOT / "stedskaping" / "workflows" / "stedskaping.yaml", folder)
    data = {
        "key": "sweep", "version": 1, "languages": ["nb", "en"], "title": _text("Sweep"),
        "plan": {"horizon": {"weeks": 60}, "camp_stage": "camp"},
        "stages": {
            "work": {"title": _text("Arbeid"), "duration": {"weeks": 60}, "tasks": [
                {"key": f"t{n}", "title": _text(f"Oppgave {n}"), "guidance": _text("Gjør."),
                 "required": n % 2 == 0} for n in range(TASKS)]},
            "camp": {"title": _text("Leir"), "duration": {"days": 6}},
            "done": {"title": _text("Ferdig"), "final": True},
        },
        "transitions": [{"trigger": "go", "from": "work", "to": "camp", "title": _text("Gå"),
                         "roles": ["initiator"]},
                        {"trigger": "end", "from": "camp", "to": "done", "title": _text("Slutt"),
                         "roles": ["initiator"]}],
    }
    (folder / "sweep.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return folder


def _build(db) -> None:
    """Bulk rows: every task is due 30 to 400 days after TODAY, except 1 % due in 3 days."""
    from stedskaping.accounts.models import User
    from stedskaping.municipalities.models import Municipality
    from stedskaping.projects.models import Project, ProjectMember, StageWindow, TaskProgress

    now = datetime.now(UTC)
    conn = db.session.connection()
    conn.execute(sa.insert(Municipality), [{"id": 1, "name": "Bench", "slug": "bench",
                                            "created_dt": now}])
    conn.execute(sa.insert(User), [{"id": 1, "email": "a@example.no", "name": "A",
                                    "password_hash": "x", "is_admin": False,
                                    "is_disabled": False, "created_dt": now,
                                    "password_changed_dt": now}])
    projects, members, windows, tasks = [], [], [], []
    for p in range(1, PROJECTS + 1):
        start = TODAY - timedelta(days=10)
        projects.append({"id": p, "title": f"P{p}", "description": "", "place_name": "",
                         "municipality_id": 1, "workflow_key": "sweep", "workflow_version": 1,
                         "state": "work", "state_version": 1, "state_changed_dt": now,
                         "start_on": start, "camp_on": start + timedelta(weeks=60),
                         "created_dt": now, "calendar_token": f"t{p}"})
        members.append({"project_id": p, "user_id": 1, "role": "initiator",
                        "is_name_public": True, "created_dt": now})
        windows.append({"project_id": p, "stage_key": "work", "position": 0,
                        "starts_on": start, "ends_on": start + timedelta(weeks=60, days=-1),
                        "first_starts_on": start,
                        "first_ends_on": start + timedelta(weeks=60, days=-1),
                        "approved_starts_on": start,
                        "approved_ends_on": start + timedelta(weeks=60, days=-1)})
        for t in range(TASKS):
            due = TODAY + timedelta(days=3) if (p * TASKS + t) % 100 == 0 else \
                TODAY + timedelta(days=30 + (p + t * 7) % 370)
            tasks.append({"project_id": p, "stage_key": "work", "task_key": f"t{t}",
                          "position": t, "is_required": t % 2 == 0, "due_on": due,
                          "status": "open", "answers": {}})
    for table, rows in ((Project, projects), (ProjectMember, members), (StageWindow, windows),
                        (TaskProgress, tasks)):
        for i in range(0, len(rows), 5000):
            conn.execute(sa.insert(table), rows[i:i + 5000])
    db.session.commit()


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-sweep-db-"))
    os.environ["STEDSKAPING_INSTANCE_PATH"] = str(tmp)
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite"
    from flask_migrate import upgrade
    from sqlalchemy.orm import Session

    from stedskaping import create_app, jobs
    from stedskaping.extensions import db

    app = create_app({"SECRET_KEY": secrets.token_hex(32), "SQLALCHEMY_DATABASE_URI": url,
                      "WORKFLOW_FOLDER": str(_folder()), "LOG_LEVEL": "WARNING"})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        upgrade()
        started = time.perf_counter()
        _build(db)
        built = time.perf_counter() - started
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")
        count = db.session.scalar(sa.text("SELECT count(*) FROM task_progress"))
        # Mail delivery is not the sweep: keep it quiet.
        app.extensions["stedskaping.mail_transport"] = type(
            "Quiet", (), {"deliver": lambda self, message: None})()

        statements: list[str] = []
        commits = [0]

        def record(conn, cursor, statement, *args):
            statements.append(statement)

        def committed(session):
            commits[0] += 1

        def sweep(day: date) -> tuple[float, int]:
            statements.clear()
            commits[0] = 0
            sa.event.listen(db.engine, "before_cursor_execute", record)
            sa.event.listen(Session, "after_commit", committed)
            begin = time.perf_counter()
            for name in SWEEPS:
                jobs.run(name, day)
            elapsed = time.perf_counter() - begin
            sa.event.remove(db.engine, "before_cursor_execute", record)
            sa.event.remove(Session, "after_commit", committed)
            return elapsed, len(statements)

        quiet_day = TODAY - timedelta(days=20)  # nothing due within a week, nothing overdue
        sweep(quiet_day)  # warm up
        quiet = [sweep(quiet_day) for _ in range(7)]
        due_time, due_queries = sweep(TODAY)  # 1 % of the tasks are due in 3 days
        due_commits = commits[0]
        made = db.session.scalar(sa.text("SELECT count(*) FROM notification"))
        dialect = db.engine.dialect.name

    print(f"database: {dialect}")
    print(f"projects: {PROJECTS} count")
    print(f"tasks: {count} count")
    print(f"build_time: {built:.1f} s")
    print(f"sweep_nothing_due_median: {statistics.median(t for t, _q in quiet) * 1000:.1f} ms")
    print(f"sweep_nothing_due_queries: {quiet[0][1]} count")
    print(f"sweep_1pct_due: {due_time * 1000:.0f} ms")
    print(f"sweep_1pct_due_notifications: {made} count")
    print(f"sweep_1pct_due_queries: {due_queries} count")
    # A batch is one transaction of a sweep (jobs.BATCH items, then a commit).
    print(f"sweep_1pct_due_commits: {due_commits} count")
    print(f"sweep_1pct_due_queries_per_batch: {due_queries / max(due_commits, 1):.1f} count")
    print(f"sweep_1pct_due_queries_per_notice: {due_queries / max(made, 1):.2f} count")


if __name__ == "__main__":
    main()
