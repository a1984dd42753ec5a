"""Imports every model module, so that the mappers and Alembic see them all."""

from stedskaping.accounts.models import User, UserSession
from stedskaping.municipalities.models import FacilitatorMembership, Municipality
from stedskaping.notifications.models import OutboxMessage

__all__ = ["FacilitatorMembership", "Municipality", "OutboxMessage", "User", "UserSession"]
