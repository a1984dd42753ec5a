"""Flask commands: `flask users ...`, `flask seed demo`, `flask mail send`."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup, pass_script_info

from stedskaping.db import unit_of_work, utcnow

users = AppGroup("users", help="Manage user accounts.")
seed = AppGroup("seed", help="Fill the database with example data.")
mail = AppGroup("mail", help="The e-mail outbox.")
workflow = AppGroup("workflow", help="Check and show the process workflows.")
scheduler = AppGroup("scheduler", help="The job scheduler (run exactly one).")
page_cache = AppGroup("page-cache", help="The page cache (docs/deploy.md, \"Page cache\").")


@scheduler.command("run")
@click.option("--once", is_flag=True, help="Run every job once now, then exit.")
def run_scheduler(once: bool) -> None:
    """Run the scheduler process (or, with --once, every job once)."""
    from flask import current_app

    from stedskaping import jobs
    from stedskaping import scheduler as scheduling

    if once:
        for name, result in jobs.run_all().items():
            click.echo(f"{name}: {'skipped (running elsewhere)' if result is None else result}")
        return
    click.echo("Scheduler running; stop with Ctrl+C.")
    scheduling.build(current_app._get_current_object()).start()


@scheduler.command("jobs")
def list_jobs() -> None:
    """List the jobs and when each runs next."""
    from flask import current_app

    from stedskaping import scheduler as scheduling

    planner = scheduling.build(current_app._get_current_object(), background=True)
    planner.start(paused=True)
    for job in planner.get_jobs():
        click.echo(f"{job.id:<20} next {job.next_run_time:%Y-%m-%d %H:%M %Z}  {job.name}")
    planner.shutdown(wait=False)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--scheduler/--no-scheduler", "with_scheduler", default=True, show_default=True,
              help="Run the job scheduler in one thread beside the server.")
def serve(host: str, port: int, with_scheduler: bool) -> None:
    """The development server, with the scheduler in the same process.

    Links in e-mails point at this server (BASE_URL) unless BASE_URL or SERVER_NAME
    is configured.
    """
    from flask import current_app
    from werkzeug.serving import run_simple

    from stedskaping import scheduler as scheduling

    app = current_app._get_current_object()
    if not app.config.get("BASE_URL") and not app.config.get("SERVER_NAME"):
        app.config["BASE_URL"] = serving_address(host, port)
    if with_scheduler:
        scheduling.build(app, background=True).start()
        click.echo("Scheduler started in this process.")
    run_simple(host, port, app, use_reloader=False, threaded=True)


def serving_address(host: str, port: int) -> str:
    """The address a browser on this machine opens for a server on ``host``:``port``."""
    if host in ("", "0.0.0.0", "::"):  # noqa: S104  (every interface: this machine's works)
        host = "127.0.0.1"
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    return f"http://{host}:{port}"


@users.command("create-admin")
@click.option("--name", prompt=True, help="The admin's full name.")
@click.option("--email", prompt=True, help="The admin's e-mail address.")
@click.password_option(help="At least 12 characters; asked for when not given.")
def create_admin(name: str, email: str, password: str) -> None:
    """Create a platform admin account, or make an existing account an admin."""
    from stedskaping.accounts import operations as ops

    with unit_of_work():
        user = ops.find_by_email(email)
        if user is None:
            try:
                user = ops.create_confirmed(name, email, password)
            except ops.AccountError as error:
                raise click.ClickException(str(error.message)) from error
        # Whoever runs this command on the server vouches for the address.
        user.is_admin = True
        if user.email_confirmed_dt is None:
            user.email_confirmed_dt = utcnow()
    click.echo(f"{user.email} is an admin.")


@seed.command("demo")
def seed_demo() -> None:
    """Add the demo municipality and accounts (safe to run again)."""
    from stedskaping import demo

    with unit_of_work():
        accounts = demo.seed()
    click.echo(f"Demo accounts (password: {demo.PASSWORD}):")
    for role, email in accounts:
        click.echo(f"  {role:<12} {email}")


@mail.command("send")
def send_mail() -> None:
    """Deliver the messages waiting in the outbox (failed ones after their pause)."""
    from stedskaping.notifications.operations import deliver_pending

    click.echo(f"{deliver_pending()} message(s) delivered.")


@page_cache.command("reset")
def reset_page_cache() -> None:
    """Make every stored page unreachable (after a database restore)."""
    from stedskaping import cache

    with unit_of_work():
        value = cache.reset()
    click.echo(f"The page cache starts again at generation {value}.")


@workflow.command("check", with_appcontext=False)
@click.option("--folder", help="Check this folder instead of the configured one.")
@pass_script_info
def check_workflows(info, folder: str | None) -> None:
    """Validate every workflow file; print each problem and exit non-zero if any.

    Works even when the app cannot start because of a broken workflow (this
    command is loaded as a Flask plugin, before the app).
    """
    from stedskaping.domains import build_registry
    from stedskaping.engine import definition

    if folder:
        from stedskaping.config import Defaults

        guards = build_registry().guards
        workflows = _report(lambda: definition.load_folder(folder, guards))
        _warn_missing_languages(workflows, Defaults.LANGUAGES)
        return
    app = _report(info.load_app)
    with app.app_context():
        workflows = [c.workflow for c in app.extensions["stedskaping.workflows"].all()]
        problems = _changed_versions(workflows)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) found")
    _print_ok(workflows)
    _warn_missing_languages(workflows, app.config["LANGUAGES"])


def _report(load):
    """Run ``load``; on broken workflows print every error and fail."""
    from stedskaping.engine.spec import WorkflowInvalid

    try:
        result = load()
    except WorkflowInvalid as exc:
        for error in exc.errors:
            click.echo(str(error), err=True)
        raise click.ClickException(f"{len(exc.errors)} problem(s) found") from exc
    if isinstance(result, list):
        _print_ok(result)
    return result


def _print_ok(workflows) -> None:
    for wf in workflows:
        stages = [s for s in wf.stages if not s.final]
        tasks = sum(len(s.tasks) for s in wf.stages)
        click.echo(f"ok  {wf.source}: {wf.key} v{wf.version}, {len(stages)} stages, "
                   f"{tasks} tasks, {len(wf.transitions)} transitions")


def _warn_missing_languages(workflows, languages) -> None:
    """Warn (without failing) about each interface language a workflow's texts lack:
    pages show the workflow's first language there instead. Only the newest version of
    each key is looked at: older ones are frozen for the projects that use them, and
    gain languages only as a new version."""
    newest = {}
    for wf in workflows:
        if wf.version > newest.get(wf.key, (0, None))[0]:
            newest[wf.key] = (wf.version, wf)
    for _version, wf in newest.values():
        texts = list(wf.texts())
        for lang in languages:
            missing = [path for path, text in texts if not text.has(lang)]
            if not missing:
                continue
            shown = wf.languages[0]
            if len(missing) == len(texts):
                click.echo(f"warning  {wf.source}: no texts in {lang!r} (all {len(texts)} are "
                           f"shown in {shown!r})", err=True)
                continue
            click.echo(f"warning  {wf.source}: {len(missing)} of {len(texts)} texts lack "
                       f"{lang!r} (shown in {shown!r}):", err=True)
            for path in missing:
                click.echo(f"           {path}", err=True)


def _changed_versions(workflows) -> list[str]:
    """Versions whose content differs from the digest recorded when projects began using it."""
    import sqlalchemy as sa
    from sqlalchemy.exc import SQLAlchemyError

    from stedskaping.db import db
    from stedskaping.projects.models import WorkflowVersion

    try:
        stored = {(w.key, w.version): w.digest for w in db.session.scalars(
            sa.select(WorkflowVersion))}
    except SQLAlchemyError:  # no database yet: nothing is in use
        db.session.rollback()
        return []
    return [
        f"{wf.source}: workflow {wf.key!r} version {wf.version} has changed since projects "
        "started using it; give the new content a new version number"
        for wf in workflows if stored.get((wf.key, wf.version), wf.digest) != wf.digest
    ]


@workflow.command("show")
@click.argument("key")
@click.option("--version", type=int, help="A version other than the latest.")
@click.option("--lang", default="nb", show_default=True, help="Language of the state names.")
def show_workflow(key: str, version: int | None, lang: str) -> None:
    """Print the workflow as a Mermaid state diagram (stateDiagram-v2)."""
    from flask import current_app

    from stedskaping.engine.diagram import mermaid

    try:
        compiled = current_app.extensions["stedskaping.workflows"].get(key, version)
    except LookupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(mermaid(compiled.workflow, lang))


def init_app(app: Flask) -> None:
    # `workflow` is registered as a Flask plugin (setup.cfg), so that `flask workflow
    # check` runs even when a broken workflow keeps the app from starting.
    domain_groups = app.extensions["stedskaping.registry"].cli_groups
    for group in (users, seed, mail, scheduler, page_cache, serve, *domain_groups):
        app.cli.add_command(group)
