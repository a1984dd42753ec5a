"""Nearby initiatives: the distance worked by hand, the SQL box then the exact distance (on
SQLite and PostgreSQL alike), the area, what the projects share, and a query count that
does not grow with the number of projects.

The worked example, around A = (60.000 N, 10.000 E), the Earth a sphere of 6371 km:
- B (60.009, 10.000): 0.009° along the meridian = 6371 × 0.009 × π/180 = 1.0007 km.
- C (60.000, 10.045): along the parallel, cos 60° = 0.5, so 6371 × 0.5 × 0.045 × π/180
  = 2.5019 km (the great circle is shorter by under a metre): beyond 2 km.
- D (60.012, 10.024): 1.3343 km north and 6371 × cos 60.006° × 0.024 × π/180 = 1.3341 km
  east, √(1.3343² + 1.3341²) = 1.8868 km: within 2 km.
- E (60.015, 10.030): 1.6679 km north, 1.6675 km east: 2.3585 km. E is inside the SQL box
  (±0.01799° of latitude, ±0.03597° of longitude for 2 km) but outside the circle: the
  exact distance in Python drops it.
"""

from __future__ import annotations

from datetime import date

import pytest

from stedskaping.db import db
from stedskaping.learning.places import geo, operations, queries
from tests.fixtures.factories import make_cast, make_municipality, make_project

A, B, C, D, E = (60.0, 10.0), (60.009, 10.0), (60.0, 10.045), (60.012, 10.024), (60.015, 10.03)


def test_the_distances_match_the_hand_worked_ones():
    assert geo.distance_km(*A, *B) == pytest.approx(1.0007, abs=5e-4)
    assert geo.distance_km(*A, *C) == pytest.approx(2.5019, abs=1e-3)
    assert geo.distance_km(*A, *D) == pytest.approx(1.8868, abs=1e-3)
    assert geo.distance_km(*A, *E) == pytest.approx(2.3585, abs=1e-3)
    box = geo.box_around(*A, 2)
    assert box.south == pytest.approx(59.98201, abs=1e-5)
    assert box.east == pytest.approx(10.03597, abs=1e-5)
    assert box.west <= E[1] <= box.east and box.south <= E[0] <= box.north


def _at(project, point, area=None):
    operations.set_place(project, project.members[0].user, latitude=point[0],
                         longitude=point[1], place_name=project.place_name,
                         area_id=area.id if area else None)


@pytest.fixture
def town(db):
    """A and four others around it (all camping the same week: the default plan)."""
    cast = make_cast(title="A")
    municipality = cast["municipality"]
    made = {"A": cast["project"]}
    for name in "BCDE":
        made[name] = make_project(municipality=municipality, title=name)
    for name, point in zip("ABCDE", (A, B, C, D, E), strict=True):
        _at(made[name], point)
    return cast, made


def test_nearby_keeps_those_within_two_km_nearest_first(town, app):
    cast, made = town
    found = queries.nearby(made["A"])
    assert [n.project.title for n in found] == ["B", "D"]
    assert found[0].reasons == ["1.0 km away", "camp the same week"]
    assert found[1].reasons[0] == "1.9 km away"


def test_a_larger_distance_takes_the_others_in(town, app):
    cast, made = town
    app.config["NEARBY_KM"] = 3
    try:
        assert [n.project.title for n in queries.nearby(made["A"])] == ["B", "D", "E", "C"]
    finally:
        app.config["NEARBY_KM"] = 2


def test_the_same_area_counts_at_any_distance(town):
    cast, made = town
    area = operations.add_area(cast["municipality"], "Sentrum")
    far = make_project(municipality=cast["municipality"], title="Far")
    _at(far, (69.65, 18.96), area)  # Tromsø
    _at(made["A"], A, area)
    found = {n.project.title: n.reasons for n in queries.nearby(made["A"])}
    assert found["Far"][0] == "in the same area"
    assert "Far" not in {n.project.title for n in queries.nearby(made["B"])}


def test_nothing_in_common_is_not_shown(db):
    cast = make_cast(title="A")
    other = make_project(municipality=cast["municipality"], title="Later",
                         start_on=date(2028, 6, 5))
    _at(cast["project"], A)
    _at(other, B)
    assert queries.nearby(cast["project"]) == []


def test_the_same_landowner_is_a_reason(town):
    from stedskaping.realisation.measures.models import Measure
    from stedskaping.realisation.permits.models import Permit, PermitStatus

    cast, made = town
    for name in "AB":
        measure = Measure(project_id=made[name].id, title="Benk")
        db.session.add(measure)
        db.session.flush()
        db.session.add(Permit(project_id=made[name].id, measure_id=measure.id,
                              grantor_kind="landowner", grantor_name="Statsbygg",
                              status=PermitStatus.NOT_ASKED))
    db.session.flush()
    found = queries.nearby(made["A"])
    assert "same landowner: Statsbygg" in found[0].reasons


def test_the_query_count_does_not_grow_with_the_projects(db, count_queries):
    municipality = make_municipality()
    cast = make_cast(municipality=municipality, title="A")
    _at(cast["project"], A)
    queries.nearby(cast["project"])  # the workflow is read once

    def counted():
        with count_queries() as statements:
            queries.nearby(cast["project"])
        return len(statements)

    _at(make_project(municipality=municipality, title="B"), B)
    few = counted()
    for n in range(8):
        _at(make_project(municipality=municipality, title=f"N{n}"), (60.001, 10.0 + n / 1000))
    assert counted() == few
