"""The workflow's evaluation rounds (``plan: evaluation_rounds:``), read by the validator.

    plan:
      evaluation_rounds:
        - {at: evaluation}   # when the project reaches this stage
        - {months: 3}        # three months after the camp stage's last day
        - {months: 12}

Absent, the workflow names none, and the learning domain uses its default (the same
three rounds: at the stage after the camp, then +3 and +12 months).
"""

from __future__ import annotations

from typing import Any

from stedskaping.engine.spec import EvaluationRoundSpec

PATH = "plan.evaluation_rounds"


def evaluation_rounds(validator, value: Any, stages) -> tuple[EvaluationRoundSpec, ...]:
    """The rounds the file gives, each checked (errors go to ``validator.error``)."""
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        validator.error(PATH, "must be a list, for example [{at: evaluation}, {months: 3}]")
        return ()
    keys = {s.key for s in stages}
    return tuple(r for i, raw in enumerate(value)
                 if (r := _round(validator, raw, f"{PATH}[{i}]", keys)) is not None)


def _round(validator, raw, path: str, stage_keys: set[str]) -> EvaluationRoundSpec | None:
    data = validator.mapping(raw, path, {"at", "months"})
    at, months = data.get("at"), data.get("months")
    if (at is None) == (months is None):
        validator.error(path, "give either at: <stage> or months: <number>")
    elif at is not None and at not in stage_keys:
        validator.error(f"{path}.at", f"{at!r} is not a stage of this workflow")
    elif months is not None and (not isinstance(months, int) or isinstance(months, bool)
                                 or not 1 <= months <= 60):
        validator.error(f"{path}.months", "must be a whole number from 1 to 60")
    else:
        return EvaluationRoundSpec(at=at, months=months)
    return None
