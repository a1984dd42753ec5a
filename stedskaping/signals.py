"""The core's signals: what domains can react to (connected in their ``register``).

Senders emit them inside the transaction, after flushing: a handler's changes
are part of the same commit, and a handler that raises undoes the whole change.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A project changed state. Sender: the project; ``record``: the StateTransition.
project_advanced = _signals.signal("project-advanced")

#: A project's plan moved (an approved re-plan). Sender: the project; ``replan``: the record.
plan_changed = _signals.signal("plan-changed")
