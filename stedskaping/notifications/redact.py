"""Hiding the secrets of e-mailed links from everyone but the recipient.

A link whose route takes a ``<token>`` (password reset, address confirmation,
invitations, unsubscribing, the calendar feed) opens something for whoever holds
it. The admin outbox shows such links without the token, and once a message has
been delivered its stored copy loses the token too. The transport (and so the
development log) still gets the full link.
"""

from __future__ import annotations

import re

from flask import current_app

HIDDEN = "•••"
_LINK_PART = r"[A-Za-z0-9_.~%-]+"


def _pattern(app) -> re.Pattern:
    prefixes = set()
    for rule in app.url_map.iter_rules():
        if "token" in rule.arguments and "<token>" in rule.rule:
            before = rule.rule.split("<token>", 1)[0]
            parts = re.split(r"<[^>]+>", before)  # other arguments: any path segment
            prefixes.add(r"[^/\s]+".join(re.escape(p) for p in parts))
    if not prefixes:
        return re.compile(r"(?!x)x")  # matches nothing
    return re.compile("(" + "|".join(sorted(prefixes, key=len, reverse=True)) + ")"
                      + _LINK_PART)


def _compiled() -> re.Pattern:
    extensions = current_app.extensions
    if "stedskaping.secret_links" not in extensions:  # once per app: routes do not change
        extensions["stedskaping.secret_links"] = _pattern(current_app)
    return extensions["stedskaping.secret_links"]


def redact(text: str | None) -> str | None:
    """``text`` with the token of every secret link replaced by a placeholder."""
    if not text:
        return text
    return _compiled().sub(lambda m: m.group(1) + HIDDEN, text)
