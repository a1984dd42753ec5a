"""HTTP benchmark: the main pages under gunicorn on PostgreSQL, beside a bare Flask page.

Run (from a checkout, with the ``production`` extra installed for gunicorn):

    .venv/bin/python benchmarks/http.py

It works in its own PostgreSQL database, ``BENCH_DATABASE_URL`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/bench_http``): it creates that database
when it is missing and EMPTIES it when it is there; it touches no other. It builds the
large data set by bulk inserts (2,000 projects in 20 municipalities with their tasks, a
campaign with 10,000 pledges, 1,000 notifications), starts gunicorn twice with the same
settings (the app, and a bare Flask page doing one query), and with a bounded load
generator (threads, one connection per request as gunicorn's sync workers want) measures
in one interleaved run, repeated three times, the requests per second of each page as a
ratio to the bare page (each burst over the bare burst just before it; the median of the
three rounds, and the lowest), the p99 latency, and the workers' memory (RSS) after warming up
and after 10,000 requests. Prints ``name: value unit`` lines.

Each burst asks for one page again and again with no write in between, so after its first
request the app serves it from the page cache (stedskaping/cache.py): ``<page>_ratio`` is
the cached page. A third server with the same settings and ``PAGE_CACHE`` off gives
``<page>_uncached_ratio``, the cost of rendering the page, which is what every reader
pays in the moments after a write.

Targets: public pages and the project home at least 0.5 of the bare page; the dashboard
and the campaign page at least 0.2; worker memory flat.
"""

# This file is named http.py, and Python puts the folder of the script it runs first on
# sys.path: any later ``import http`` (the standard library's http.client, which urllib,
# Werkzeug and this script use) would then import this file instead. So, before any
# other import, take that folder off the path and put the checkout in its place.
import os.path
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]
if __name__ != "__main__":
    # Imported as ``http`` by another script of this folder (whose own folder is first on
    # its path): hand the importer the standard library's package instead of this file.
    # The import system returns what sys.modules holds once this module has run.
    import importlib

    del sys.modules[__name__]
    sys.modules[__name__] = importlib.import_module("http")

import http.client  # noqa: E402  (the standard library's, now)
import os  # noqa: E402,F811
import secrets  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_http"
PROJECTS, MUNICIPALITIES, PLEDGES, NOTIFICATIONS = 2000, 20, 10_000, 1000
WORKERS, CLIENTS = 2, 4  # gunicorn sync workers (this machine has 2 cores); client threads
# (BENCH_ROUNDS, BENCH_BURST_SECONDS and BENCH_REQUESTS shorten a trial run.)
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
BURST_SECONDS, BURST_MAX = float(os.environ.get("BENCH_BURST_SECONDS", 4.0)), 2000
SOAK_TO = int(os.environ.get("BENCH_REQUESTS", 10_000))  # before memory is read again
PAGES = ("home", "public_list", "public_project", "project_home", "task", "dashboard",
         "campaign", "notifications")
UNCACHED = tuple(f"{name}_uncached" for name in PAGES)  # the same pages, PAGE_CACHE off

BARE_APP = '''
import os
import sqlalchemy as sa
from flask import Flask
from markupsafe import escape

engine = sa.create_engine(os.environ["DATABASE_URL"], pool_pre_ping=True)
app = Flask(__name__)


@app.get("/")
def page():
    with engine.connect() as conn:
        title = conn.execute(sa.text("SELECT title FROM project ORDER BY id LIMIT 1")).scalar()
    return f"<!doctype html><html lang=en><title>Bare</title><p>{escape(title)}</p></html>"
'''


def _database(url: str) -> None:
    """Create the benchmark's database when it is missing, else empty it."""
    target = sa.engine.make_url(url)
    server = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        exists = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                            {"name": target.database})
        if not exists:
            conn.exec_driver_sql(f'CREATE DATABASE "{target.database}"')
    server.dispose()
    if exists:
        own = sa.create_engine(target, isolation_level="AUTOCOMMIT")
        with own.connect() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        own.dispose()


