"""The static outline the map falls back to: the points of the list drawn by the server
in an SVG, within their bounding box (an equirectangular view, the longitude scaled by
the cosine of the middle latitude, so distances look right at Nordic latitudes)."""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 320.0, 200.0, 16.0
DOT = 18.0  # a dot's diameter in the template's SVG (r="9")


@dataclass(frozen=True)
class Dot:
    number: int
    project: object
    x: float
    y: float


def outline(projects) -> list[Dot]:
    """One numbered dot per project with a point, placed in a WIDTH×HEIGHT box."""
    placed = [p for p in projects if p.latitude is not None and p.longitude is not None]
    if not placed:
        return []
    lats = [p.latitude for p in placed]
    lons = [p.longitude for p in placed]
    scale_x = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * scale_x, 1e-9)
    span_y = max(max(lats) - min(lats), 1e-9)
    fit = min((WIDTH - 2 * PAD) / span_x, (HEIGHT - 2 * PAD) / span_y)
    if len(placed) == 1 or (max(lons) == min(lons) and max(lats) == min(lats)):
        fit = 0.0
    mid_x = (WIDTH - fit * span_x) / 2 if fit else WIDTH / 2
    mid_y = (HEIGHT - fit * span_y) / 2 if fit else HEIGHT / 2
    dots, taken = [], {}
    for n, p in enumerate(placed, start=1):
        x = round(mid_x + (p.longitude - min(lons)) * scale_x * fit, 1)
        y = round(HEIGHT - mid_y - (p.latitude - min(lats)) * fit, 1)
        # Projects at the same point (the same address) sit side by side, so no number
        # hides under another.
        k = taken.get((x, y), 0)
        taken[(x, y)] = k + 1
        if k:
            right = x + DOT * k
            x = right if right <= WIDTH - DOT / 2 else max(DOT / 2, x - DOT * k)
        dots.append(Dot(n, p, x, y))
    return dots
