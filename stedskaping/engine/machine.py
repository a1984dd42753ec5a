"""One compiled `transitions` machine per workflow version.

The machine holds the states and transitions of a workflow and no models: a
project is never bound to it. To fire a trigger, the engine hands the machine a
small token carrying the project's state; the machine moves the token, and
``process.advance`` writes the result to the database by compare-and-set.
So the machine count and its memory stay flat however many projects there are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from transitions import Machine

from stedskaping.engine.guards import Facts, Guard
from stedskaping.engine.spec import TransitionSpec, Workflow
from stedskaping.text import _l


class EngineError(Exception):
    """A trigger that cannot fire; ``reasons`` say why, in words for the page."""

    status = 409

    def __init__(self, *reasons):
        self.reasons = [r for r in reasons if r]
        super().__init__("; ".join(str(r) for r in self.reasons))


class InvalidTrigger(EngineError):
    pass


class NotPermitted(EngineError):
    status = 403


class CommentRequired(EngineError):
    status = 400


class GuardsFailed(EngineError):
    pass


class Conflict(EngineError):
    """Someone else changed the project's state first."""


@dataclass
class Token:
    """What the machine moves: the state, and where a paused project was."""

    state: str
    paused_from: str | None = None


@dataclass
class Option:
    """A trigger the project has from its current state, for the pages."""

    trigger: str
    title: str
    dest: str | None
    allowed: bool
    comment_required: bool
    reasons: list = field(default_factory=list)
    # Set by the caller for steps that cannot be undone: what they will do, to confirm.
    confirm_required: bool = False
    warnings: list = field(default_factory=list)


ROLE_NAMES = {
    "initiator": _l("the initiator"), "team_member": _l("a team member"),
    "facilitator": _l("the facilitator"), "admin": _l("an admin"),
    "system": _l("the platform"),
}


class CompiledWorkflow:
    def __init__(self, workflow: Workflow, guards: Mapping[str, Guard]):
        self.workflow = workflow
        self.guards = guards
        self.machine = Machine(
            model=None, states=list(workflow.states), initial=workflow.initial,
            send_event=True, auto_transitions=False, ignore_invalid_triggers=False,
        )
        self._specs: dict[tuple[str, str], TransitionSpec] = {}
        for spec in workflow.transitions:
            for source in spec.sources:
                self._specs[(spec.trigger, source)] = spec
                for dest in self._destinations(spec):
                    self.machine.add_transition(
                        spec.trigger, source, dest,
                        conditions=[self._condition(spec, dest)],
                    )

    def _destinations(self, spec: TransitionSpec) -> list[str]:
        if spec.dest:
            return [spec.dest]
        # resume: one machine transition per stage the project can have been paused in
        return sorted({src for t in self.workflow.transitions if t.dest in spec.sources
                       for src in t.sources})

    def _condition(self, spec: TransitionSpec, dest: str):
        resume = spec.dest is None

        def check(event) -> bool:
            token: Token = event.model
            if resume and token.paused_from != dest:
                return False
            failures = self.unmet(spec, event.kwargs["facts"])
            event.kwargs["failures"].extend(failures)
            return not failures

        return check

    def spec(self, state: str, trigger: str) -> TransitionSpec | None:
        return self._specs.get((trigger, state))

    def unmet(self, spec: TransitionSpec, facts: Facts) -> list:
        """The reasons the guards of ``spec`` block it now (empty: it may fire)."""
        reasons = []
        for name in spec.conditions:
            guard, value = self.guards[name], spec.argument(name)
            if not guard.holds(facts, value):
                reasons.append(guard.reason_not(facts, value))
        for name in spec.unless:
            guard, value = self.guards[name], spec.argument(name)
            if guard.holds(facts, value):
                reasons.append(guard.reason_blocked(facts, value))
        return reasons

    def role_reason(self, spec: TransitionSpec, roles: set[str]):
        if roles & set(spec.roles):
            return None
        names = [str(ROLE_NAMES[r]) for r in spec.roles]
        who = names[0] if len(names) == 1 else "{} {} {}".format(
            ", ".join(names[:-1]), _l("or"), names[-1])
        return _l("Only %(who)s can do this.", who=who)

    def fire(self, token: Token, trigger: str, *, roles: set[str], facts: Facts,
             comment: str | None = None) -> str:
        """Move ``token`` by ``trigger`` and return the new state, or raise EngineError.

        Checks, in order: the trigger exists from this state, the actor has a
        role that may fire it, a comment is given where one is required, and
        the guards hold. No database access happens here.
        """
        spec = self.spec(token.state, trigger)
        if spec is None:
            raise InvalidTrigger(_l("“%(trigger)s” is not possible in the stage “%(state)s”.",
                                    trigger=trigger, state=token.state))
        reason = self.role_reason(spec, roles)
        if reason:
            raise NotPermitted(reason)
        if spec.comment_required and not (comment and comment.strip()):
            raise CommentRequired(_l("Write a comment: it is required for this step."))
        failures: list = []
        source = token.state
        if not self.machine.events[trigger].trigger(token, facts=facts, failures=failures):
            raise GuardsFailed(*failures) if failures else InvalidTrigger(
                _l("There is nothing to resume to."))
        wf = self.workflow
        if wf.side_state(token.state) and not wf.is_final(token.state):
            token.paused_from = source  # so that resume knows where to go back to
        elif wf.stage(token.state):
            token.paused_from = None
        return token.state

    def options(self, token: Token, *, roles: set[str], facts: Facts, lang: str | None):
        """Every trigger from the current state, with whether it is allowed and why not."""
        options = []
        for spec in self.workflow.transitions_from(token.state):
            dest = spec.dest or token.paused_from
            reasons = []
            role_reason = self.role_reason(spec, roles)
            if role_reason:
                reasons.append(role_reason)
            reasons.extend(self.unmet(spec, facts))
            options.append(Option(
                trigger=spec.trigger, title=spec.title.get(lang), dest=dest,
                allowed=not reasons, comment_required=spec.comment_required, reasons=reasons,
            ))
        return options


class Workflows:
    """The compiled workflows of this process, by (key, version)."""

    def __init__(self, workflows: list[Workflow], guards: Mapping[str, Guard]):
        self._compiled = {(w.key, w.version): CompiledWorkflow(w, guards) for w in workflows}
        self._latest: dict[str, int] = {}
        for key, version in self._compiled:
            self._latest[key] = max(version, self._latest.get(key, 0))

    def get(self, key: str, version: int | None = None) -> CompiledWorkflow:
        version = version or self._latest.get(key)
        try:
            return self._compiled[(key, version)]
        except KeyError:
            raise LookupError(f"workflow {key!r} version {version} is not loaded") from None

    def latest(self) -> list[CompiledWorkflow]:
        return [self._compiled[(k, v)] for k, v in sorted(self._latest.items())]

    def all(self) -> list[CompiledWorkflow]:
        return [self._compiled[k] for k in sorted(self._compiled)]

    def machine_model_count(self) -> int:
        return sum(len(c.machine.models) for c in self._compiled.values())
