"""Helpers for the realisation (site) tests: posting forms, a page's text."""

from __future__ import annotations

import html
import io
import re

from tests.fixtures.forms import csrf_token

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def post(client, url: str, data: dict, *, page: str, files: dict | None = None,
         prefix: str = ""):
    """POST like the browser: the CSRF token from ``page`` (under the form's prefixed
    name), files as (name, bytes)."""
    name = f"{prefix}-csrf_token" if prefix else "csrf_token"
    payload = {name: csrf_token(client, page), **data}
    for key, (filename, content) in (files or {}).items():
        payload[key] = (io.BytesIO(content), filename)
    return client.post(url, data=payload, content_type="multipart/form-data")


def text(response) -> str:
    """The page's text with its tags dropped and white space normalised."""
    page = response.get_data(as_text=True)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def download(client, url: str) -> tuple[int, bytes]:
    """GET a file: its status and bytes, the response closed (a file stream)."""
    response = client.get(url)
    try:
        return response.status_code, response.data
    finally:
        response.close()
