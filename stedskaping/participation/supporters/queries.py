"""What the supporters tell guards and the dashboard, and the team's list."""

from __future__ import annotations

import sqlalchemy as sa

from stedskaping import pages
from stedskaping.db import db
from stedskaping.participation.supporters.models import Supporter


def supporter_count(project) -> int:
    """Fact: the supporters who confirmed their address."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Supporter).where(
        Supporter.project_id == project.id, Supporter.confirmed_dt.is_not(None)))


def counts(project_ids: list[int]) -> dict[int, int]:
    """For the dashboard: project id -> confirmed supporters, in one query."""
    return dict(db.session.execute(
        sa.select(Supporter.project_id, sa.func.count()).where(
            Supporter.project_id.in_(project_ids), Supporter.confirmed_dt.is_not(None))
        .group_by(Supporter.project_id)).all())


def confirmed_and_waiting(project) -> tuple[int, int]:
    """(confirmed, not yet confirmed) in one query, for the project home."""
    confirmed = sa.func.count(Supporter.confirmed_dt)
    row = db.session.execute(sa.select(confirmed, sa.func.count() - confirmed).where(
        Supporter.project_id == project.id)).one()
    return int(row[0]), int(row[1])


def count_text(value) -> str:
    return str(value) if value else "–"


def _confirmed(project) -> sa.Select:
    """In the order they confirmed (the index on (project_id, confirmed_dt, id) serves it)."""
    return sa.select(Supporter).where(
        Supporter.project_id == project.id, Supporter.confirmed_dt.is_not(None)).order_by(
        Supporter.confirmed_dt, Supporter.id)


def confirmed(project) -> list[Supporter]:
    return list(db.session.scalars(_confirmed(project)))


def confirmed_page(project) -> pages.Page:
    """The page of the team's list asked for, with the true number of confirmed supporters."""
    return pages.paginate(_confirmed(project))


def unconfirmed_count(project) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Supporter).where(
        Supporter.project_id == project.id, Supporter.confirmed_dt.is_(None)))


def export_rows(project) -> list[list[str]]:
    """The list for the team's spreadsheet. The address only of those who asked for
    updates: the others agreed to be counted, not to be contacted."""
    rows = []
    for s in confirmed(project):
        rows.append([s.name, s.area or "", s.confirmed_dt.date().isoformat(),
                     "yes" if s.wants_updates else "no", s.email if s.wants_updates else ""])
    return rows
