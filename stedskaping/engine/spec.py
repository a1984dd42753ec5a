"""Workflow specifications: the frozen dataclasses a workflow file becomes.

A workflow describes stages (with planned durations and tasks), side states
(paused, cancelled) and transitions. ``validation`` builds these from parsed
YAML and ``definition`` loads the files; everything else reads these classes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

FIELD_TYPES = ("text", "long_text", "integer", "money", "date", "choice", "checkbox", "file",
               "link")
ROLES = ("initiator", "team_member", "facilitator", "admin", "system")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
ANY_WORKING = "working"  # "from: working" means every stage that is not final


@dataclass(frozen=True)
class Text:
    """A text in each of the workflow's languages, the workflow's first language first
    (``validation`` orders them so)."""

    values: dict[str, str]

    def get(self, lang: str | None, fallback: str | None = None) -> str:
        return self.get_with_lang(lang, fallback)[0]

    def get_with_lang(self, lang: str | None,
                      fallback: str | None = None) -> tuple[str, str | None]:
        """The text in ``lang`` and the language it is in: where ``lang`` is missing,
        the text in ``fallback``, else in the workflow's first language, so that a page
        can mark it with its own language (``lang="nb"``) instead of hiding the gap."""
        for code in (lang, fallback, *self.values):
            if code and self.has(code):
                return self.values[code], code
        return "", None

    def has(self, lang: str) -> bool:
        """Whether the text is given (not blank) in ``lang``."""
        return bool((self.values.get(lang) or "").strip())


@dataclass(frozen=True)
class FieldSpec:
    key: str
    type: str
    label: Text
    help: Text | None = None
    required: bool = False
    min: int | None = None
    max: int | None = None
    max_length: int | None = None
    choices: tuple[tuple[str, Text], ...] = ()
    accept: tuple[str, ...] = ()
    max_bytes: int | None = None


@dataclass(frozen=True)
class TaskSpec:
    key: str
    title: Text
    guidance: Text
    required: bool
    due_days: int
    fields: tuple[FieldSpec, ...] = ()

    @property
    def required_fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.required)


@dataclass(frozen=True)
class StageSpec:
    key: str
    title: Text
    description: Text | None
    duration_days: int
    final: bool = False
    gate: bool = False
    tasks: tuple[TaskSpec, ...] = ()

    def task(self, key: str) -> TaskSpec | None:
        return next((t for t in self.tasks if t.key == key), None)


@dataclass(frozen=True)
class SideStateSpec:
    key: str
    title: Text
    final: bool  # cancelled: nothing follows; paused: resume returns to where it was


@dataclass(frozen=True)
class TransitionSpec:
    trigger: str
    sources: tuple[str, ...]
    dest: str | None  # None: back to the stage the project was paused in
    title: Text
    roles: tuple[str, ...]
    conditions: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    # The values parameterised guards take here ({"supporters_at_least": 20}), as pairs.
    arguments: tuple[tuple[str, Any], ...] = ()

    def argument(self, guard: str) -> Any:
        return dict(self.arguments).get(guard)
    comment_required: bool = False


@dataclass(frozen=True)
class EvaluationRoundSpec:
    """When an evaluation round opens (``plan: evaluation_rounds:``): ``at`` a stage (when
    the project reaches it), or ``months`` after the camp stage's last day."""

    at: str | None = None
    months: int | None = None


@dataclass(frozen=True)
class Workflow:
    key: str
    version: int
    digest: str
    source: str  # the file it came from
    languages: tuple[str, ...]
    title: Text
    description: Text | None
    horizon_days: int
    camp_stage: str
    stages: tuple[StageSpec, ...]
    side_states: tuple[SideStateSpec, ...]
    transitions: tuple[TransitionSpec, ...]
    # What the code looks for, by name (`roles:` in the file): {"crowdfunding": stage, ...}.
    roles: dict[str, str] = field(default_factory=dict, compare=False)
    # The evaluation rounds (``plan: evaluation_rounds``); empty: the reader's default.
    evaluation_rounds: tuple[EvaluationRoundSpec, ...] = ()
    _stage_index: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        self._stage_index.update({s.key: i for i, s in enumerate(self.stages)})

    def role(self, name: str) -> str | None:
        """The stage, trigger or task the workflow names for ``name``, or None."""
        return self.roles.get(name)

    @property
    def initial(self) -> str:
        return self.stages[0].key

    @property
    def states(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.stages) + tuple(s.key for s in self.side_states)

    def stage(self, key: str) -> StageSpec | None:
        index = self._stage_index.get(key)
        return None if index is None else self.stages[index]

    def stage_position(self, key: str) -> int | None:
        return self._stage_index.get(key)

    def side_state(self, key: str) -> SideStateSpec | None:
        return next((s for s in self.side_states if s.key == key), None)

    def is_final(self, state: str) -> bool:
        stage = self.stage(state)
        if stage is not None:
            return stage.final
        side = self.side_state(state)
        return bool(side and side.final)

    def state_title(self, state: str, lang: str | None) -> str:
        spec = self.stage(state) or self.side_state(state)
        return spec.title.get(lang) if spec else state

    def state_text(self, state: str) -> Text | None:
        """The title of a stage or side state as a Text, or None for an unknown state."""
        spec = self.stage(state) or self.side_state(state)
        return spec.title if spec else None

    def texts(self) -> Iterator[tuple[str, Text]]:
        """Every text of the workflow with its path in the file, for ``workflow check``."""
        yield "title", self.title
        if self.description:
            yield "description", self.description
        for stage in self.stages:
            yield from _stage_texts(stage)
        for side in self.side_states:
            yield f"side_states.{side.key}.title", side.title
        for i, transition in enumerate(self.transitions):
            yield f"transitions[{i}].title", transition.title

    def transitions_from(self, state: str) -> list[TransitionSpec]:
        return [t for t in self.transitions if state in t.sources]

    def transition(self, trigger: str) -> TransitionSpec | None:
        return next((t for t in self.transitions if t.trigger == trigger), None)


def _stage_texts(stage: StageSpec) -> Iterator[tuple[str, Text]]:
    path = f"stages.{stage.key}"
    yield f"{path}.title", stage.title
    if stage.description:
        yield f"{path}.description", stage.description
    for i, task in enumerate(stage.tasks):
        yield f"{path}.tasks[{i}].title", task.title
        yield f"{path}.tasks[{i}].guidance", task.guidance
        for j, spec in enumerate(task.fields):
            fpath = f"{path}.tasks[{i}].fields[{j}]"
            yield f"{fpath}.label", spec.label
            if spec.help:
                yield f"{fpath}.help", spec.help
            for key, label in spec.choices:
                yield f"{fpath}.choices.{key}", label


@dataclass(frozen=True)
class WorkflowError:
    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path or '(top)'}: {self.message}"


class WorkflowInvalid(Exception):
    """One or more workflow files are broken; ``errors`` lists every problem."""

    def __init__(self, errors: list[WorkflowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