def _build(app) -> dict:
    """The large data set; returns the addresses and the session cookies to use."""
    from flask_migrate import upgrade

    from stedskaping import demo
    from stedskaping.accounts import operations as accounts
    from stedskaping.accounts.models import User
    from stedskaping.db import commit, db, utcnow
    from stedskaping.funding import operations as funding
    from stedskaping.projects.models import Project, TaskProgress
    from tests.fixtures import bulk

    with app.app_context():
        upgrade()
        demo.seed(date.today())
        commit()
        originals = list(db.session.scalars(sa.select(Project).order_by(Project.id)))
        municipalities = db.metadata.tables["municipality"]
        first = (db.session.scalar(sa.select(sa.func.max(municipalities.c.id))) or 0) + 1
        db.session.execute(sa.insert(municipalities), [
            {"id": first + n, "name": f"Kommune {n + 1}", "slug": f"kommune-{n + 1}",
             "created_dt": utcnow()} for n in range(MUNICIPALITIES - 1)])
        bulk._fix_sequence(municipalities)
        users = {role: db.session.scalar(sa.select(User).where(User.email == email))
                 for role, email, _name in demo.ACCOUNTS}
        last_original = originals[-1].id
        per, extra = divmod(PROJECTS - len(originals), len(originals))
        for n, project in enumerate(originals):
            bulk.copies(project, per + (n < extra))
        # The copies spread over the other municipalities (the demo's keeps its own).
        db.session.execute(sa.update(Project).where(Project.id > last_original).values(
            municipality_id=first + Project.id % (MUNICIPALITIES - 1)))
        people = bulk.users(2000)
        live = next(p for p in originals if funding.campaign_of(p) is not None
                    and funding.campaign_of(p).status == "live")
        bulk.pledges(funding.campaign_of(live).id, people, PLEDGES)
        bulk.notifications(users["backer"].id, NOTIFICATIONS)
        commit()
        early = originals[0]
        task = db.session.scalars(sa.select(TaskProgress).where(
            TaskProgress.project_id == early.id, TaskProgress.stage_key == early.state)
            .order_by(TaskProgress.position)).first()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
        counts = {name: db.session.scalar(sa.select(sa.func.count())
                                          .select_from(db.metadata.tables[name]))
                  for name in ("project", "task_progress", "pledge", "notification")}
        # A visitor's browser keeps the session cookie of its first page (it holds the CSRF
        # token of the forms every page has), and sends it with the next ones.
        visitor = app.test_client()
        visitor.get("/")
        cookies = {None: visitor.get_cookie("session").value}
        for role in ("initiator", "admin", "backer"):
            client = app.test_client()
            with app.test_request_context():
                token = accounts.start_session(users[role])
                commit()
            with client.session_transaction() as session:
                session["_user_id"] = str(users[role].id)
                session["_fresh"] = True
                session["sid"] = token
            cookies[role] = client.get_cookie("session").value
        urls = {
            "home": ("/", None), "public_list": ("/projects/", None),
            "public_project": (f"/projects/{live.id}", None),
            "project_home": (f"/projects/{early.id}/home", "initiator"),
            "task": (f"/projects/{early.id}/tasks/{task.stage_key}/{task.task_key}",
                     "initiator"),
            "dashboard": ("/supervision/", "admin"),
            "campaign": (f"/projects/{live.id}/campaign", None),
            "notifications": ("/notifications/", "backer"),
        }
    return {"urls": urls, "cookies": cookies, "counts": counts}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _gunicorn(target: str, env: dict, pythonpath: str) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603  (our own command line)
        [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--bind",
         f"127.0.0.1:{port}", "--timeout", "60", "--pythonpath", pythonpath, target],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _ = _get(port, "/healthz" if "create_app" in target else "/", None)
            if status == 200:
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"gunicorn did not start: {process.stderr.read().decode()[-2000:]}")


def _get(port: int, path: str, cookie: str | None) -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Cookie": f"session={cookie}"} if cookie else {})
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        conn.close()


