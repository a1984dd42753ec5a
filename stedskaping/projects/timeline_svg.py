"""The plan as a picture: geometry for the SVG timeline drawn on the server.

Each stage is a bar from its first to its last day; where the plan has moved,
a dashed outline shows the first plan and the bar says how many days it
slipped. A line marks today; the camp's days are ticked; overdue tasks are red
dots on their stage's row at their due date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from stedskaping.engine.spec import Workflow

WIDTH = 760
LABEL_X = 8
CHART_X = 200
CHART_W = WIDTH - CHART_X - 46
TOP = 34
ROW = 30
BAR = 16


@dataclass
class Bar:
    key: str
    label: str
    y: float
    x: float
    w: float
    status: str  # done, current, future or camp
    starts_on: date
    ends_on: date
    first_x: float | None = None
    first_w: float | None = None
    slip_days: int = 0
    camp_ticks: list[float] = field(default_factory=list)
    overdue: list[float] = field(default_factory=list)


@dataclass
class Picture:
    width: int
    height: int
    bars: list[Bar]
    months: list[tuple[float, date]]
    today_x: float | None
    chart_x: int = CHART_X
    chart_right: int = CHART_X + CHART_W


def build(project, workflow: Workflow, today: date, lang: str,
          overdue_by_stage: dict[str, list[date]] | None = None) -> Picture:
    windows = list(project.windows)
    start = min(min(w.starts_on, w.first_starts_on) for w in windows)
    end = max(max(w.ends_on, w.first_ends_on) for w in windows) + timedelta(days=1)
    span = max((end - start).days, 1)

    def x(day: date) -> float:
        return round(CHART_X + (day - start).days / span * CHART_W, 1)

    positions = {s.key: i for i, s in enumerate(workflow.stages)}
    current = positions.get(project.state if workflow.stage(project.state)
                            else project.paused_from or "", -1)
    bars = []
    for row, window in enumerate(windows):
        status = _status(project, workflow, positions.get(window.stage_key, 0), current,
                         window.stage_key)
        bars.append(_bar(window, row, status, workflow.state_title(window.stage_key, lang), x,
                         (overdue_by_stage or {}).get(window.stage_key, [])))

    months, day = [], date(start.year, start.month, 1)
    while day < end:
        if day >= start:
            months.append((x(day), day))
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    today_x = x(today) if start <= today <= end else None
    return Picture(width=WIDTH, height=TOP + len(windows) * ROW + 12, bars=bars,
                   months=months, today_x=today_x)


def _status(project, workflow: Workflow, position: int, current: int, key: str) -> str:
    if key == workflow.camp_stage:
        return "camp"
    if workflow.is_final(project.state) or position < current:
        return "done"
    return "current" if position == current else "future"


def _bar(window, row: int, status: str, label: str, x, overdue: list[date]) -> Bar:
    """One stage's bar: where it is now, where it was first planned, the camp's days."""
    bar = Bar(
        key=window.stage_key, label=label,
        y=TOP + row * ROW + (ROW - BAR) / 2, x=x(window.starts_on),
        w=max(x(window.ends_on + timedelta(days=1)) - x(window.starts_on), 2),
        status=status, starts_on=window.starts_on, ends_on=window.ends_on,
        slip_days=(window.ends_on - window.first_ends_on).days,
    )
    if (window.starts_on, window.ends_on) != (window.first_starts_on, window.first_ends_on):
        bar.first_x = x(window.first_starts_on)
        bar.first_w = max(x(window.first_ends_on + timedelta(days=1)) - bar.first_x, 2)
    if status == "camp":
        bar.camp_ticks = [x(window.starts_on + timedelta(days=d))
                          for d in range(1, window.ends_on.toordinal()
                                         - window.starts_on.toordinal() + 1)]
    bar.overdue = [x(d) for d in overdue]
    return bar
