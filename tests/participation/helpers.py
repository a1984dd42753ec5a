"""Helpers for the participation tests: a picture to upload, posting forms with files."""

from __future__ import annotations

import io

from tests.fixtures import images
from tests.fixtures.forms import csrf_token

PNG = images.png()  # a real picture: uploads are decoded and written anew


def post(client, url: str, data: dict, *, page: str, files: dict | None = None,
         prefix: str = ""):
    """POST like the browser: the CSRF token from ``page`` (for a form with ``prefix``,
    under its prefixed name), files as (name, bytes)."""
    name = f"{prefix}-csrf_token" if prefix else "csrf_token"
    payload = {name: csrf_token(client, page), **data}
    for key, (name, content) in (files or {}).items():
        payload[key] = (io.BytesIO(content), name)
    return client.post(url, data=payload, content_type="multipart/form-data")


def in_english(client):
    """The pages in English from now on (the language cookie)."""
    client.get("/?lang=en")
    return client
