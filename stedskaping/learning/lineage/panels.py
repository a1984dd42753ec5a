"""The lineage on a project's home and public page: where it came from, and its copies."""

from __future__ import annotations

from stedskaping.learning.lineage import operations


def lineage_panel(project, given) -> dict | None:
    """"Started from <origin>", the copies with their first round, and the way to start
    a project like this one (once it is past its camp)."""
    origin = operations.origin_of(project)
    proven = operations.is_proven(project)
    copies = operations.copies_of(project) if proven else []
    if origin is None and not proven:
        return None
    return {"origin": origin, "copies": copies, "proven": proven}
