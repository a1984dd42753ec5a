"""The workflow as a graph of states: which can be reached from the first stage."""

from __future__ import annotations


def reachable(first: str, transitions) -> set[str]:
    """The states a project can get to from ``first``. A resume only returns to a stage
    the project was already in, so it never makes a new state reachable (it does count
    as a way out of the side state)."""
    edges: dict[str, set[str]] = {}
    for t in transitions:
        for source in t.sources:
            edges.setdefault(source, set()).update({t.dest} if t.dest else set())
    seen, todo = set(), [first]
    while todo:
        state = todo.pop()
        if state not in seen:
            seen.add(state)
            todo.extend(edges.get(state, ()))
    return seen
