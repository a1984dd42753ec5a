"""The finished project's public page: once a project is past its camp, its public page
shows what was built and how (docs/learning.md "The finished project's page")."""

from __future__ import annotations


def register(registry) -> None:
    from stedskaping.learning.finished import queries, views  # noqa: F401

    registry.panel("public", "learning/finished/_public_panel.html",
                   lambda project, given: {"f": f} if (f := queries.finished(project)) else None)
