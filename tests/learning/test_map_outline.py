"""The static outline the list's map falls back to: projects at the same point do not
hide one another's numbers."""

from __future__ import annotations

from types import SimpleNamespace

from stedskaping.learning.places.outline import DOT, outline


def _at(lat, lon):
    return SimpleNamespace(latitude=lat, longitude=lon)


def test_projects_at_the_same_point_sit_side_by_side():
    same = [_at(61.1153, 10.4662), _at(61.1189, 10.4701), _at(61.1153, 10.4662),
            _at(61.1153, 10.4662)]
    dots = outline(same)
    spots = {(d.x, d.y) for d in dots}
    assert len(spots) == 4
    first, _other, second, third = dots
    assert first.y == second.y == third.y
    assert abs(second.x - first.x) >= DOT and abs(third.x - second.x) >= DOT


def test_a_single_point_and_distinct_points_stay_where_they_are():
    assert [(d.x, d.y) for d in outline([_at(60.0, 10.0)])] == [(160.0, 100.0)]
    dots = outline([_at(60.0, 10.0), _at(60.1, 10.2)])
    assert dots[0].x < dots[1].x and dots[0].y > dots[1].y
