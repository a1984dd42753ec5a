"""A workflow as a Mermaid state diagram (``stateDiagram-v2``)."""

from __future__ import annotations

from stedskaping.engine.spec import Workflow


def _label(text: str) -> str:
    return text.replace('"', "'").replace("\n", " ")


def mermaid(workflow: Workflow, lang: str | None = "nb") -> str:
    lines = ["stateDiagram-v2"]
    for spec in [*workflow.stages, *workflow.side_states]:
        lines.append(f'    state "{_label(spec.title.get(lang))}" as {spec.key}')
    lines.append(f"    [*] --> {workflow.initial}")
    for t in workflow.transitions:
        title = _label(t.title.get(lang))
        for source in t.sources:
            if t.dest:
                lines.append(f"    {source} --> {t.dest}: {title}")
        if t.dest is None:  # resume: back to each state that can lead into the side state
            for source in t.sources:
                for other in workflow.transitions:
                    if other.dest == source:
                        for back in other.sources:
                            lines.append(f"    {source} --> {back}: {title}")
    for spec in [*workflow.stages, *workflow.side_states]:
        if workflow.is_final(spec.key):
            lines.append(f"    {spec.key} --> [*]")
    return "\n".join(dict.fromkeys(lines))  # no duplicate lines
