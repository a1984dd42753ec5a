"""Who may take part (propose, support, vote, report): a signed-in person with a
confirmed e-mail address whom no facilitator of the project's municipality blocked."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from stedskaping.db import db
from stedskaping.domain import DomainError
from stedskaping.participation.moderation.models import ParticipationBlock


class ParticipationError(DomainError):
    """A refused proposal, support, vote or report."""


def is_blocked(user_id: int, municipality_id: int) -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(ParticipationBlock).where(
        ParticipationBlock.user_id == user_id,
        ParticipationBlock.municipality_id == municipality_id,
        ParticipationBlock.lifted_dt.is_(None))) > 0


def check_person(project, actor) -> None:
    """Refuse unless ``actor`` may take part in ``project``'s participation."""
    if not getattr(actor, "is_authenticated", False):
        raise ParticipationError(_l("Sign in to take part."), status=401)
    if not actor.is_confirmed:
        raise ParticipationError(_l("Confirm your e-mail address first: open the link we "
                                    "sent you."), status=403)
    if is_blocked(actor.id, project.municipality_id):
        raise ParticipationError(_l("A facilitator has blocked you from taking part in this "
                                    "municipality's projects."), status=403)
