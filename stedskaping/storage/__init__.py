"""Where files live: one small interface, the local folder or S3-compatible object storage.

A file is named by a *key*, never a path: ``<area>/<id>/<name>``, parts of letters,
digits, ``.``, ``_`` and ``-`` (no part starts with a dot, so ``..`` cannot occur).
Deliverable files keep their first layout, ``<project id>/<random name>.<ext>``;
new areas start with their own name (``participation/<project id>/...``).

    from stedskaping.storage import storage
    storage().save(key, data, content_type="image/jpeg")
    with storage().open(key) as stream:   # FileNotFoundError when there is none
        ...
    storage().exists(key); storage().delete(key)   # deleting a missing file is fine
    storage().keys("participation/")     # every key under a prefix (backups)

``STORAGE = "local"`` (the embedded default) keeps files under ``UPLOAD_FOLDER``, which
suits one app server; ``STORAGE = "s3"`` keeps them in the bucket ``S3_BUCKET`` (boto3),
which every app server shares (docs/deploy.md). The choice is made once, at start-up,
like the payment gateway's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO, Protocol

from flask import current_app

KEY = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$")
MAX_KEY_LENGTH = 512


class Storage(Protocol):
    """What every store offers. Keys are checked with ``check_key`` first."""

    def save(self, key: str, data: bytes | BinaryIO, content_type: str | None = None) -> None:
        """Store ``data`` under ``key``, replacing what was there; readers never see half."""

    def open(self, key: str) -> BinaryIO:
        """A readable binary stream of the file (close it); FileNotFoundError if none."""

    def delete(self, key: str) -> None:
        """Remove the file; nothing happens if there is none."""

    def exists(self, key: str) -> bool:
        """Whether a file is stored under ``key``."""

    def keys(self, prefix: str = "") -> Iterator[str]:
        """Every key that starts with ``prefix``, in no promised order."""


def check_key(key: str) -> str:
    """The key itself, or ValueError for one that could leave its area (``..``, ``/x``)."""
    if not isinstance(key, str) or len(key) > MAX_KEY_LENGTH or not KEY.match(key):
        raise ValueError(f"not a storage key: {key!r}")
    return key


def storage() -> Storage:
    """The app's store."""
    return current_app.extensions["stedskaping.storage"]


def make_storage(cfg) -> Storage:
    kind = str(cfg.get("STORAGE") or "local").lower()
    if kind == "local":
        from stedskaping.storage.local import LocalStorage

        return LocalStorage(cfg["UPLOAD_FOLDER"])
    if kind == "s3":
        from stedskaping.storage.s3 import S3Storage

        if not cfg.get("S3_BUCKET"):
            raise RuntimeError("STORAGE is s3 but S3_BUCKET is not set (docs/deploy.md).")
        return S3Storage(
            cfg["S3_BUCKET"], endpoint_url=cfg.get("S3_ENDPOINT_URL"),
            region=cfg.get("S3_REGION"), access_key_id=cfg.get("S3_ACCESS_KEY_ID"),
            secret_access_key=cfg.get("S3_SECRET_ACCESS_KEY"), prefix=cfg.get("S3_PREFIX") or "",
            addressing_style=cfg.get("S3_ADDRESSING_STYLE") or "auto")
    raise RuntimeError(f"STORAGE must be 'local' or 's3', not {kind!r}.")


def init_app(app) -> None:
    from stedskaping.storage.cli import group

    app.extensions["stedskaping.storage"] = make_storage(app.config)
    app.cli.add_command(group)
