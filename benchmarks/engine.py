"""Engine overhead: firing transitions without database I/O, loading workflows, memory.

Run: .venv/bin/python benchmarks/engine.py
Prints `name: value unit` lines. Target: at most 100 µs per transition, and the
machines hold no models before or after (memory stays flat).
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stedskaping import build_registry  # noqa: E402
from stedskaping.engine import definition  # noqa: E402
from stedskaping.engine.machine import Token, Workflows  # noqa: E402

PROJECTS = 10_000
# The happy path through the default workflow, with who fires each step.
PATH = [
    ("submit_for_review", {"initiator"}), ("approve_idea", {"facilitator"}),
    ("start_participation", {"initiator"}), ("start_planning", {"initiator"}),
    ("approve_plan", {"facilitator"}), ("campaign_succeeded", {"system"}),
    ("finish_camp", {"initiator"}), ("complete", {"facilitator"}),
]


class AllDone:
    """Facts of a project whose tasks are done, team formed and campaign funded."""

    VALUES = {"open_required_tasks": [], "member_count": 3, "campaign_minimum_reached": True}

    def get(self, name):
        return self.VALUES[name]


GUARDS = build_registry().guards


def load_workflows():
    return definition.load_folder(ROOT / "stedskaping" / "workflows", set(GUARDS))


def main() -> None:
    times = []
    for _ in range(5):
        start = time.perf_counter()
        workflows = load_workflows()
        times.append(time.perf_counter() - start)
    print(f"load_and_validate_workflows: {statistics.median(times) * 1000:.1f} ms "
          f"({len(workflows)} files)")

    registry = Workflows(workflows, GUARDS)
    compiled = registry.get("stedskaping")
    facts = AllDone()
    models_before = registry.machine_model_count()
    tokens = [Token(compiled.workflow.initial) for _ in range(PROJECTS)]

    gc.collect()
    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    start = time.perf_counter()
    for trigger, roles in PATH:
        for token in tokens:
            compiled.fire(token, trigger, roles=roles, facts=facts)
    elapsed = time.perf_counter() - start
    del tokens
    gc.collect()
    retained = tracemalloc.get_traced_memory()[0] - baseline
    tracemalloc.stop()
    transitions = PROJECTS * len(PATH)

    # The same run without tracemalloc, which slows Python down.
    tokens = [Token(compiled.workflow.initial) for _ in range(PROJECTS)]
    start = time.perf_counter()
    for trigger, roles in PATH:
        for token in tokens:
            compiled.fire(token, trigger, roles=roles, facts=facts)
    clean = time.perf_counter() - start
    assert all(t.state == "completed" for t in tokens)

    print(f"projects: {PROJECTS} count")
    print(f"transitions: {transitions} count")
    print(f"advance_engine_overhead: {clean / transitions * 1e6:.1f} us/transition")
    print(f"advance_engine_overhead_traced: {elapsed / transitions * 1e6:.1f} us/transition")
    print(f"machine_models_before: {models_before} count")
    print(f"machine_models_after: {registry.machine_model_count()} count")
    print(f"memory_retained_after_run: {retained / 1024:.1f} KiB")


if __name__ == "__main__":
    main()
