"""Distances on the Earth: the great-circle distance (haversine, a sphere of the mean
radius) and the latitude/longitude box around a point that SQL prefilters with."""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180  # along a meridian: about 111.19 km


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance between two points, in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class Box:
    south: float
    north: float
    west: float
    east: float


def box_around(lat: float, lon: float, km: float) -> Box:
    """A box holding every point within ``km`` of (lat, lon) (a little more: the box's
    corners). Near the poles it spans every longitude."""
    dlat = km / KM_PER_DEGREE
    cos = math.cos(math.radians(lat))
    dlon = 180.0 if cos < 1e-6 else min(180.0, dlat / cos)
    return Box(max(-90.0, lat - dlat), min(90.0, lat + dlat), lon - dlon, lon + dlon)


def valid_point(lat: float | None, lon: float | None) -> bool:
    """A point on the Earth (finite, latitude within ±90, longitude within ±180)."""
    if lat is None or lon is None:
        return False
    return (math.isfinite(lat) and math.isfinite(lon)
            and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0)
