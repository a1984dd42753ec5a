"""Deliverable files: checked by type and content, photos stripped of their metadata,
kept in the app's storage (stedskaping.storage: a folder outside the web root, or
object storage) under ``<project id>/<random name>.<ext>``."""

from __future__ import annotations

import re
import secrets
import unicodedata
from typing import BinaryIO

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session

from stedskaping.db import db
from stedskaping.storage import images, storage

# The first bytes each accepted type must start with (a renamed .exe is refused).
SIGNATURES = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",), "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",), "ods": (b"PK\x03\x04",),
}
TEXT_TYPES = {"txt", "csv"}
STORED_NAME = re.compile(r"^[A-Za-z0-9_-]{20,64}\.[a-z0-9]{1,8}$")


def extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def content_matches(ext: str, data: bytes) -> bool:
    """Whether the bytes look like the type the file's name claims."""
    if ext in TEXT_TYPES:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return b"\x00" not in data
    return any(data.startswith(sig) for sig in SIGNATURES.get(ext, ()))


CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg",
                 "jpeg": "image/jpeg", "txt": "text/plain", "csv": "text/csv"}


def prepare(ext: str, data: bytes) -> bytes | None:
    """The bytes to store: a photo decoded and written anew (upright, at most
    IMAGE_MAX_SIDE pixels, no EXIF or GPS); other files as they came. None when the
    content is not what the name claims."""
    if not content_matches(ext, data):
        return None
    if images.is_image(ext):
        return images.normalise(ext, data, int(current_app.config["IMAGE_MAX_SIDE"]))
    return data


def key_for(project_id: int, stored: str) -> str:
    return f"{int(project_id)}/{stored}"


def display_name(filename: str) -> str:
    """The name a file was uploaded with, fit to show and to download under: no
    folders, no control characters, at most 200 characters."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip(" .")
    return name[-200:] or "file"


# Files written in the current transaction: removed again unless it commits.
_NEW_FILES = "uploads.new_files"  # not "stedskaping.*": db.rollback() would drop it first


def store(project_id: int, ext: str, data: bytes) -> str:
    """Write the file under a random name; return that name.

    Until the transaction commits the file is provisional: if the request fails
    or rolls back (a refused form, a conflict, an error), it is removed again,
    so no stray file is left behind.
    """
    db.session.connection()  # a transaction is open: how it ends decides the file's fate
    name = f"{secrets.token_urlsafe(24)}.{ext}"
    store, key = storage(), key_for(project_id, name)
    store.save(key, data, content_type=CONTENT_TYPES.get(ext, "application/octet-stream"))
    db.session.info.setdefault(_NEW_FILES, []).append((store, key))
    return name


@sa.event.listens_for(Session, "after_commit")
def _keep_new_files(session):
    session.info.pop(_NEW_FILES, None)


@sa.event.listens_for(Session, "after_transaction_end")
def _remove_uncommitted_files(session, transaction):
    if transaction.parent is None:  # the outer transaction, and it did not commit
        for store, key in session.info.pop(_NEW_FILES, []):
            store.delete(key)


def open_file(project_id: int, stored: str) -> BinaryIO | None:
    """A stream of the stored file (the caller closes it), or None for a name that is
    not one of ours or a file that is not there."""
    if not STORED_NAME.match(stored):
        return None
    try:
        return storage().open(key_for(project_id, stored))
    except FileNotFoundError:
        return None


def discard(project_id: int, stored: str) -> None:
    if STORED_NAME.match(stored):
        storage().delete(key_for(project_id, stored))
