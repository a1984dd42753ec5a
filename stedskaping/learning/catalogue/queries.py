"""The public catalogue: published entries, searched and filtered, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from stedskaping.db import db
from stedskaping.learning.catalogue import hallmarks
from stedskaping.learning.catalogue.models import (
    CatalogueEntry,
    EntryStatus,
    HallmarkAssessment,
)
from stedskaping.municipalities.models import Municipality
from stedskaping.projects.models import Project

PER_PAGE = 12


@dataclass(frozen=True)
class Filters:
    text: str = ""
    theme: str = ""
    municipality: int | None = None
    cost: str = ""
    group: str = ""
    season: str = ""
    dimension: str = ""
    hallmarks: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Page:
    entries: list
    total: int
    number: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))


def _in_range(column, ranges, key: str):
    low, high = next(((lo, hi) for k, lo, hi in ranges if k == key), (None, None))
    return sa.and_(column.is_not(None), column >= low if low is not None else sa.true(),
                   column < high if high is not None else sa.true())


def _conditions(f: Filters) -> list:
    found = [CatalogueEntry.status == EntryStatus.PUBLISHED]
    if f.text:
        like = "%" + f.text.lower().replace("\\", "\\\\").replace("%", "\\%") \
            .replace("_", "\\_") + "%"
        found.append(sa.or_(*(sa.func.lower(c).like(like, escape="\\") for c in (
            Project.title, Project.description, CatalogueEntry.why, CatalogueEntry.story))))
    if f.theme:
        found.append(CatalogueEntry.theme == f.theme)
    if f.municipality:
        found.append(CatalogueEntry.municipality_id == f.municipality)
    if f.cost:
        found.append(_in_range(CatalogueEntry.cost_amount, hallmarks.COST_RANGES, f.cost))
    if f.group:
        found.append(_in_range(CatalogueEntry.group_size, hallmarks.GROUP_RANGES, f.group))
    if f.season:
        found.append(CatalogueEntry.season == f.season)
    if f.dimension:
        found.append(CatalogueEntry.dimensions.like(f"%,{f.dimension},%"))
    for key in f.hallmarks:
        found.append(sa.exists().where(HallmarkAssessment.entry_id == CatalogueEntry.id,
                                       HallmarkAssessment.hallmark == key,
                                       HallmarkAssessment.is_met.is_(True)))
    return found


def search(f: Filters, number: int = 1) -> Page:
    """One page of the published entries that match, newest first (two queries)."""
    where = _conditions(f)
    base = sa.select(CatalogueEntry).join(Project, Project.id == CatalogueEntry.project_id)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(
        base.where(*where).subquery()))
    pages = max(1, -(-total // PER_PAGE))
    number = min(max(1, number), pages)
    entries = db.session.scalars(base.where(*where).options(
        joinedload(CatalogueEntry.project), joinedload(CatalogueEntry.municipality))
        .order_by(CatalogueEntry.published_dt.desc(), CatalogueEntry.id.desc())
        .limit(PER_PAGE).offset((number - 1) * PER_PAGE)).all()
    return Page(entries=list(entries), total=total, number=number)


def municipalities_in_catalogue() -> list[Municipality]:
    return list(db.session.scalars(sa.select(Municipality).where(Municipality.id.in_(
        sa.select(CatalogueEntry.municipality_id).where(
            CatalogueEntry.status == EntryStatus.PUBLISHED))).order_by(Municipality.name)))


def entry(entry_id: int) -> CatalogueEntry | None:
    return db.session.scalar(sa.select(CatalogueEntry).where(CatalogueEntry.id == entry_id)
                             .options(joinedload(CatalogueEntry.project),
                                      joinedload(CatalogueEntry.municipality),
                                      selectinload(CatalogueEntry.hallmarks)))
