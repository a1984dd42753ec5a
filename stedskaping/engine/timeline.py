"""Stage windows and task due dates, planned forward or backward, and re-planned.

Dates are whole days; a window runs from ``starts_on`` to ``ends_on``, both
included. Final stages (completed) have no window.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from stedskaping.engine.spec import StageSpec, TaskSpec, Workflow
from stedskaping.text import _l


@dataclass(frozen=True)
class Window:
    stage: str
    starts_on: date
    ends_on: date

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def shifted(self, days: int) -> Window:
        delta = timedelta(days=days)
        return replace(self, starts_on=self.starts_on + delta, ends_on=self.ends_on + delta)


def _planned(workflow: Workflow) -> list[StageSpec]:
    return [s for s in workflow.stages if not s.final]


def _chain(stages: list[StageSpec], start_on: date) -> list[Window]:
    windows, day = [], start_on
    for stage in stages:
        end = day + timedelta(days=stage.duration_days - 1)
        windows.append(Window(stage.key, day, end))
        day = end + timedelta(days=1)
    return windows


def plan_forward(workflow: Workflow, start_on: date) -> list[Window]:
    """Windows one after another from ``start_on``."""
    return _chain(_planned(workflow), start_on)


def plan_backward(workflow: Workflow, camp_on: date) -> list[Window]:
    """Windows placed so that the camp stage starts on ``camp_on``."""
    stages = _planned(workflow)
    before = sum(s.duration_days for s in stages[: _index(stages, workflow.camp_stage)])
    return _chain(stages, camp_on - timedelta(days=before))


def _index(stages: list[StageSpec], key: str) -> int:
    return next(i for i, s in enumerate(stages) if s.key == key)


def task_due_on(window: Window, task: TaskSpec) -> date:
    """A task is due ``due_days`` into its stage, and never after the stage ends."""
    return min(window.starts_on + timedelta(days=task.due_days), window.ends_on)


class ReplanError(ValueError):
    pass


def extend_stage(windows: list[Window], stage: str, days: int) -> list[Window]:
    """Lengthen (or, with negative days, shorten) ``stage``; later windows move with it."""
    keys = [w.stage for w in windows]
    if stage not in keys:
        raise ReplanError(_l("the stage %(stage)s has no window", stage=stage))
    i = keys.index(stage)
    target = windows[i]
    if target.days + days < 1:
        raise ReplanError(_l("a stage must last at least one day"))
    result = windows[:i]
    result.append(replace(target, ends_on=target.ends_on + timedelta(days=days)))
    result.extend(w.shifted(days) for w in windows[i + 1:])
    return result


def move_camp(windows: list[Window], camp_stage: str, camp_on: date, absorb: str) -> list[Window]:
    """Move the camp to ``camp_on``; the stage ``absorb`` (before the camp) takes up the
    difference, and every window after it moves with the camp."""
    current = next(w for w in windows if w.stage == camp_stage)
    keys = [w.stage for w in windows]
    if absorb not in keys or keys.index(absorb) >= keys.index(camp_stage):
        raise ReplanError(_l("the stage that takes up the change must come before the camp"))
    return extend_stage(windows, absorb, (camp_on - current.starts_on).days)


def slip_days(first: list[Window], current: list[Window], stage: str) -> int:
    """How many days ``stage`` starts later than in the first plan."""
    a = next(w for w in first if w.stage == stage)
    b = next(w for w in current if w.stage == stage)
    return (b.starts_on - a.starts_on).days
