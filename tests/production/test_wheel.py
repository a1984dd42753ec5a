"""The README's production section, followed literally: its own command lines, taken
from the README, build the wheel, install it with the production extra into a fresh
virtualenv outside the checkout, migrate a PostgreSQL database of its own, start
gunicorn with the rate limits in Redis and the scheduler; then pages are fetched.

It builds and installs for real (about a minute, mostly pip), so it runs once, on the
PostgreSQL pass of the suite (CI always has that one)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import TEST_DATABASE_URL

CHECKOUT = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/0"

pytestmark = [
    pytest.mark.production,
    pytest.mark.skipif(not TEST_DATABASE_URL, reason="installs against its own PostgreSQL "
                                                     "database: runs on the PostgreSQL pass"),
]


def _run(args, *, env=None, cwd=None, timeout=600) -> str:
    done = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed:\n{output[-4000:]}"
    return output


def _clean_env(**extra) -> dict:
    """This process's environment without anything that would import the checkout."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONDONTWRITEBYTECODE", "FLASK_APP")
           and not k.startswith(("STEDSKAPING_", "TEST_DATABASE"))}
    env.update(extra)
    return env


def _source_copy(target: Path) -> Path:
    """The files of the checkout that git knows (tracked or new, not ignored), without the
    compiled catalogues: what a fresh clone holds, so the build must compile them."""
    listing = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"],
                             cwd=CHECKOUT, capture_output=True, check=True).stdout
    for name in filter(None, listing.decode().split("\0")):
        source = CHECKOUT / name
        if source.is_file() and not name.endswith(".mo"):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


# setuptools' and distutils' own warnings ("warning: ...", SetuptoolsDeprecationWarning,
# the "!!" banners); pip's "WARNING:" lines about this machine's package folders are not
# the build's.
SETUPTOOLS_WARNING = re.compile(r"warning:|\w+Warning\b|^\s*!!\s*$", re.MULTILINE)


# The README's commands, word for word (a test below checks they are there). Run here
# with the venv under a temporary folder instead of /srv, a free port instead of 8000,
# and this Python (3.11 or newer, with pip) as python3.
README = (CHECKOUT / "README.md").read_text()
BUILD = "python3 -m pip wheel --no-deps -w dist ."
VENV = "python3 -m venv /srv/stedskaping/venv"
INSTALL = ("/srv/stedskaping/venv/bin/pip install "
           "'dist/stedskaping-0.1.0-py3-none-any.whl[production]'")
MIGRATE = "flask --app stedskaping db upgrade"
SERVE = "gunicorn -w 4 -b 127.0.0.1:8000 'stedskaping:create_app()'"
SCHEDULER = "flask --app stedskaping scheduler run"


def _line(command: str, work: Path, port: int = 8000) -> str:
    return (command.replace("python3 ", f"{sys.executable} ", 1)
            .replace("/srv/stedskaping", str(work / "srv" / "stedskaping"))
            .replace("127.0.0.1:8000", f"127.0.0.1:{port}"))


