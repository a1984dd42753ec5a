"""A permit a measure needs: from a municipal department, the landowner or another body."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stedskaping.db import created, db, intpk, project_fk
from stedskaping.realisation.measures.models import Measure
from stedskaping.statuses import Moves, StatusType


class PermitStatus(StrEnum):
    NOT_ASKED = "not_asked"
    ASKED = "asked"
    GRANTED = "granted"
    CONDITIONAL = "conditional"  # granted with conditions
    REFUSED = "refused"


_S = PermitStatus
PERMIT_MOVES = Moves("Permit", {
    None: set(PermitStatus),  # recorded as it stands: often after the decision
    _S.NOT_ASKED: {_S.ASKED},
    _S.ASKED: {_S.GRANTED, _S.CONDITIONAL, _S.REFUSED, _S.NOT_ASKED},
    # A decision can be appealed or corrected: asked again, or decided otherwise.
    _S.GRANTED: {_S.CONDITIONAL, _S.REFUSED, _S.ASKED},
    _S.CONDITIONAL: {_S.GRANTED, _S.REFUSED, _S.ASKED},
    _S.REFUSED: {_S.ASKED, _S.GRANTED, _S.CONDITIONAL},
})
GRANTED = (_S.GRANTED, _S.CONDITIONAL)
DECIDED = (*GRANTED, _S.REFUSED)

GRANTOR_KINDS = ("municipality", "landowner", "other")


class Permit(db.Model):
    """One permit of a measure. ``expires_on`` is set for a temporary permit; the guard
    wants it to last past the camp's last day, and a job warns before it runs out."""

    __tablename__ = "realisation_permit"

    id: Mapped[intpk]
    project_id: Mapped[project_fk]
    measure_id: Mapped[int] = mapped_column(
        sa.ForeignKey("realisation_measure.id", ondelete="CASCADE"), index=True)
    grantor_kind: Mapped[str] = mapped_column(sa.String(16))
    grantor_name: Mapped[str] = mapped_column(sa.String(200))
    status: Mapped[PermitStatus] = mapped_column(StatusType(PermitStatus, 20))
    asked_on: Mapped[date | None]
    decided_on: Mapped[date | None]
    conditions: Mapped[str] = mapped_column(sa.Text, default="")
    expires_on: Mapped[date | None]
    warned_for_on: Mapped[date | None]  # the expiry the last warning was about
    document_stored: Mapped[str | None] = mapped_column(sa.String(80))
    document_name: Mapped[str | None] = mapped_column(sa.String(200))
    document_type: Mapped[str | None] = mapped_column(sa.String(8))
    created_dt: Mapped[created]
    updated_dt: Mapped[datetime | None]

    measure: Mapped[Measure] = relationship()

    @property
    def is_granted(self) -> bool:
        return self.status in GRANTED
