"""The facilitator dashboard with 500 projects and 15,000 tasks: render time and queries.

Run: .venv/bin/python benchmarks/dashboard.py
With DATABASE_URL=postgresql://... it runs on PostgreSQL and EMPTIES that database first.
Builds its own database (a temporary SQLite file by default) from the migrations,
fills it through the real operations, then renders /supervision/ as a facilitator.
Prints `name: value unit` lines.
"""

from __future__ import annotations

import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PROJECTS = 500
TASKS_PER_PROJECT = 30  # 500 x 30 = 15,000 tasks
RUNS = 5


def _text(value):
    return {"nb": value, "en": value}


def _workflow_folder() -> Path:
    """The shipped workflows plus one whose first stages hold 30 tasks in all."""
    folder = Path(tempfile.mkdtemp(prefix="bench-workflows-"))
    shutil.copy(ROOT / "stedskaping" / "workflows" / "stedskaping.yaml", folder)
    stages = {}
    for s in range(3):
        stages[f"stage_{s}"] = {
            "title": _text(f"Fase {s}"), "duration": {"weeks": 4},
            "tasks": [{"key": f"task_{t}", "title": _text(f"Oppgave {s}.{t}"),
                       "guidance": _text("Gjør det."), "required": t % 2 == 0,
                       "due": {"days": t * 2}} for t in range(TASKS_PER_PROJECT // 3)],
        }
    stages["camp"] = {"title": _text("Leir"), "duration": {"days": 6}}
    stages["done"] = {"title": _text("Ferdig"), "final": True}
    keys = list(stages)
    data = {
        "key": "bench", "version": 1, "languages": ["nb", "en"], "title": _text("Bench"),
        "plan": {"horizon": {"weeks": 12}, "camp_stage": "camp"}, "stages": stages,
        "transitions": [{"trigger": f"next_{i}", "from": keys[i], "to": keys[i + 1],
                         "title": _text("Videre"), "roles": ["initiator"]}
                        for i in range(len(keys) - 1)],
    }
    (folder / "bench.yaml").write_text(yaml.safe_dump(data, allow_unicode=True,
                                                      sort_keys=False))
    return folder


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
    os.environ["STEDSKAPING_INSTANCE_PATH"] = str(tmp)
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite"

    from flask_migrate import upgrade

    from stedskaping import create_app
    from stedskaping.accounts.operations import start_session
    from stedskaping.db import unit_of_work
    from stedskaping.extensions import db
    from tests.fixtures.factories import make_facilitator, make_municipality, make_user

    app = create_app({"SECRET_KEY": secrets.token_hex(32), "SQLALCHEMY_DATABASE_URI": url,
                      "WORKFLOW_FOLDER": str(_workflow_folder()), "ARGON2_TIME_COST": 1,
                      "ARGON2_MEMORY_COST": 1024, "ARGON2_PARALLELISM": 1,
                      "LOG_LEVEL": "WARNING"})
    from stedskaping.projects.operations import NewProject, create_project

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        upgrade()
        start = time.perf_counter()
        with unit_of_work():
            municipality = make_municipality(name="Benchmark kommune", slug="bench")
            facilitator = make_facilitator(municipality)
            initiator = make_user()
            today = date.today()
            for n in range(PROJECTS):
                create_project(NewProject(
                    title=f"Prosjekt {n}", municipality_id=municipality.id,
                    workflow_key="bench", start_on=today - timedelta(days=n % 60)), initiator)
            token, facilitator_id = start_session(facilitator), facilitator.id
        built = time.perf_counter() - start
        tasks = db.session.execute(sa.text("SELECT count(*) FROM task_progress")).scalar()

    client = app.test_client()
    with client.session_transaction() as session:
        session.update({"_user_id": str(facilitator_id), "_fresh": True, "sid": token})
    client.get("/supervision/")  # warm up: templates compiled, workflow digests checked

    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    times = []
    for _ in range(RUNS):
        statements.clear()
        sa.event.listen(engine, "before_cursor_execute", count)
        begin = time.perf_counter()
        response = client.get("/supervision/")
        times.append(time.perf_counter() - begin)
        sa.event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200
        assert response.get_data(as_text=True).count("<tr>") == PROJECTS + 1

    print(f"database: {engine.dialect.name}")
    print(f"projects: {PROJECTS} count")
    print(f"tasks: {tasks} count")
    print(f"build_time: {built:.1f} s")
    print(f"dashboard_render_median: {statistics.median(times) * 1000:.0f} ms")
    print(f"dashboard_render_min: {min(times) * 1000:.0f} ms")
    print(f"dashboard_queries: {len(statements)} count")


if __name__ == "__main__":
    main()
