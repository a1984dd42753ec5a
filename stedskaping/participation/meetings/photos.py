"""Photos from a meeting, published with its minutes. Stored through projects.files."""

from __future__ import annotations

from datetime import datetime

from stedskaping.db import db, utcnow
from stedskaping.participation.meetings.models import Meeting, MeetingPhoto
from stedskaping.participation.meetings.operations import MeetingError
from stedskaping.projects import files
from stedskaping.text import _l

TYPES = ("jpg", "jpeg", "png")
MAX_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 30


def add_photo(meeting: Meeting, filename: str, data: bytes, caption: str | None = None,
              now: datetime | None = None) -> MeetingPhoto:
    """Add a photo after the meeting has started: JPEG or PNG by its content (not only
    its name), at most 5 MB; anything else is refused and nothing is stored."""
    if meeting.is_cancelled or meeting.starts_dt > (now or utcnow()):
        raise MeetingError(_l("Photos can be added once the meeting has started."), status=409)
    ext = files.extension(filename or "")
    if ext not in TYPES or not files.content_matches(ext, data[:16]):
        raise MeetingError(_l("Choose a photo in JPEG or PNG format."), "photo")
    if len(data) > MAX_BYTES:
        raise MeetingError(_l("The photo is larger than 5 MB. Choose a smaller one."), "photo")
    if len(meeting.photos) >= MAX_PHOTOS:
        raise MeetingError(_l("A meeting has room for 30 photos."), "photo")
    data = files.prepare(ext, data)  # upright, scaled, no EXIF or GPS
    if data is None:
        raise MeetingError(_l("Choose a photo in JPEG or PNG format."), "photo")
    photo = MeetingPhoto(meeting=meeting, stored=files.store(meeting.project_id, ext, data),
                         name=files.display_name(filename), file_type=ext, size=len(data),
                         caption=caption or None)
    db.session.add(photo)
    db.session.flush()
    return photo


def photo_stream(meeting: Meeting, photo: MeetingPhoto):
    """The stored photo as a stream (the caller closes it), or None when it is gone."""
    return files.open_file(meeting.project_id, photo.stored)


def remove_photo(meeting: Meeting, photo: MeetingPhoto) -> None:
    files.discard(meeting.project_id, photo.stored)
    db.session.delete(photo)
    db.session.flush()
