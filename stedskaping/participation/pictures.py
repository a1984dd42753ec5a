"""Pictures people upload (a proposal's photo, a concept's sketch): checked by the
first bytes of their content and their size, stored with the deliverables' files
(``projects.files``: one call to store, one to read)."""

from __future__ import annotations

from flask import current_app, send_file
from flask_babel import lazy_gettext as _l

from stedskaping.domain import DomainError
from stedskaping.projects import files

IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


def max_bytes() -> int:
    return int(current_app.config["PARTICIPATION_IMAGE_MAX_MB"]) * 1024 * 1024


def store_image(project_id: int, filename: str, data: bytes, field: str) -> str:
    """Store an uploaded picture and return its stored name; refuse a file that is not
    a PNG or JPEG by its content, or that is too large (nothing is stored then)."""
    ext = files.extension(filename or "")
    if ext not in IMAGE_TYPES or not files.content_matches(ext, data):
        raise DomainError(_l("Choose a picture in PNG or JPEG format."), field)
    if len(data) > max_bytes():
        raise DomainError(_l("The picture is too large: at most %(n)d MB.",
                             n=current_app.config["PARTICIPATION_IMAGE_MAX_MB"]), field)
    data = files.prepare(ext, data)  # upright, scaled, no EXIF or GPS
    if data is None:
        raise DomainError(_l("Choose a picture in PNG or JPEG format."), field)
    return files.store(project_id, ext, data)


def read_upload(storage) -> tuple[str, bytes] | None:
    """(filename, bytes) of an uploaded file, reading at most one byte past the limit;
    None when no file was chosen."""
    if storage is None or not getattr(storage, "filename", ""):
        return None
    return storage.filename, storage.stream.read(max_bytes() + 1)


def image_response(project_id: int, stored: str | None):
    """The stored picture, shown in the page; None when there is none."""
    stream = files.open_file(project_id, stored) if stored else None
    if stream is None:
        return None
    response = send_file(stream, mimetype=IMAGE_TYPES[files.extension(stored)], max_age=3600)
    response.headers["Content-Disposition"] = "inline"
    return response
