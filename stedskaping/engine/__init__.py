"""The process engine: workflow definitions, their state machines and timelines.

It knows nothing of Flask requests. ``definition`` loads and validates the
YAML files, ``machine`` compiles one transitions machine per workflow version,
``timeline`` computes stage windows and due dates, ``guards`` holds the named
conditions, and ``process`` is the one entry point that changes a project's
state (``advance``).
"""
