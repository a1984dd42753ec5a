"""Imports every model module, so that the mappers and Alembic see them all."""

from stedskaping.accounts.models import AccountToken, User, UserSession
from stedskaping.cache import generation_table
from stedskaping.funding.models import (
    Campaign,
    CampaignUpdate,
    MatchFund,
    Pledge,
    Refund,
    Reward,
    StripeEvent,
)
from stedskaping.jobs import JobLease
from stedskaping.learning.catalogue.models import CatalogueEntry, HallmarkAssessment
from stedskaping.learning.evaluation.models import (
    EvaluationAnswer,
    EvaluationRound,
    SurveyAnswer,
)
from stedskaping.learning.forums.models import Forum, OpenDoor
from stedskaping.learning.lineage.models import ProjectOrigin
from stedskaping.learning.organisations.models import Organisation, OrganisationProject
from stedskaping.learning.places.models import PlaceArea, ProjectPartner, ProjectPlace
from stedskaping.municipalities.models import (
    FacilitatorInvitation,
    FacilitatorMembership,
    Municipality,
    Programme,
)
from stedskaping.notifications.models import (
    Notification,
    NotificationPreference,
    OutboxMessage,
)
from stedskaping.participation.meetings.models import (
    Meeting,
    MeetingPhoto,
    MeetingRegistration,
)
from stedskaping.participation.moderation.models import Moderation, ParticipationBlock, Report
from stedskaping.participation.proposals.models import Proposal, ProposalSupport
from stedskaping.participation.supporters.models import Supporter
from stedskaping.participation.vote.models import Ballot, Concept, ConceptVote
from stedskaping.projects.models import (
    CampDateRequest,
    Project,
    ProjectEvent,
    ProjectInvitation,
    ProjectMember,
    Replan,
    StageWindow,
    StateTransition,
    TaskComment,
    TaskProgress,
    WorkflowVersion,
)
from stedskaping.realisation.camp.models import CampActivity, CampBriefing
from stedskaping.realisation.handover.models import Keeper, MaintenanceTask
from stedskaping.realisation.ledger.models import LedgerGrant
from stedskaping.realisation.log.models import LogEntry, LogPhoto
from stedskaping.realisation.materials.models import Delivery
from stedskaping.realisation.measures.models import Measure
from stedskaping.realisation.permits.models import Permit
from stedskaping.realisation.shifts.models import CampShift, CampSignup, CampVolunteer
from stedskaping.supervision.models import FacilitatorNote

__all__ = [
    "AccountToken", "FacilitatorInvitation",
    "JobLease", "Meeting", "MeetingPhoto", "MeetingRegistration", "Notification",
    "NotificationPreference",
    "CampActivity", "CampBriefing", "CampShift", "CampSignup", "CampVolunteer", "LedgerGrant",
    "Campaign", "CampaignUpdate", "MatchFund", "Pledge", "Refund", "Reward", "StripeEvent",
    "CampDateRequest", "FacilitatorMembership", "FacilitatorNote", "Municipality",
    "OutboxMessage", "Programme", "Project", "ProjectEvent", "ProjectInvitation",
    "ProjectMember", "Replan", "StageWindow", "StateTransition", "Supporter", "TaskComment",
    "TaskProgress",
    "User", "UserSession", "WorkflowVersion",
    "Moderation", "ParticipationBlock", "Report", "Proposal", "ProposalSupport",
    "Ballot", "Concept", "ConceptVote", "Measure",
    "Delivery", "Keeper", "LogEntry", "LogPhoto", "MaintenanceTask", "Permit",
    "CatalogueEntry", "HallmarkAssessment", "EvaluationAnswer", "EvaluationRound", "SurveyAnswer",
    "ProjectOrigin",
    "PlaceArea", "ProjectPartner", "ProjectPlace", "Forum", "OpenDoor", "Organisation",
    "OrganisationProject", "generation_table",
]
