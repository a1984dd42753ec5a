"""The one entry point that changes a project's state, and what the pages ask of it.

``advance(project, trigger, actor, comment=None)`` checks the actor's role, the
current state and the guards, then writes the new state by compare-and-set
(two concurrent calls: exactly one wins, the other gets ``Conflict``), writes
the transition record and flushes. Nothing else writes ``project.state``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

import sqlalchemy as sa
from blinker import Namespace
from flask import current_app, has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.attributes import set_committed_value

from stedskaping.db import db, utcnow
from stedskaping.engine.machine import CompiledWorkflow, Conflict, Option, Registry, Token
from stedskaping.projects.models import (
    TASK_DONE,
    Project,
    StateTransition,
    TaskProgress,
    WorkflowVersion,
)

signals = Namespace()
#: Sent after a state change is flushed: sender is the project, ``record`` the transition.
project_advanced = signals.signal("project-advanced")

ROLE_ORDER = ("system", "admin", "facilitator", "initiator", "team_member")


class _System:
    """The platform itself (the scheduler), as an actor."""

    id = None
    is_authenticated = True
    is_admin = False
    name = "stedskaping"


SYSTEM = _System()

# Facts that other domains provide (the funding domain registers the campaign's).
FACT_PROVIDERS: dict[str, Callable[[Project], object]] = {}


def provide_fact(name: str):
    def register(fn):
        FACT_PROVIDERS[name] = fn
        return fn

    return register


class WorkflowChanged(Exception):
    """The file of a workflow version that projects use no longer matches it."""


def registry() -> Registry:
    return current_app.extensions["stedskaping.workflows"]


def _lang() -> str:
    if has_request_context():
        return str(get_locale())
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def workflow_for(project: Project) -> CompiledWorkflow:
    return use_workflow(project.workflow_key, project.workflow_version)


def use_workflow(key: str, version: int | None = None) -> CompiledWorkflow:
    """The compiled workflow, after checking that its content is the one projects use.

    The first use of a version records its digest; a later file with the same
    key and version but other content is refused, so running projects never
    silently change their process. Checked once per version and process.
    """
    compiled = registry().get(key, version)
    wf = compiled.workflow
    checked = current_app.extensions.setdefault("stedskaping.workflow_digests_checked", set())
    if (wf.key, wf.version) in checked:
        return compiled
    stored = db.session.scalar(sa.select(WorkflowVersion).where(
        WorkflowVersion.key == wf.key, WorkflowVersion.version == wf.version))
    if stored is None:
        db.session.add(WorkflowVersion(key=wf.key, version=wf.version, digest=wf.digest))
        db.session.flush()
    elif stored.digest != wf.digest:
        raise WorkflowChanged(
            f"{wf.source}: workflow {wf.key!r} version {wf.version} has changed since projects "
            "started using it. Restore the old content, or give the new content a new version "
            "number and keep the old file for the projects that use it."
        )
    checked.add((wf.key, wf.version))
    return compiled


def roles_of(project: Project, actor) -> set[str]:
    """The roles ``actor`` has on ``project``."""
    if actor is SYSTEM:
        return {"system"}
    if actor is None or not getattr(actor, "is_authenticated", False):
        return set()
    roles = set()
    if actor.is_admin:
        roles.add("admin")
    if project.municipality_id in actor.facilitated_municipality_ids():
        roles.add("facilitator")
    member = project.member(actor.id)
    if member:
        roles.add(member.role)
    return roles


class ProjectFacts:
    """What the guards read, loaded from the database only when a guard asks."""

    def __init__(self, project: Project, compiled: CompiledWorkflow, lang: str | None = None):
        self.project = project
        self.compiled = compiled
        self.lang = lang

    @cached_property
    def _open_required(self) -> list[str]:
        stage = self.compiled.workflow.stage(self.project.state)
        if stage is None:
            return []
        open_keys = set(db.session.scalars(sa.select(TaskProgress.task_key).where(
            TaskProgress.project_id == self.project.id,
            TaskProgress.stage_key == stage.key,
            TaskProgress.is_required.is_(True),
            TaskProgress.status != TASK_DONE,
        )))
        lang = self.lang or _lang()
        return [t.title.get(lang) for t in stage.tasks if t.key in open_keys]

    def open_required_tasks(self) -> list[str]:
        return self._open_required

    def member_count(self) -> int:
        return len(self.project.members)

    def campaign_minimum_reached(self) -> bool:
        provider = FACT_PROVIDERS.get("campaign_minimum_reached")
        return bool(provider(self.project)) if provider else False


def _acting_role(roles: set[str], allowed: tuple[str, ...]) -> str:
    return next(r for r in ROLE_ORDER if r in roles and r in allowed)


def advance(project: Project, trigger: str, actor, comment: str | None = None) -> str:
    """Fire ``trigger`` on ``project`` as ``actor``; return the new state.

    Raises an ``EngineError`` that says why not: ``InvalidTrigger`` (not possible
    in this state), ``NotPermitted`` (the actor's role may not), ``CommentRequired``,
    ``GuardsFailed`` (for example which required tasks are open) or ``Conflict``
    (someone else changed the state first).
    """
    compiled = workflow_for(project)
    roles = roles_of(project, actor)
    from_state, version = project.state, project.state_version
    token = Token(from_state, project.paused_from)
    dest = compiled.fire(token, trigger, roles=roles, comment=comment,
                         facts=ProjectFacts(project, compiled))
    spec = compiled.spec(from_state, trigger)
    paused_from = token.paused_from
    now = utcnow()
    _compare_and_set(project, from_state, version, values={
        "state": dest, "state_version": version + 1, "paused_from": paused_from,
        "state_changed_dt": now,
    })
    for name, value in (("state", dest), ("state_version", version + 1),
                        ("paused_from", paused_from), ("state_changed_dt", now)):
        set_committed_value(project, name, value)
    window = project.window(dest)
    if window is not None and window.entered_dt is None:
        window.entered_dt = now
    record = StateTransition(
        project_id=project.id, from_state=from_state, to_state=dest, trigger=trigger,
        actor_id=getattr(actor, "id", None), actor_role=_acting_role(roles, spec.roles),
        comment=(comment or "").strip() or None, created_dt=now,
    )
    db.session.add(record)
    db.session.flush()
    project_advanced.send(project, record=record)
    return dest


def _compare_and_set(project: Project, state: str, version: int, values: dict) -> None:
    """Write the new state only if nobody changed it since we read it.

    On PostgreSQL a concurrent writer waits for the row lock and then finds the
    version changed; on SQLite it cannot get the write lock. Both are a Conflict.
    """
    conflict = Conflict(_l("Someone else moved this project on first. Reload to see where "
                           "it stands now."))
    try:
        changed = db.session.execute(
            sa.update(Project)
            .where(Project.id == project.id, Project.state == state,
                   Project.state_version == version)
            .values(**values)
            .execution_options(synchronize_session=False)
        ).rowcount
    except OperationalError as exc:
        if db.session.get_bind().dialect.name == "sqlite" and "locked" in str(exc.orig):
            raise conflict from exc
        raise
    if changed != 1:
        raise conflict


def allowed_triggers(project: Project, actor, lang: str | None = None) -> list[Option]:
    """Every trigger from the project's state: allowed or not, and why not."""
    compiled = workflow_for(project)
    token = Token(project.state, project.paused_from)
    lang = lang or _lang()
    return compiled.options(token, roles=roles_of(project, actor), lang=lang,
                            facts=ProjectFacts(project, compiled, lang))


def history(project: Project) -> list[StateTransition]:
    return list(db.session.scalars(
        sa.select(StateTransition).where(StateTransition.project_id == project.id)
        .order_by(StateTransition.id)
    ))
