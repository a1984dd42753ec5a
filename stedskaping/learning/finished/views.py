"""The story's photo on a finished project's public page."""

from __future__ import annotations

from io import BytesIO

from flask import abort, send_file

from stedskaping.learning.blueprint import bp
from stedskaping.learning.finished import queries
from stedskaping.projects import files
from stedskaping.projects.blueprint import project_view
from stedskaping.projects.process import is_finished
from stedskaping.storage import images

TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}


@bp.get("/projects/<int:project_id>/story-photo", defaults={"which": "after"})
@bp.get("/projects/<int:project_id>/story-photo/before", defaults={"which": "before"})
@project_view("project.view")
def story_photo(project, which: str):
    """The photo of the result (or of the place before), for everyone once the project is
    past its camp; scaled and stripped of EXIF and GPS as it is sent (the task's upload
    keeps the original)."""
    photo = queries.story_answers(project).get(queries.PHOTO_FIELDS[which]) \
        if is_finished(project) else None
    if not isinstance(photo, dict) or photo.get("type") not in TYPES:
        abort(404)
    stream = files.open_file(project.id, photo.get("stored", ""))
    if stream is None:
        abort(404)
    with stream:
        data = images.normalise(photo["type"], stream.read())
    if data is None:
        abort(404)
    response = send_file(BytesIO(data), mimetype=TYPES[photo["type"]], max_age=3600)
    response.headers["Content-Disposition"] = "inline"
    return response
