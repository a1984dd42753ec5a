"""The guards a transition names in `conditions:` and `unless:`, with their values.

Each item is a guard's name (``team_formed``) or, for a guard that takes a value,
a one-key mapping (``{supporters_at_least: 20}``); the guard's ``param`` parser
checks the value when the workflow loads.
"""

from __future__ import annotations


class GuardUses:
    """Part of the workflow validator: needs ``self.guards`` (names),
    ``self.params`` ({name: parser}) and ``self.error(path, message)``."""

    def guard_uses(self, value, path: str, arguments: dict) -> list[str]:
        """Guard names, each either ``name`` or ``{name: value}`` for a guard that takes a
        parameter; the parsed values go into ``arguments``."""
        if value is None:
            return []
        items = [value] if isinstance(value, str | dict) else value
        if not isinstance(items, list):
            self.error(path, "must be a name or a list of names")
            return []
        names = []
        for i, item in enumerate(items):
            if isinstance(item, dict) and len(item) == 1:
                (name, given), = item.items()
            elif isinstance(item, str):
                name, given = item, None
            else:
                self.error(f"{path}[{i}]", "must be a guard's name or {name: value}")
                continue
            if self.guard_use(name, given, isinstance(item, dict), f"{path}[{i}]", arguments):
                names.append(name)
        return names

    def guard_use(self, name, given, has_value: bool, path: str, arguments: dict) -> bool:
        if not isinstance(name, str) or name not in self.guards:
            self.error(path, f"unknown guard {name!r} (known: "
                             f"{', '.join(sorted(self.guards))})")
            return False
        parse = self.params.get(name)
        if parse is None:
            if has_value:
                self.error(path, f"guard {name!r} takes no value")
            return True
        if not has_value:
            self.error(path, f"guard {name!r} needs a value: {{{name}: ...}}")
            return False
        try:
            arguments[name] = parse(given)
        except ValueError as exc:
            self.error(path, f"{name}: {exc}")
            return False
        return True
