"""Setting a project's place (its point and its area), the municipality's areas, and
partner links between projects. See docs/learning.md "Places and nearby initiatives"."""

from __future__ import annotations

import sqlalchemy as sa

from stedskaping.db import db, utcnow
from stedskaping.domain import DomainError
from stedskaping.learning.places import geo
from stedskaping.learning.places.models import PlaceArea, ProjectPartner, ProjectPlace
from stedskaping.text import _l


class PlaceError(DomainError):
    """A place, an area or a partner link refused, with the reason."""


def place_of(project) -> ProjectPlace | None:
    return db.session.get(ProjectPlace, project.id)


def set_place(project, actor, *, latitude: float | None, longitude: float | None,
              place_name: str, area_id: int | None) -> None:
    """Save where the project is: a point (both coordinates, or neither), the place's
    name, and one of its municipality's areas (or none)."""
    if (latitude is None) != (longitude is None):
        raise PlaceError(_l("Give both latitude and longitude, or neither."), "longitude")
    if latitude is not None and not geo.valid_point(latitude, longitude):
        raise PlaceError(_l("That is not a point on the Earth."), "latitude")
    if not place_name.strip():
        raise PlaceError(_l("Name the place."), "place_name")
    if area_id is not None:
        area = db.session.get(PlaceArea, area_id)
        if area is None or area.municipality_id != project.municipality_id:
            raise PlaceError(_l("Choose one of the municipality's areas."), "area")
    project.latitude, project.longitude = latitude, longitude
    project.place_name = place_name.strip()
    place = place_of(project)
    if place is None:
        place = ProjectPlace(project_id=project.id)
        db.session.add(place)
    place.area_id = area_id
    place.updated_dt, place.updated_by_id = utcnow(), actor.id
    db.session.flush()


def areas_of(municipality_id: int) -> list[PlaceArea]:
    return list(db.session.scalars(sa.select(PlaceArea).where(
        PlaceArea.municipality_id == municipality_id).order_by(PlaceArea.name)))


def _check_name(municipality_id: int, name: str, keep: PlaceArea | None = None) -> str:
    name = name.strip()
    if not name:
        raise PlaceError(_l("Name the area."), "name")
    same = db.session.scalar(sa.select(PlaceArea).where(
        PlaceArea.municipality_id == municipality_id,
        sa.func.lower(PlaceArea.name) == name.lower()))
    if same is not None and same is not keep:
        raise PlaceError(_l("The municipality already has an area of that name."), "name")
    return name


def add_area(municipality, name: str, description: str = "") -> PlaceArea:
    """A new named area of the municipality (its name unique there)."""
    area = PlaceArea(municipality_id=municipality.id,
                     name=_check_name(municipality.id, name), description=description.strip())
    db.session.add(area)
    db.session.flush()
    return area


def change_area(area: PlaceArea, name: str, description: str = "") -> None:
    """Rename an area or change its description."""
    area.name = _check_name(area.municipality_id, name, keep=area)
    area.description = description.strip()
    db.session.flush()


def remove_area(area: PlaceArea) -> None:
    """Remove an area; its projects keep their points and lose the area."""
    db.session.execute(sa.update(ProjectPlace).where(ProjectPlace.area_id == area.id)
                       .values(area_id=None))
    db.session.delete(area)
    db.session.flush()


def _pair(a, b) -> tuple[int, int]:
    return (a.id, b.id) if a.id < b.id else (b.id, a.id)


def partner_link(a, b) -> ProjectPartner | None:
    low, high = _pair(a, b)
    return db.session.scalar(sa.select(ProjectPartner).where(
        ProjectPartner.project_id == low, ProjectPartner.partner_id == high))


def link_partners(project, other, actor) -> ProjectPartner:
    """Link two projects as partners (shown on both); a facilitator of the first does it."""
    if other.id == project.id:
        raise PlaceError(_l("A project cannot be its own partner."), "partner")
    existing = partner_link(project, other)
    if existing is not None:
        return existing
    low, high = _pair(project, other)
    link = ProjectPartner(project_id=low, partner_id=high, created_by_id=actor.id)
    db.session.add(link)
    db.session.flush()
    return link


def unlink_partners(project, other) -> None:
    """Undo a partner link (nothing when there is none)."""
    link = partner_link(project, other)
    if link is not None:
        db.session.delete(link)
        db.session.flush()
