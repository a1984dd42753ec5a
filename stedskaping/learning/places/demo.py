"""Places for the demo: the demo municipality's areas and a point for each of its
projects, in and around Lillehammer (so that several are near one another)."""

from __future__ import annotations

import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.learning.places import operations
from stedskaping.projects.models import Project

AREAS = (("Sentrum", "Storgata, Stortorget and the streets around them."),
         ("Nordre Ål", "North of the centre, along Mesnaelva."),
         ("Søre Ål", "South of the centre, down towards Mjøsa."))
# (latitude, longitude, area): given to the projects in the order they were made.
POINTS = ((61.1153, 10.4662, "Sentrum"), (61.1189, 10.4701, "Sentrum"),
          (61.1228, 10.4835, "Nordre Ål"), (61.1071, 10.4590, "Søre Ål"),
          (61.1137, 10.4615, "Sentrum"), (61.1262, 10.4780, "Nordre Ål"),
          (61.1042, 10.4522, "Søre Ål"), (61.1175, 10.4560, "Sentrum"))


def seed_places(municipality, users) -> None:
    """The areas, then a point and an area for each project of the municipality that has
    no place yet (the facilitator sets them)."""
    areas = {a.name: a for a in operations.areas_of(municipality.id)}
    for name, description in AREAS:
        if name not in areas:
            areas[name] = operations.add_area(municipality, name, description)
    projects = db.session.scalars(sa.select(Project).where(
        Project.municipality_id == municipality.id).order_by(Project.id))
    for n, project in enumerate(projects):
        if operations.place_of(project) is not None:
            continue
        lat, lon, area = POINTS[n % len(POINTS)]
        operations.set_place(project, users["facilitator"], latitude=lat, longitude=lon,
                             place_name=project.place_name or area, area_id=areas[area].id)
