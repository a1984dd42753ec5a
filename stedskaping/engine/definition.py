"""Loading workflow files: YAML parsing, validation and the content digest.

Every problem is reported with the file, the path inside it
(``stages.planning.tasks[2].fields[0].type``) and what is wrong, and all
problems are reported at once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import yaml

from stedskaping.engine.guards import Guard
from stedskaping.engine.spec import Workflow, WorkflowError, WorkflowInvalid
from stedskaping.engine.validation import Validator

__all__ = ["WorkflowInvalid", "digest_of", "load_file", "load_folder"]


# libyaml's parser (the C loader) when PyYAML was built with it: several times faster at
# start-up than the pure-Python one; both build the same safe types.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_SafeLoader):
    """PyYAML keeps the last of two equal keys silently; we refuse them."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def digest_of(data: Any) -> str:
    """A digest of the parsed content: formatting and comments do not change it.

    ``roles:`` is left out: it only tells the code which stage or trigger is which,
    and naming them does not change any project's path (so a running version may
    get its roles named without a new version number)."""
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if k != "roles"}
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def load_file(path: Path, known_guards: Collection[str] | Mapping[str, Guard]) -> Workflow:
    """Parse and validate one workflow file; raise WorkflowInvalid with every problem."""
    name = path.name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise WorkflowInvalid([WorkflowError(name, where, f"not valid YAML: {problem}")]) from exc
    return Validator(name, known_guards).build(data, digest_of(data))


def load_folder(folder: str | Path,
                known_guards: Collection[str] | Mapping[str, Guard]) -> list[Workflow]:
    """Load every ``*.yaml`` in ``folder``; collect the problems of all files."""
    folder = Path(folder)
    if not folder.is_dir():
        raise WorkflowInvalid([WorkflowError(str(folder), "", "workflow folder not found")])
    workflows, errors = [], []
    for path in sorted(folder.glob("*.yaml")):
        try:
            workflows.append(load_file(path, known_guards))
        except WorkflowInvalid as exc:
            errors.extend(exc.errors)
    seen: dict[tuple[str, int], str] = {}
    for wf in workflows:
        other = seen.setdefault((wf.key, wf.version), wf.source)
        if other != wf.source:
            errors.append(WorkflowError(wf.source, "version", (
                f"workflow {wf.key!r} version {wf.version} is also defined in {other}")))
    if not workflows and not errors:
        errors.append(WorkflowError(str(folder), "", "no workflow files (*.yaml) found"))
    if errors:
        raise WorkflowInvalid(errors)
    return workflows
