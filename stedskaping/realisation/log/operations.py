"""Writing the camp's daily log and adding its photos (normalised as meetings' photos:
upright, scaled, no EXIF or GPS; stored through projects.files)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from stedskaping.db import db, utcnow
from stedskaping.domain import DomainError
from stedskaping.projects import files
from stedskaping.realisation.log.models import LogEntry, LogPhoto
from stedskaping.realisation.measures.queries import camp_window
from stedskaping.text import _l

NOTE_MAX = 5000
TYPES = ("jpg", "jpeg", "png")
MAX_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 12  # per day


class LogError(DomainError):
    """A log entry or photo that cannot be saved, with the reason."""


def camp_days(project, today: date | None = None) -> list[date]:
    """The camp's days up to today: the days a note can be written for."""
    window = camp_window(project)
    if window is None:
        return []
    today = today or utcnow().date()
    first, last = window
    return [date.fromordinal(n) for n in range(first.toordinal(),
                                               min(last, today).toordinal() + 1)]


def write_entry(project, actor, day: date | None, note: str,
                today: date | None = None) -> LogEntry:
    """The note of one camp day; writing again for the same day corrects it. Only days
    inside the camp's window, and not ahead of today."""
    if day is None or day not in camp_days(project, today):
        raise LogError(_l("Choose one of the camp's days, up to today."), "day_on")
    note = (note or "").strip()
    if not note:
        raise LogError(_l("Write a few lines about the day."), "note")
    if len(note) > NOTE_MAX:
        raise LogError(_l("Keep the note under 5 000 characters."), "note")
    entry = db.session.scalar(sa.select(LogEntry).where(LogEntry.project_id == project.id,
                                                        LogEntry.day_on == day))
    if entry is None:
        entry = LogEntry(project_id=project.id, day_on=day, note=note, author_id=actor.id)
        db.session.add(entry)
    else:
        entry.note, entry.updated_dt = note, utcnow()
    db.session.flush()
    return entry


def add_photo(entry: LogEntry, filename: str, data: bytes,
              caption: str | None = None) -> LogPhoto:
    """A photo of the day: JPEG or PNG by its content, at most 5 MB, normalised before
    it is stored; anything else is refused and nothing is stored."""
    ext = files.extension(filename or "")
    if ext not in TYPES or not files.content_matches(ext, data[:16]):
        raise LogError(_l("Choose a photo in JPEG or PNG format."), "photo")
    if len(data) > MAX_BYTES:
        raise LogError(_l("The photo is larger than 5 MB. Choose a smaller one."), "photo")
    if len(entry.photos) >= MAX_PHOTOS:
        raise LogError(_l("A day has room for 12 photos."), "photo")
    data = files.prepare(ext, data)
    if data is None:
        raise LogError(_l("Choose a photo in JPEG or PNG format."), "photo")
    photo = LogPhoto(entry=entry, stored=files.store(entry.project_id, ext, data),
                     name=files.display_name(filename), file_type=ext, size=len(data),
                     caption=caption or None)
    db.session.add(photo)
    db.session.flush()
    return photo


def remove_photo(entry: LogEntry, photo: LogPhoto) -> None:
    files.discard(entry.project_id, photo.stored)
    db.session.delete(photo)
    db.session.flush()


def entries_of(project_id: int) -> list[LogEntry]:
    """The log, newest day first, with its photos (two queries)."""
    return list(db.session.scalars(
        sa.select(LogEntry).where(LogEntry.project_id == project_id)
        .options(sa.orm.selectinload(LogEntry.photos)).order_by(LogEntry.day_on.desc())))
