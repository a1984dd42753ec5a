"""Posting forms in the camp tests: the CSRF token taken from the page, as a browser does."""

from __future__ import annotations

import html
import re

from tests.fixtures.forms import csrf_token


def post(client, url: str, data: dict, *, page: str, prefix: str = ""):
    name = f"{prefix}-csrf_token" if prefix else "csrf_token"
    return client.post(url, data={name: csrf_token(client, page), **data})


def text(response) -> str:
    """The page's text with whitespace normalised (money shows as ``NOK 200``)."""
    page = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(page).replace("\u00a0", " ").replace("\u202f", " "))
