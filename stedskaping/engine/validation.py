"""Turns parsed YAML into a Workflow, collecting every problem with its path."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from stedskaping.engine.conditions import GuardUses
from stedskaping.engine.graph import reachable
from stedskaping.engine.guards import Guard
from stedskaping.engine.rounds import evaluation_rounds
from stedskaping.engine.spec import (
    ANY_WORKING,
    FIELD_TYPES,
    KEY,
    ROLES,
    FieldSpec,
    SideStateSpec,
    StageSpec,
    TaskSpec,
    Text,
    TransitionSpec,
    Workflow,
    WorkflowError,
    WorkflowInvalid,
)

# The roles a workflow may name (`roles:`), and what each must point at.
ROLES_KNOWN = {"crowdfunding": "stage", "campaign_succeeded": "trigger",
               "campaign_failed": "trigger", "camp_day_plan": "task", "concept_cost": "money_field"}
RESUME = "resume"  # `to: resume` returns a paused project to the stage it was paused in
TOP_KEYS = {"key", "version", "languages", "title", "description", "plan", "roles", "stages",
            "side_states", "transitions"}
STAGE_KEYS = {"title", "description", "duration", "tasks", "final", "gate"}
TASK_KEYS = {"key", "title", "guidance", "required", "due", "fields"}
FIELD_KEYS = {"key", "type", "label", "help", "required", "min", "max", "max_length",
              "choices", "accept", "max_mb"}
TRANSITION_KEYS = {"trigger", "from", "to", "title", "roles", "conditions", "unless",
                   "comment_required"}
SIDE_KEYS = {"title", "final"}


class Validator(GuardUses):
    def __init__(self, file: str, known_guards: Collection[str] | Mapping[str, Guard]):
        """``known_guards``: the guards' names, or the guards by name (needed to check the
        values of guards that take one)."""
        self.file = file
        self.guards = set(known_guards)
        self.params = ({name: guard.param for name, guard in known_guards.items()}
                       if isinstance(known_guards, Mapping) else {})
        self.errors: list[WorkflowError] = []
        self.languages: tuple[str, ...] = ("nb", "en")

    def error(self, path: str, message: str) -> None:
        self.errors.append(WorkflowError(self.file, path, message))

    def mapping(self, value: Any, path: str, allowed: set[str] | None = None) -> dict:
        if not isinstance(value, dict):
            self.error(path, f"must be a mapping, not {type(value).__name__}")
            return {}
        if allowed is not None:
            for unknown in sorted(set(value) - allowed, key=str):
                self.error(f"{path}.{unknown}" if path else str(unknown),
                           f"unknown setting (allowed: {', '.join(sorted(allowed))})")
        return value

    def text(self, value: Any, path: str, required: bool = True) -> Text | None:
        if value is None:
            if required:
                self.error(path, f"missing text (give it in {', '.join(self.languages)})")
            return None
        if isinstance(value, str):
            self.error(path, f"must give the text per language ({', '.join(self.languages)}), "
                             f"for example {{{self.languages[0]}: ...}}")
            return None
        texts = self.mapping(value, path)
        for lang in self.languages:
            if not isinstance(texts.get(lang), str) or not texts.get(lang).strip():
                self.error(f"{path}.{lang}", "missing text for this language")
        # The workflow's languages first, in its order: the first is the fallback.
        rank = {lang: i for i, lang in enumerate(self.languages)}
        ordered = sorted(texts.items(), key=lambda kv: rank.get(kv[0], len(rank)))
        return Text({k: str(v) for k, v in ordered})

    def key(self, value: Any, path: str) -> str | None:
        if not isinstance(value, str) or not KEY.match(value):
            self.error(path, f"{value!r} is not a valid key (lowercase letters, digits and _, "
                             "starting with a letter)")
            return None
        return value

    def flag(self, value: Any, path: str) -> bool:
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(path, "must be true or false")
            return False
        return value

    def duration(self, value: Any, path: str) -> int | None:
        data = self.mapping(value, path, {"weeks", "days"})
        if not data:
            if isinstance(value, dict):
                self.error(path, "give weeks or days, for example {weeks: 4}")
            return None
        total = 0
        for unit, factor in (("weeks", 7), ("days", 1)):
            amount = data.get(unit, 0)
            if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
                self.error(f"{path}.{unit}", "must be a whole number, 0 or more")
                return None
            total += amount * factor
        return total

    def names(self, value: Any, path: str) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(path, "must be a name or a list of names")
            return []
        return value

    # --- the workflow ---------------------------------------------------------
    def build(self, data: Any, digest: str) -> Workflow:
        top = self.mapping(data, "", TOP_KEYS)
        languages = top.get("languages", ["nb", "en"])
        if not isinstance(languages, list) or not languages or not all(
                isinstance(x, str) for x in languages):
            self.error("languages", "must be a list of language codes, for example [nb, en]")
        else:
            self.languages = tuple(languages)
        key = self.key(top.get("key"), "key")
        version = top.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.error("version", "must be a whole number, 1 or more")
        title = self.text(top.get("title"), "title")
        description = self.text(top.get("description"), "description", required=False)
        stages = self.stages(top.get("stages"))
        side_states = self.side_states(top.get("side_states"), {s.key for s in stages})
        horizon, camp = self.plan(top.get("plan"), stages)
        transitions = self.transitions(top.get("transitions"), stages, side_states)
        roles = self.roles(top.get("roles"), stages, transitions)
        if not self.errors:
            self.graph(stages, side_states, transitions)
        if self.errors:
            raise WorkflowInvalid(self.errors)
        return Workflow(
            key=key, version=version, digest=digest, source=self.file,
            languages=self.languages, title=title, description=description,
            horizon_days=horizon, camp_stage=camp, stages=tuple(stages),
            side_states=tuple(side_states), transitions=tuple(transitions), roles=roles,
            evaluation_rounds=self.rounds)

    def roles(self, value: Any, stages, transitions) -> dict[str, str]:
        """What the code looks for, by name: the campaign's stage, the close's triggers, the
        day plan's task, the money field ("task.field") the winning concept's cost starts."""
        data = self.mapping(value, "roles", set(ROLES_KNOWN)) if value is not None else {}
        stage_keys = {s.key for s in stages}
        triggers = {t.trigger for t in transitions}
        tasks = {t.key for s in stages for t in s.tasks}
        money = {f"{t.key}.{f.key}" for s in stages for t in s.tasks for f in t.fields
                 if f.type == "money"}
        kinds = {"stage": (stage_keys, "a stage"), "trigger": (triggers, "a trigger"), "task":
                 (tasks, "a task"), "money_field": (money, "a money field (task.field)")}
        roles = {}
        for name, target in (data or {}).items():
            if name not in ROLES_KNOWN:
                continue  # reported by mapping()
            known, what = kinds[ROLES_KNOWN[name]]
            if target not in known:
                self.error(f"roles.{name}", f"{target!r} is not {what} of this workflow")
            else:
                roles[name] = target
        return roles

    def stages(self, value: Any) -> list[StageSpec]:
        stages_data = self.mapping(value, "stages")
        if not stages_data:
            self.error("stages", "a workflow needs at least one stage")
        stages = []
        for stage_key, raw in stages_data.items():
            path = f"stages.{stage_key}"
            if self.key(stage_key, path) is None:
                continue
            stage = self.stage(stage_key, self.mapping(raw, path, STAGE_KEYS), path)
            if stage:
                stages.append(stage)
        if stages and not any(s.final for s in stages):
            self.error("stages", "no stage is marked final: true, so no project could finish")
        return stages

    def stage(self, key: str, raw: dict, path: str) -> StageSpec | None:
        final = self.flag(raw.get("final"), f"{path}.final")
        title = self.text(raw.get("title"), f"{path}.title")
        description = self.text(raw.get("description"), f"{path}.description", required=False)
        duration = 0
        if final:
            if raw.get("duration") is not None or raw.get("tasks"):
                self.error(path, "a final stage has no duration and no tasks")
        elif raw.get("duration") is None:
            self.error(f"{path}.duration", "missing: give weeks or days, for example {weeks: 4}")
        else:
            duration = self.duration(raw.get("duration"), f"{path}.duration") or 0
            if duration == 0 and not self.errors:
                self.error(f"{path}.duration", "must be at least one day")
        tasks = self.tasks(raw.get("tasks"), f"{path}.tasks", duration)
        return StageSpec(key=key, title=title, description=description, duration_days=duration,
                         final=final, gate=self.flag(raw.get("gate"), f"{path}.gate"),
                         tasks=tuple(tasks))

    def tasks(self, value: Any, path: str, stage_days: int) -> list[TaskSpec]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(path, "must be a list of tasks")
            return []
        tasks, seen = [], set()
        for i, raw in enumerate(value):
            tpath = f"{path}[{i}]"
            data = self.mapping(raw, tpath, TASK_KEYS)
            key = self.key(data.get("key"), f"{tpath}.key")
            if key in seen:
                self.error(f"{tpath}.key", f"duplicate task key {key!r} in this stage")
            seen.add(key)
            due = self.duration(data.get("due", {"days": stage_days}), f"{tpath}.due")
            if due is not None and stage_days and not 0 <= due <= stage_days:
                self.error(f"{tpath}.due", f"{due} days is outside the stage, which lasts "
                                           f"{stage_days} days")
            tasks.append(TaskSpec(
                key=key, title=self.text(data.get("title"), f"{tpath}.title"),
                guidance=self.text(data.get("guidance"), f"{tpath}.guidance"),
                required=self.flag(data.get("required"), f"{tpath}.required"),
                due_days=due or 0,
                fields=tuple(self.fields(data.get("fields"), f"{tpath}.fields")),
            ))
        return tasks

    def fields(self, value: Any, path: str) -> list[FieldSpec]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(path, "must be a list of fields")
            return []
        fields, seen = [], set()
        for i, raw in enumerate(value):
            fpath = f"{path}[{i}]"
            data = self.mapping(raw, fpath, FIELD_KEYS)
            key = self.key(data.get("key"), f"{fpath}.key")
            if key in seen:
                self.error(f"{fpath}.key", f"duplicate field key {key!r} in this task")
            seen.add(key)
            kind = data.get("type")
            if kind not in FIELD_TYPES:
                self.error(f"{fpath}.type", f"unknown field type {kind!r} (allowed: "
                                            f"{', '.join(FIELD_TYPES)})")
            fields.append(self.field(data, fpath, key, kind))
        return fields

    def field(self, data: dict, path: str, key: str, kind: str) -> FieldSpec:
        limits = {}
        for name in ("min", "max", "max_length", "max_mb"):
            value = data.get(name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                self.error(f"{path}.{name}", "must be a whole number")
                value = None
            limits[name] = value
        low, high = limits["min"], limits["max"]
        if low is not None and high is not None and low > high:
            self.error(f"{path}.min", "is larger than max")
        choices = ()
        if kind == "choice":
            raw = self.mapping(data.get("choices"), f"{path}.choices")
            if not raw:
                self.error(f"{path}.choices", "a choice field needs at least one choice")
            choices = tuple((str(k), self.text(v, f"{path}.choices.{k}")) for k, v in raw.items())
        accept = ()
        if kind == "file":
            accept = tuple(self.names(data.get("accept"), f"{path}.accept"))
            if not accept:
                self.error(f"{path}.accept", "a file field must list the accepted file types, "
                                             "for example [pdf, jpg, png]")
        return FieldSpec(
            key=key, type=kind, label=self.text(data.get("label"), f"{path}.label"),
            help=self.text(data.get("help"), f"{path}.help", required=False),
            required=self.flag(data.get("required"), f"{path}.required"),
            min=limits["min"], max=limits["max"], max_length=limits["max_length"],
            choices=choices, accept=tuple(a.lower().lstrip(".") for a in accept),
            max_bytes=(limits["max_mb"] or 10) * 1024 * 1024 if kind == "file" else None,
        )

    def side_states(self, value: Any, stage_keys: set[str]) -> list[SideStateSpec]:
        result = []
        for key, raw in self.mapping(value or {}, "side_states").items():
            path = f"side_states.{key}"
            if self.key(key, path) is None:
                continue
            if key in stage_keys:
                self.error(path, f"{key!r} is already a stage")
            data = self.mapping(raw, path, SIDE_KEYS)
            result.append(SideStateSpec(key=key, title=self.text(data.get("title"),
                                                                 f"{path}.title"),
                                        final=self.flag(data.get("final"), f"{path}.final")))
        return result

    def plan(self, value: Any, stages: list[StageSpec]) -> tuple[int, str]:
        data = self.mapping(value, "plan", {"horizon", "camp_stage", "evaluation_rounds"})
        self.rounds = evaluation_rounds(self, data.get("evaluation_rounds"), stages)
        if not data:
            return 0, ""
        horizon, camp = self.duration(data.get("horizon"), "plan.horizon"), data.get("camp_stage")
        keys = [s.key for s in stages]
        if camp not in keys:
            self.error("plan.camp_stage", f"{camp!r} is not a stage of this workflow")
            return horizon or 0, ""
        before = stages[:keys.index(camp)]
        planned = sum(s.duration_days for s in before)
        if horizon is not None and planned > horizon:
            self.error("plan.horizon", (
                f"the stages before {camp!r} last {planned} days, more than the planning "
                f"horizon of {horizon} days"))
        return horizon or 0, camp

    def transitions(self, value: Any, stages, side_states) -> list[TransitionSpec]:
        if not isinstance(value, list) or not value:
            self.error("transitions", "must be a list with at least one transition")
            return []
        states = {s.key for s in stages} | {s.key for s in side_states}
        working = tuple(s.key for s in stages if not s.final)
        seen: set = set()
        return [self.transition(raw, f"transitions[{i}]", states, working, seen)
                for i, raw in enumerate(value)]

    def transition(self, raw, path: str, states, working, seen: set) -> TransitionSpec:
        data = self.mapping(raw, path, TRANSITION_KEYS)
        trigger = self.key(data.get("trigger"), f"{path}.trigger")
        sources = self.sources(data.get("from"), path, trigger, states, working, seen)
        dest = data.get("to")
        if dest != RESUME and dest not in states:
            self.error(f"{path}.to", f"unknown state {dest!r}")
        roles = self.names(data.get("roles"), f"{path}.roles")
        if not roles:
            self.error(f"{path}.roles", "list who may fire it: " + ", ".join(ROLES))
        for role in roles:
            if role not in ROLES:
                self.error(f"{path}.roles", f"unknown role {role!r} (allowed: "
                                            f"{', '.join(ROLES)})")
        arguments: dict = {}
        conditions = self.guard_uses(data.get("conditions"), f"{path}.conditions", arguments)
        unless = self.guard_uses(data.get("unless"), f"{path}.unless", arguments)
        return TransitionSpec(
            trigger=trigger, sources=tuple(sources), dest=None if dest == RESUME else dest,
            title=self.text(data.get("title"), f"{path}.title"), roles=tuple(roles),
            conditions=tuple(conditions), unless=tuple(unless),
            arguments=tuple(sorted(arguments.items())),
            comment_required=self.flag(data.get("comment_required"), f"{path}.comment_required"),
        )

    def sources(self, value, path: str, trigger, states, working, seen: set) -> list[str]:
        sources = []
        for name in self.names(value, f"{path}.from"):
            sources.extend(working if name == ANY_WORKING else [name])
        sources = list(dict.fromkeys(sources))
        if not sources:
            self.error(f"{path}.from", "missing: the state(s) this transition starts from")
        for source in sources:
            if source not in states:
                self.error(f"{path}.from", f"unknown state {source!r}")
            elif (trigger, source) in seen:
                self.error(f"{path}.trigger", f"duplicate transition {trigger!r} from {source!r}")
            seen.add((trigger, source))
        return sources

    def graph(self, stages, side_states, transitions) -> None:
        """Every state must be reachable from the first stage, and every state that is
        not final must have a way out."""
        final = {s.key for s in stages if s.final} | {s.key for s in side_states if s.final}
        seen = reachable(stages[0].key, transitions)
        exits = {source for t in transitions for source in t.sources}
        for spec in [*stages, *side_states]:
            prefix = "stages" if self._is_stage(spec.key, stages) else "side_states"
            if spec.key not in seen:
                self.error(f"{prefix}.{spec.key}", "cannot be reached from the first stage "
                                                   f"{stages[0].key!r}")
            if spec.key not in final and spec.key not in exits:
                self.error(f"{prefix}.{spec.key}", "cannot be left: no transition starts here, "
                                                   "and it is not final")
        for t in transitions:
            if t.dest is None and not any(self.side_state_of(s, side_states) for s in t.sources):
                self.error("transitions", f"{t.trigger!r} goes to 'resume' but does not start "
                                          "from a side state")

    @staticmethod
    def _is_stage(key, stages) -> bool:
        return any(s.key == key for s in stages)

    @staticmethod
    def side_state_of(key, side_states) -> bool:
        return any(s.key == key for s in side_states)
