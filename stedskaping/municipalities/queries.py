import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from stedskaping.db import db
from stedskaping.municipalities.models import FacilitatorMembership, Municipality, Programme


def all_municipalities() -> list[Municipality]:
    return list(db.session.scalars(
        sa.select(Municipality)
        .options(selectinload(Municipality.facilitator_memberships)
                 .selectinload(FacilitatorMembership.user))
        .order_by(Municipality.name)
    ))


def by_slug(slug: str) -> Municipality | None:
    return db.session.scalar(sa.select(Municipality).where(Municipality.slug == slug))


def programmes_of(municipality: Municipality) -> list[Programme]:
    return list(db.session.scalars(sa.select(Programme).where(
        Programme.municipality_id == municipality.id).order_by(Programme.start_on)))


def all_programmes() -> list[Programme]:
    return list(db.session.scalars(sa.select(Programme).options(
        joinedload(Programme.municipality)).order_by(Programme.name)))
