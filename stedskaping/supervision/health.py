"""The health flag of the dashboard: on track, at risk or late.

A project is **late** when its current stage's window has ended while it is
still in that stage, when a required task is overdue by more than
HEALTH_LATE_OVERDUE_DAYS, or when its camp is more than HEALTH_LATE_SLIP_DAYS
later than in the approved plan (the first plan, until a facilitator approves a
re-plan: an agreed new date is no longer slip). It is **at risk** when any task
is overdue, when the camp has slipped at all, or when nothing has happened for HEALTH_QUIET_DAYS.
Otherwise it is **on track**. Paused, cancelled and completed projects have no
flag.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ON_TRACK, AT_RISK, LATE, NOT_APPLICABLE = "on_track", "at_risk", "late", "none"
ORDER = {LATE: 0, AT_RISK: 1, ON_TRACK: 2, NOT_APPLICABLE: 3}


@dataclass(frozen=True)
class Limits:
    late_overdue_days: int
    late_slip_days: int
    quiet_days: int

    @classmethod
    def from_config(cls, config) -> Limits:
        return cls(config["HEALTH_LATE_OVERDUE_DAYS"], config["HEALTH_LATE_SLIP_DAYS"],
                   config["HEALTH_QUIET_DAYS"])


def flag(*, active: bool, today: date, stage_ends_on: date | None, oldest_required_overdue: date
         | None, overdue: int, slip_days: int, last_activity: date | None,
         limits: Limits) -> str:
    if not active:
        return NOT_APPLICABLE
    if stage_ends_on is not None and stage_ends_on < today:
        return LATE
    if oldest_required_overdue and (today - oldest_required_overdue).days > \
            limits.late_overdue_days:
        return LATE
    if slip_days > limits.late_slip_days:
        return LATE
    quiet = last_activity is None or (today - last_activity).days > limits.quiet_days
    if overdue or slip_days > 0 or quiet:
        return AT_RISK
    return ON_TRACK
