"""Imports every model module, so that the mappers and Alembic see them all."""

from stedskaping.accounts.models import User, UserSession
from stedskaping.municipalities.models import FacilitatorMembership, Municipality
from stedskaping.notifications.models import OutboxMessage
from stedskaping.projects.models import (
    CampDateRequest,
    Project,
    ProjectEvent,
    ProjectInvitation,
    ProjectMember,
    Replan,
    StageWindow,
    StateTransition,
    TaskProgress,
    WorkflowVersion,
)

__all__ = [
    "CampDateRequest", "FacilitatorMembership", "Municipality", "OutboxMessage", "Project",
    "ProjectEvent", "ProjectInvitation", "ProjectMember",
    "Replan", "StageWindow", "StateTransition", "TaskProgress", "User", "UserSession",
    "WorkflowVersion",
]