def test_the_readme_says_these_commands():
    section = README[README.index("## Production"):]
    for command in (BUILD, VENV, INSTALL, MIGRATE, SERVE, SCHEDULER):
        assert command in section, command
    procfile = _procfile()
    assert procfile["release"] == MIGRATE and procfile["scheduler"] == SCHEDULER


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(the venv's bin folder, a working folder outside the checkout, the build output)."""
    work = tmp_path_factory.mktemp("wheel")
    source = _source_copy(work / "source")
    # -v shows setuptools' own output, which must hold no warning.
    build = _run(["bash", "-c", _line(BUILD, work).replace(" wheel ", " wheel -v ", 1)],
                 env=_clean_env(), cwd=source)
    _run(["bash", "-c", _line(VENV, work)], env=_clean_env(), cwd=source)
    _run(["bash", "-c", _line(INSTALL, work)], env=_clean_env(PIP_NO_COMPILE="1"),
         cwd=source)
    shutil.rmtree(source)  # nothing of the checkout is left to import from
    return work / "srv" / "stedskaping" / "venv" / "bin", work, build


@pytest.fixture(scope="module")
def wheel_database():
    """A database of its own beside the suite's (its name plus _wheel), made afresh."""
    suite = sa.engine.make_url(TEST_DATABASE_URL)
    name = f"{suite.database}_wheel"
    admin = sa.create_engine(suite.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield suite.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_the_build_gives_no_setuptools_warnings(installed):
    _, _, build = installed
    assert "Successfully built stedskaping" in build
    assert not SETUPTOOLS_WARNING.findall(build), [
        line for line in build.splitlines() if SETUPTOOLS_WARNING.search(line)]


def _procfile() -> dict[str, str]:
    lines = (CHECKOUT / "deploy" / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line and not line.startswith("#"))


def _stop(process: subprocess.Popen) -> str:
    process.send_signal(signal.SIGTERM)
    try:
        return process.communicate(timeout=30)[0]
    except subprocess.TimeoutExpired:
        process.kill()
        return process.communicate()[0]


def _run_scheduler(command: str, env: dict, work: Path) -> str:
    """Start the scheduler, see it running for a moment, stop it; its output."""
    output = work / "scheduler.log"
    with output.open("w") as out:
        scheduler = subprocess.Popen(["bash", "-c", "exec " + command], env=env, cwd=work,
                                     stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while "Scheduler running" not in output.read_text() and scheduler.poll() is None \
                and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)  # it keeps running past its start
        alive = scheduler.poll() is None
        _stop(scheduler)
    assert alive, output.read_text()
    return output.read_text()


def test_the_installed_wheel_serves_with_gunicorn_and_redis(installed, wheel_database):
    import redis

    bin_, work, _ = installed
    prefix = f"wheel-test-{secrets.token_hex(4)}"
    port = _free_port()
    env = _clean_env(DATABASE_URL=wheel_database,
                     STEDSKAPING_SECRET_KEY=secrets.token_hex(32),
                     STEDSKAPING_INSTANCE_PATH=str(work / "instance"),
                     STEDSKAPING_RATELIMIT_STORAGE_URI=REDIS,
                     STEDSKAPING_RATELIMIT_KEY_PREFIX=prefix,
                     STEDSKAPING_PAGE_CACHE_TYPE="RedisCache",
                     STEDSKAPING_PAGE_CACHE_REDIS_URL=REDIS,
                     STEDSKAPING_PAGE_CACHE_KEY_PREFIX=f"{prefix}-page:",
                     PATH=f"{bin_}{os.pathsep}{os.environ['PATH']}")
    _run(["bash", "-c", MIGRATE], env=env, cwd=work)
    # The Procfile's web line and gunicorn.conf.py load the app too (and exit).
    _run(["bash", "-c", _procfile()["web"] + " --check-config"], env={**env, "PORT": "1"},
         cwd=work)
    _run(["bash", "-c", f"gunicorn --check-config --config {CHECKOUT}/deploy/gunicorn.conf.py"
          " 'stedskaping:create_app()'"], env=env, cwd=work)
    web = subprocess.Popen(["bash", "-c", "exec " + _line(SERVE, work, port)], env=env,
                           cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base + "/healthz")
        _check_pages(base)
        keys = redis.Redis.from_url(REDIS).keys(f"*{prefix}*")
        assert keys, "the failed login was not counted in Redis"
        with urllib.request.urlopen(base + "/projects/", timeout=10) as listing:  # noqa: S310
            assert listing.status == 200 and listing.headers["X-Page-Cache"] == "miss"
        pages = redis.Redis.from_url(REDIS).keys(f"{prefix}-page:*")
        assert pages, "the project list was not kept in the page cache in Redis"
        scheduler_log = _run_scheduler(SCHEDULER, env, work)
    finally:
        log = _stop(web)
        client = redis.Redis.from_url(REDIS)
        for key in client.keys(f"*{prefix}*"):
            client.delete(key)
    assert "Scheduler running" in scheduler_log and "Traceback" not in scheduler_log
    assert "Traceback" not in log, log[-4000:]


def _check_pages(base: str) -> None:
    with urllib.request.urlopen(base + "/readyz", timeout=10) as answer:  # noqa: S310
        assert answer.status == 200 and b'"migrations":"at head"' in answer.read()
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/", timeout=10) as front:
        page = front.read().decode()
        assert front.status == 200 and '<html lang="nb">' in page
        assert "Logg inn" in page  # the compiled catalogues came with the wheel
        assert front.headers["Content-Security-Policy"]
    with opener.open(base + "/static/css/app.css", timeout=10) as css:
        assert css.status == 200
    with opener.open(base + "/login", timeout=10) as login:
        form = login.read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form) or re.search(
        r'name="csrf_token" value="([^"]+)"', form)
    data = urllib.parse.urlencode({"csrf_token": token.group(1), "email": "nobody@example.no",
                                   "password": "not the right password"}).encode()
    try:
        with opener.open(base + "/login", data=data, timeout=10) as reply:
            status, headers = reply.status, reply.headers
    except urllib.error.HTTPError as error:  # a refused login is a 4xx page
        status, headers = error.code, error.headers
    assert status in (200, 400, 401), status
    assert headers["X-RateLimit-Limit"], "the rate limiter did not count the login"
