"""Learning across places: evaluation rounds after a project (at completion, then +3 and
+12 months after the camp) and the good-practice catalogue with VIPU's five hallmarks.
See docs/learning.md.

Each part is a subpackage of its own (models, operations, forms, views, jobs) with a
``register(registry)``; this package registers them in order. They share one blueprint
(``learning.blueprint.bp``) and the templates under ``templates/learning/``.
"""

from __future__ import annotations

import importlib

# The parts of the domain, in the order they register.
PARTS: tuple[str, ...] = ("evaluation", "catalogue", "finished", "lineage", "outcomes", "places",
                          "forums", "organisations")


def register(registry) -> None:
    from stedskaping.learning.blueprint import bp

    for part in PARTS:
        importlib.import_module(f"stedskaping.learning.{part}").register(registry)
    registry.blueprint(bp)
