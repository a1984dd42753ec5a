"""Nearby initiatives, partners and the points of the map.

Nearby: a bounded candidate set in SQL (the points in a latitude/longitude box around
the project, or the projects of its area; at most ``NEARBY_CANDIDATES``), the exact
great-circle distance in Python, then what they share, read for all candidates at once
(stage windows, the landowners among permit grantors, shift skills, material words):
the number of queries does not grow with the number of projects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from stedskaping import formats
from stedskaping.db import db
from stedskaping.learning.places import geo
from stedskaping.learning.places.models import ProjectPartner, ProjectPlace
from stedskaping.projects.models import Project, StageWindow

# Words of a material's title too common to count as a shared need.
_STOP = frozenset(("with", "from", "til", "som", "eller", "till", "sekä", "ja"))
_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)


@dataclass
class Nearby:
    project: Project
    distance_km: float | None
    reasons: list[str] = field(default_factory=list)


def _words(text: str) -> set[str]:
    return {w for w in (m.lower() for m in _WORD.findall(text or "")) if w not in _STOP}


def _skills(text: str) -> set[str]:
    return {s.strip().lower() for s in re.split(r"[,;]", text or "") if s.strip()}


def _candidates(project, area_id: int | None, km: float, limit: int) -> list[Project]:
    near = []
    if project.latitude is not None and project.longitude is not None:
        box = geo.box_around(project.latitude, project.longitude, km)
        near.append(sa.and_(Project.latitude.between(box.south, box.north),
                            Project.longitude.between(box.west, box.east)))
    if area_id is not None:
        near.append(ProjectPlace.area_id == area_id)
    if not near:
        return []
    query = (sa.select(Project).outerjoin(ProjectPlace, ProjectPlace.project_id == Project.id)
             .where(Project.id != project.id, sa.or_(*near))
             .options(joinedload(Project.municipality))
             .order_by(Project.created_dt.desc(), Project.id.desc()).limit(limit))
    return list(db.session.scalars(query).unique())


def _shared(ids: list[int]) -> dict[int, dict]:
    """What each project plans and needs: its camp window and stage windows, landowners,
    skills and material words (four queries for all of them)."""
    from stedskaping.realisation.materials.models import Delivery
    from stedskaping.realisation.permits.models import Permit
    from stedskaping.realisation.shifts.models import CampShift

    found = {i: {"windows": [], "landowners": {}, "skills": {}, "words": {}} for i in ids}
    for w in db.session.scalars(sa.select(StageWindow).where(StageWindow.project_id.in_(ids))):
        found[w.project_id]["windows"].append(w)
    for pid, name in db.session.execute(sa.select(Permit.project_id, Permit.grantor_name).where(
            Permit.project_id.in_(ids), Permit.grantor_kind == "landowner")):
        found[pid]["landowners"].setdefault(name.strip().lower(), name.strip())
    for pid, skills in db.session.execute(sa.select(CampShift.project_id, CampShift.skills)
                                          .where(CampShift.project_id.in_(ids))):
        for skill in _skills(skills):
            found[pid]["skills"].setdefault(skill, skill)
    for pid, title in db.session.execute(sa.select(Delivery.project_id, Delivery.title)
                                         .where(Delivery.project_id.in_(ids))):
        for word in _words(title):
            found[pid]["words"].setdefault(word, word)
    return found


def _overlap(a, b) -> bool:
    return a.starts_on <= b.ends_on and b.starts_on <= a.ends_on


def _reasons(project, other, mine: dict, theirs: dict, stage_titles: dict) -> list[str]:
    reasons = []
    if project.camp_on.isocalendar()[:2] == other.camp_on.isocalendar()[:2]:
        reasons.append(_("camp the same week"))
    else:
        for a in mine["windows"]:
            hit = next((b for b in theirs["windows"]
                        if b.stage_key == a.stage_key and _overlap(a, b)), None)
            if hit is not None:
                reasons.append(_("%(stage)s at the same time",
                                 stage=stage_titles.get(a.stage_key, a.stage_key)))
                break
    for key in sorted(mine["landowners"].keys() & theirs["landowners"].keys()):
        reasons.append(_("same landowner: %(name)s", name=mine["landowners"][key]))
    skills = sorted(mine["skills"].keys() & theirs["skills"].keys())
    if skills:
        reasons.append(_("both need %(skills)s", skills=formats.list_text(skills)))
    words = sorted(mine["words"].keys() & theirs["words"].keys())
    if words:
        reasons.append(_("both need materials: %(words)s", words=formats.list_text(words[:3])))
    return reasons


def nearby(project, stage_titles: dict | None = None) -> list[Nearby]:
    """Other projects within ``NEARBY_KM`` or in the same area that share a window or a
    need, the nearest first, each with its reasons ("1.2 km away", "camp the same week",
    "same landowner: Statsbygg")."""
    km = float(current_app.config["NEARBY_KM"])
    place = db.session.get(ProjectPlace, project.id)
    area_id = place.area_id if place else None
    candidates = _candidates(project, area_id, km,
                             int(current_app.config["NEARBY_CANDIDATES"]))
    if not candidates:
        return []
    areas = dict(db.session.execute(sa.select(ProjectPlace.project_id, ProjectPlace.area_id)
                                    .where(ProjectPlace.project_id.in_(
                                        [c.id for c in candidates]))).all())
    shared = _shared([project.id, *(c.id for c in candidates)])
    found = []
    for other in candidates:
        distance = None
        if project.latitude is not None and other.latitude is not None:
            distance = geo.distance_km(project.latitude, project.longitude,
                                       other.latitude, other.longitude)
        same_area = area_id is not None and areas.get(other.id) == area_id
        if not same_area and (distance is None or distance > km):
            continue
        needs = _reasons(project, other, shared[project.id], shared[other.id],
                         stage_titles or {})
        if not needs:
            continue
        where = []
        if distance is not None and distance <= km:
            where.append(_("%(km)s km away", km=formats.number(distance, "0.0")))
        if same_area:
            where.append(_("in the same area"))
        found.append(Nearby(other, distance, where + needs))
    found.sort(key=lambda n: (n.distance_km is None, n.distance_km or 0.0, n.project.id))
    return found


def partners_of(project) -> list[Project]:
    """The projects linked to ``project`` as partners, by title."""
    ids = db.session.execute(sa.select(ProjectPartner.project_id, ProjectPartner.partner_id)
                             .where(sa.or_(ProjectPartner.project_id == project.id,
                                           ProjectPartner.partner_id == project.id))).all()
    others = {b if a == project.id else a for a, b in ids}
    if not others:
        return []
    return list(db.session.scalars(sa.select(Project).where(Project.id.in_(others))
                                   .options(joinedload(Project.municipality))
                                   .order_by(Project.title)).unique())


def points(projects) -> list[Project]:
    """The projects of a list that have a point."""
    return [p for p in projects if p.latitude is not None and p.longitude is not None]
