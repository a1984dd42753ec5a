"""The one entry point that changes a project's state, and what the pages ask of it.

``advance(project, trigger, actor, comment=None)`` checks the actor's role, the
current state and the guards, then writes the new state by compare-and-set
(two concurrent calls: exactly one wins, the other gets ``Conflict``), writes
the transition record and flushes. Nothing else writes ``project.state``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.attributes import set_committed_value

from stedskaping import plugins
from stedskaping.db import db, utcnow
from stedskaping.engine.machine import CompiledWorkflow, Conflict, Option, Token, Workflows
from stedskaping.projects.models import (
    TASK_DONE,
    Project,
    StateTransition,
    TaskProgress,
    WorkflowVersion,
)
from stedskaping.signals import project_advanced

ROLE_ORDER = ("system", "admin", "facilitator", "initiator", "team_member")


class _System:
    """The platform itself (the scheduler), as an actor."""

    id = None
    is_authenticated = True
    is_admin = False
    name = "stedskaping"


SYSTEM = _System()


class WorkflowChanged(Exception):
    """The file of a workflow version that projects use no longer matches it."""


def workflows() -> Workflows:
    return current_app.extensions["stedskaping.workflows"]


def _lang() -> str:
    """The language of the moment: the request's, one forced by the caller, or the default."""
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def workflow_for(project: Project) -> CompiledWorkflow:
    return use_workflow(project.workflow_key, project.workflow_version)


def use_workflow(key: str, version: int | None = None) -> CompiledWorkflow:
    """The compiled workflow, after checking that its content is the one projects use.

    The first use of a version records its digest; a later file with the same
    key and version but other content is refused, so running projects never
    silently change their process. Checked once per version and process.
    """
    compiled = workflows().get(key, version)
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
    """The facts the guards read about one project, each computed at most once, by the
    provider a domain registered (``registry.fact``); ``known`` supplies values that
    the caller already has (the review queue counts open tasks for many projects)."""

    def __init__(self, project: Project, providers: Mapping[str, Callable[[Project], object]],
                 known: dict | None = None):
        self.project = project
        self._providers = providers
        self._values = dict(known or {})

    def get(self, name: str):
        if name not in self._values:
            provider = self._providers.get(name)
            if provider is None:
                raise LookupError(f"no domain provides the fact {name!r}")
            self._values[name] = provider(self.project)
        return self._values[name]


def facts_for(project: Project, known: dict | None = None) -> ProjectFacts:
    return ProjectFacts(project, plugins.current().facts, known)


def known_facts(projects: list[Project]) -> dict[int, dict]:
    """{project id: {fact: value}} for the facts the domains can answer for many projects
    at once (``registry.fact(name, many=...)``): what a list page hands ``facts_for``."""
    known: dict[int, dict] = {p.id: {} for p in projects}
    for name, many in plugins.current().fact_batches.items():
        for project_id, value in many(projects).items():
            known[project_id][name] = value
    return known


def open_required_tasks(project: Project) -> list[str]:
    """Fact: titles of the current stage's required tasks that are not done."""
    stage = workflow_for(project).workflow.stage(project.state)
    if stage is None:
        return []
    open_keys = set(db.session.scalars(sa.select(TaskProgress.task_key).where(
        TaskProgress.project_id == project.id,
        TaskProgress.stage_key == stage.key,
        TaskProgress.is_required.is_(True),
        TaskProgress.status != TASK_DONE,
    )))
    lang = _lang()
    return [t.title.get(lang) for t in stage.tasks if t.key in open_keys]


def is_finished(project: Project) -> bool:
    """Whether the project is past its camp: in a stage after its workflow's camp stage
    (evaluation, completed). A side state (paused, cancelled) is not finished. The public
    page shows what was built then, and no longer asks for support."""
    workflow = workflow_for(project).workflow
    here = workflow.stage_position(project.state)
    camp = workflow.stage_position(workflow.camp_stage)
    if here is None:
        return False
    return here > camp if camp is not None else workflow.is_final(project.state)


def member_count(project: Project) -> int:
    """Fact: people in the project's team, initiators included."""
    return len(project.members)


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
                         facts=facts_for(project))
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
    with force_locale(lang):  # the facts name open tasks in this language too
        options = compiled.options(token, roles=roles_of(project, actor), lang=lang,
                                   facts=facts_for(project))
        for option in options:
            _domain_checks(project, compiled, option, actor)
    return options


def _domain_checks(project: Project, compiled: CompiledWorkflow, option: Option, actor) -> None:
    """What the domains say about a step taken by hand: a refusal, or (for steps that
    cannot be undone) the consequences to confirm."""
    refusals = step_refusals(project, option.trigger, actor)
    if refusals:
        option.allowed = False
        option.reasons.extend(refusals)
    if option.dest and compiled.workflow.is_final(option.dest) and \
            compiled.workflow.side_state(option.dest):
        option.confirm_required = True
        option.warnings = step_warnings(project, option.trigger)


def step_refusals(project: Project, trigger: str, actor) -> list:
    """Reasons the domains give against ``actor`` taking ``trigger`` by hand now."""
    if actor is SYSTEM:
        return []
    checks = plugins.current().step_checks
    return [reason for check in checks if (reason := check(project, trigger, actor))]


def step_warnings(project: Project, trigger: str) -> list:
    """What the domains say a step that cannot be undone will do."""
    return [w for warn in plugins.current().step_warnings for w in warn(project, trigger)]


def history(project: Project) -> list[StateTransition]:
    return list(db.session.scalars(
        sa.select(StateTransition).where(StateTransition.project_id == project.id)
        .order_by(StateTransition.id)
    ))
