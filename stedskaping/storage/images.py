"""Photos as they are stored: decoded, turned upright, made no larger than needed, and
written anew without their metadata (EXIF, GPS positions, camera serials, comments).

A photo from a phone tells where it was taken; a park's neighbours should not learn
where a volunteer lives from the picture of a bench.
"""

from __future__ import annotations

import io
import warnings

FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG"}
MAX_SIDE = 2560  # pixels on the longer side: sharp on any screen, a few hundred kB
MAX_PIXELS = 60_000_000  # refuse anything larger before decoding it (a "bomb")


def is_image(ext: str) -> bool:
    return ext in FORMATS


def normalise(ext: str, data: bytes, max_side: int = MAX_SIDE) -> bytes | None:
    """The photo re-encoded without metadata and at most ``max_side`` pixels wide and
    high; None when the bytes are not a readable image of the type ``ext`` names."""
    from PIL import Image, ImageOps

    expected = FORMATS[ext]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[expected]) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return None
                image.load()
                return _encode(ImageOps.exif_transpose(image), expected, max_side)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        return None


def _encode(image, fmt: str, max_side: int) -> bytes:
    if image.mode == "P":  # a palette keeps its transparency only as a separate tag
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.thumbnail((max_side, max_side))
    # A copy of the pixels alone: nothing of the original's info (EXIF, XMP, ICC,
    # text chunks) travels with it, whatever the format's writer would carry over.
    clean = image.copy()
    clean.info = {}
    out = io.BytesIO()
    if fmt == "JPEG":
        clean.save(out, "JPEG", quality=85, optimize=True)
    else:
        clean.save(out, "PNG", optimize=True)
    return out.getvalue()
