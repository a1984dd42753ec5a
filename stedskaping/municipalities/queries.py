import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from stedskaping.db import db
from stedskaping.municipalities.models import FacilitatorMembership, Municipality


def all_municipalities() -> list[Municipality]:
    return list(db.session.scalars(
        sa.select(Municipality)
        .options(selectinload(Municipality.facilitator_memberships)
                 .selectinload(FacilitatorMembership.user))
        .order_by(Municipality.name)
    ))


def by_slug(slug: str) -> Municipality | None:
    return db.session.scalar(sa.select(Municipality).where(Municipality.slug == slug))
