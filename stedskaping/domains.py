"""The domains of the app, listed once, and the registry they fill."""

from __future__ import annotations

# The domains, each a package whose ``register(registry)`` says what it brings (pages,
# facts, guards, jobs, dashboard columns, panels, notices); see docs/architecture.md.
# Listed in dependency order: a domain imports only domains listed before it.
DOMAINS = ("notifications", "accounts", "municipalities", "projects", "supervision",
           "participation", "funding", "realisation", "learning", "main")


def build_registry():
    """A registry filled by every domain (no app needed: `flask workflow check` uses it)."""
    import importlib

    from stedskaping.plugins import Registry

    registry = Registry()
    for name in DOMAINS:
        importlib.import_module(f"stedskaping.{name}").register(registry)
    return registry
