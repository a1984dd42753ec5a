"""Comparing municipalities: the outcomes of their projects side by side, for the admin
(docs/learning.md "Comparing municipalities")."""

from __future__ import annotations


def register(registry) -> None:
    from stedskaping.learning.outcomes import views  # noqa: F401