def _burst(port: int, path: str, cookie: str | None) -> tuple[float, list[float], int]:
    """Requests from CLIENTS threads for BURST_SECONDS (at most BURST_MAX): (requests
    per second, latencies, requests that did not answer 200)."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + BURST_SECONDS

    def work():
        while time.perf_counter() < stop:
            with lock:
                if len(latencies) >= BURST_MAX:
                    return
            status, seconds = _get(port, path, cookie)
            with lock:
                latencies.append(seconds)
                failures[0] += status != 200

    started = time.perf_counter()
    threads = [threading.Thread(target=work) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies) / (time.perf_counter() - started), latencies, failures[0]


def _worker_rss(master: int) -> float:
    """The resident memory of gunicorn's workers (the master's children), MB each, mean."""
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return statistics.mean(sizes) if sizes else 0.0


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgresql"):
        raise SystemExit("BENCH_DATABASE_URL must name a PostgreSQL database")
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        raise SystemExit("gunicorn is missing: install the production extra") from None
    _database(url)
    instance = tempfile.mkdtemp(prefix="bench-http-")
    secret = secrets.token_hex(32)
    os.environ.update({"STEDSKAPING_INSTANCE_PATH": instance})
    from stedskaping import create_app

    app = create_app({"SECRET_KEY": secret, "SQLALCHEMY_DATABASE_URI": url,
                      "LOG_LEVEL": "WARNING"})
    started = time.perf_counter()
    data = _build(app)
    built = time.perf_counter() - started
    app_url = app.config["SQLALCHEMY_DATABASE_URI"]

    bare_folder = tempfile.mkdtemp(prefix="bench-bare-")
    Path(bare_folder, "bench_bare.py").write_text(BARE_APP)
    env = {**os.environ, "DATABASE_URL": app_url, "STEDSKAPING_SECRET_KEY": secret,
           "STEDSKAPING_LOG_LEVEL": "WARNING", "STEDSKAPING_INSTANCE_PATH": instance,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                       os.environ.get("PYTHONPATH")]))}
    servers = []
    try:
        servers.append(_gunicorn("stedskaping:create_app()", env, str(ROOT)))
        servers.append(_gunicorn("bench_bare:app", env, bare_folder))
        servers.append(_gunicorn("stedskaping:create_app()",
                                 {**env, "STEDSKAPING_PAGE_CACHE": "false"}, str(ROOT)))
        (app_server, app_port), (_bare_server, bare_port), (_, uncached_port) = servers
        load_before = os.getloadavg()[0]
        for name in PAGES:  # warm up: each worker's first requests
            path, role = data["urls"][name]
            for port in (app_port, uncached_port):
                for _ in range(WORKERS * 3):
                    status, _ = _get(port, path, data["cookies"].get(role))
                    if status != 200:
                        raise SystemExit(f"{name} {path} answered {status}")
        rss_start = _worker_rss(app_server.pid)
        rates = {name: [] for name in (*PAGES, *UNCACHED, "bare")}
        latencies = {name: [] for name in (*PAGES, *UNCACHED, "bare")}
        ratios = {name: [] for name in (*PAGES, *UNCACHED)}  # to the bare burst just before
        failures = 0
        sent = 0
        for round_number in range(ROUNDS):
            order = list(PAGES[round_number:] + PAGES[:round_number])  # interleaved
            for name in order:
                for which in ("bare", name, f"{name}_uncached"):
                    port = {"bare": bare_port, name: app_port}.get(which, uncached_port)
                    path, role = ("/", None) if which == "bare" else data["urls"][name]
                    rate, seen, failed = _burst(port, path, data["cookies"].get(role))
                    rates[which].append(rate)
                    if which == "bare":
                        bare_rate = rate
                    else:
                        ratios[which].append(rate / bare_rate)
                    latencies[which].extend(seen)
                    failures += failed
                    sent += len(seen) if which == name else 0
        while sent < SOAK_TO:  # the rest of the 10,000 requests, over all the pages
            for name in PAGES:
                path, role = data["urls"][name]
                _rate, seen, failed = _burst(app_port, path, data["cookies"].get(role))
                sent += len(seen)
                failures += failed
        rss_after = _worker_rss(app_server.pid)
        load_after = os.getloadavg()[0]
    finally:
        for process, _port in servers:
            process.send_signal(signal.SIGTERM)
        for process, _port in servers:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()

    bare = statistics.median(rates["bare"])
    print("database: postgresql")
    for name, count in data["counts"].items():
        print(f"{name}_rows: {count} count")
    print(f"build_time: {built:.1f} s")
    print(f"workers: {WORKERS} count")
    print(f"clients: {CLIENTS} count")
    print(f"load_average_before: {load_before:.2f} load")
    print(f"bare_rps: {bare:.1f} req/s")
    print(f"bare_p99: {_p99(latencies['bare']):.1f} ms")
    # A page's ratio is the median over the rounds of its rate over the rate of the bare
    # burst just before it (so that a slower or faster stretch of the machine touches both);
    # ``_ratio_low`` is its lowest round.
    for name in (*PAGES, *UNCACHED):
        print(f"{name}_rps: {statistics.median(rates[name]):.1f} req/s")
        print(f"{name}_ratio: {statistics.median(ratios[name]):.3f} ratio")
        print(f"{name}_ratio_low: {min(ratios[name]):.3f} ratio")
        print(f"{name}_p99: {_p99(latencies[name]):.1f} ms")
    print(f"requests_to_app: {sent} count")
    print(f"failed_requests: {failures} count")
    print(f"worker_rss_after_warmup: {rss_start:.1f} MB")
    print(f"worker_rss_after_requests: {rss_after:.1f} MB")
    print(f"worker_rss_growth: {rss_after - rss_start:.1f} MB")
    print(f"load_average_after: {load_after:.2f} load")


def _p99(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000


if __name__ == "__main__":
    main()
