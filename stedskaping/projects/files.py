"""Deliverable files: checked by type and content, stored outside the web root."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from flask import current_app

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


def _folder(project_id: int) -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / str(int(project_id))


def store(project_id: int, ext: str, data: bytes) -> str:
    """Write the file under a random name; return that name."""
    name = f"{secrets.token_urlsafe(24)}.{ext}"
    folder = _folder(project_id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return name


def path_for(project_id: int, stored: str) -> Path | None:
    """The file's path, or None for a name that is not one of ours."""
    if not STORED_NAME.match(stored):
        return None
    path = _folder(project_id) / stored
    return path if path.is_file() else None


def discard(project_id: int, stored: str) -> None:
    path = path_for(project_id, stored)
    if path is not None:
        path.unlink(missing_ok=True)
