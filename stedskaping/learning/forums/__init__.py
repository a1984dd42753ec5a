"""Forums and open doors (Kera): a municipality's or an area's recurring facilitated
forum, its sessions (participation's meetings with a forum as their owner: sign-up with
capacity, a waitlist, notes after) and its weekly open doors. See docs/learning.md
"Forums and open doors"."""

from __future__ import annotations


def register(registry) -> None:
    from stedskaping.learning.forums import panels, rules, views  # noqa: F401

    registry.panel("municipality", "learning/forums/_municipality_forums.html",
                   panels.municipality_panel)
