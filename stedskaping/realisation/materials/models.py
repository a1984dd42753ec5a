"""The materials the camp needs: accepted material pledges and what the team buys or
borrows, each with a delivery day, the measure it is for and where it has got to."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stedskaping.db import created, db, intpk, project_fk
from stedskaping.realisation.measures.models import Measure
from stedskaping.statuses import Moves, StatusType


class DeliveryStatus(StrEnum):
    PROMISED = "promised"
    CONFIRMED = "confirmed"
    DELIVERED = "delivered"
    MISSING = "missing"  # its day came and it did not


_D = DeliveryStatus
DELIVERY_MOVES = Moves("Delivery", {
    None: set(DeliveryStatus),  # recorded as it stands
    _D.PROMISED: {_D.CONFIRMED, _D.DELIVERED, _D.MISSING},
    _D.CONFIRMED: {_D.PROMISED, _D.DELIVERED, _D.MISSING},
    _D.DELIVERED: {_D.MISSING, _D.CONFIRMED},  # a correction
    _D.MISSING: {_D.PROMISED, _D.CONFIRMED, _D.DELIVERED},
})

SOURCES = ("pledge", "bought", "borrowed")


class Delivery(db.Model):
    """One item of the materials list. For a pledge (``pledge_id``) the title comes from
    the pledge; the pledge's own status and money are never touched here."""

    __tablename__ = "realisation_delivery"

    id: Mapped[intpk]
    project_id: Mapped[project_fk]
    pledge_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("pledge.id", ondelete="CASCADE"), unique=True)
    source: Mapped[str] = mapped_column(sa.String(16))
    title: Mapped[str] = mapped_column(sa.String(200))
    quantity: Mapped[str] = mapped_column(sa.String(80), default="")
    measure_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("realisation_measure.id", ondelete="SET NULL"), index=True)
    delivery_on: Mapped[date | None]
    status: Mapped[DeliveryStatus] = mapped_column(StatusType(DeliveryStatus, 20))
    created_dt: Mapped[created]

    measure: Mapped[Measure | None] = relationship()
