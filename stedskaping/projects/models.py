from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stedskaping.db import created, db, intpk, project_fk, user_fk, user_ref, utcnow
from stedskaping.statuses import Moves, StatusType

if TYPE_CHECKING:
    from stedskaping.accounts.models import User
    from stedskaping.municipalities.models import Municipality

INITIATOR = "initiator"
TEAM_MEMBER = "team_member"
MEMBER_ROLES = (INITIATOR, TEAM_MEMBER)

TASK_OPEN = "open"
TASK_DRAFT = "draft"
TASK_DONE = "done"


class InvitationStatus(StrEnum):
    """A team invitation's status, read from when it was answered and how."""

    OPEN = "open"  # (it may have expired: see expires_dt)
    ACCEPTED = "accepted"
    DECLINED = "declined"


INVITATION_MOVES = Moves("ProjectInvitation", {
    None: {InvitationStatus.OPEN},
    InvitationStatus.OPEN: {InvitationStatus.ACCEPTED, InvitationStatus.DECLINED},
})


class CampDateStatus(StrEnum):
    """A request for a new camp date, decided by a facilitator."""

    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


CAMP_DATE_MOVES = Moves("CampDateRequest", {
    None: {CampDateStatus.PENDING},
    CampDateStatus.PENDING: {CampDateStatus.APPROVED, CampDateStatus.REFUSED},
})


class Project(db.Model):
    __tablename__ = "project"
    # The public list and "my projects": newest first.
    __table_args__ = (sa.Index("ix_project_created", "created_dt", "id"),)

    id: Mapped[intpk]
    title: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    place_name: Mapped[str] = mapped_column(sa.String(160), default="")
    latitude: Mapped[float | None] = mapped_column(sa.Float)
    longitude: Mapped[float | None] = mapped_column(sa.Float)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipality.id"), index=True)
    programme_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("programme.id", ondelete="SET NULL"), index=True)
    workflow_key: Mapped[str] = mapped_column(sa.String(64))
    workflow_version: Mapped[int]
    # Written only by projects.process.advance, by compare-and-set on state_version.
    state: Mapped[str] = mapped_column(sa.String(64), index=True)
    state_version: Mapped[int] = mapped_column(default=1)
    paused_from: Mapped[str | None] = mapped_column(sa.String(64))
    state_changed_dt: Mapped[datetime] = mapped_column(default=utcnow)
    start_on: Mapped[date]
    camp_on: Mapped[date]
    created_dt: Mapped[created]
    created_by_id: Mapped[user_ref | None]
    # The secret part of the project's calendar address (iCalendar feed).
    calendar_token: Mapped[str] = mapped_column(sa.String(64), unique=True)

    municipality: Mapped[Municipality] = relationship()
    members: Mapped[list[ProjectMember]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectMember.id")
    windows: Mapped[list[StageWindow]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="StageWindow.position")

    def member(self, user_id: int | None) -> ProjectMember | None:
        return next((m for m in self.members if m.user_id == user_id), None)

    def window(self, stage_key: str) -> StageWindow | None:
        return next((w for w in self.windows if w.stage_key == stage_key), None)

    def __repr__(self) -> str:
        return f"<Project {self.id} {self.state}>"


class ProjectMember(db.Model):
    __tablename__ = "project_member"
    __table_args__ = (sa.UniqueConstraint("project_id", "user_id"),
                      sa.Index("ix_project_member_user", "user_id", "project_id"))

    id: Mapped[intpk]
    project_id: Mapped[project_fk]
    user_id: Mapped[user_fk]
    role: Mapped[str] = mapped_column(sa.String(32))
    is_name_public: Mapped[bool] = mapped_column(default=True)
    created_dt: Mapped[created]

    project: Mapped[Project] = relationship(back_populates="members")
    user: Mapped[User] = relationship()


class StageWindow(db.Model):
    """A stage's planned window. ``first_*`` keep the first plan (history, shown in
    the plan picture); ``approved_*`` the last plan a facilitator agreed to, which the
    dashboard measures slip against."""

    __tablename__ = "stage_window"
    __table_args__ = (sa.UniqueConstraint("project_id", "stage_key"),)

    id: Mapped[intpk]
    project_id: Mapped[project_fk]
    stage_key: Mapped[str] = mapped_column(sa.String(64))
    position: Mapped[int]
    starts_on: Mapped[date]
    ends_on: Mapped[date] = mapped_column(index=True)
    first_starts_on: Mapped[date]
    first_ends_on: Mapped[date]
    approved_starts_on: Mapped[date]
    approved_ends_on: Mapped[date]
    entered_dt: Mapped[datetime | None]

    project: Mapped[Project] = relationship(back_populates="windows")


class TaskProgress(db.Model):
    """One task of one project: its due date (a column, so sweeps can index it),
    its status and the deliverable's answers."""

    __tablename__ = "task_progress"
    __table_args__ = (
        sa.UniqueConstraint("project_id", "stage_key", "task_key"),
        sa.Index("ix_task_progress_due", "due_on", "status"),
        # Only what can still be escalated: the sweep stays small however many tasks exist.
        sa.Index("ix_task_progress_escalation", "due_on",
                 sqlite_where=sa.text("is_required AND escalated_dt IS NULL AND status != 'done'"),
                 postgresql_where=sa.text(
                     "is_required AND escalated_dt IS NULL AND status != 'done'")),
    )

    id: Mapped[intpk]
    project_id: Mapped[project_fk]
    stage_key: Mapped[str] = mapped_column(sa.String(64))
    task_key: Mapped[str] = mapped_column(sa.String(64))
    position: Mapped[int]
    is_required: Mapped[bool]
    due_on: Mapped[date]
    status: Mapped[str] = mapped_column(sa.String(16), default=TASK_OPEN)
    answers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Counts saves of the answers: a save from an older version is refused (no silent
    # last-writer-wins when two people edit the same deliverable).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    updated_dt: Mapped[datetime | None]
    updated_by_id: Mapped[user_ref | None]
    completed_dt: Mapped[datetime | None]
    completed_by_id: Mapped[user_ref | None]
    escalated_dt: Mapped[datetime | None]

    project: Mapped[Project] = relationship()


class StateTransition(db.Model):
    """The audit log: every change of a project's state, by whom and why."""

    __tablename__ = "state_transition"

    id: Mapped[intpk]
    project_id: Mapped[project_fk]
    from_state: Mapped[str] = mapped_column(sa.String(64))
    to_state: Mapped[str] = mapped_column(sa.String(64))
    trigger: Mapped[str] = mapped_column(sa.String(64))
    actor_id: Mapped[user_ref | None]
    actor_role: Mapped[str] = mapped_column(sa.String(32))
    comment: Mapped[str | None] = mapped_column(sa.Text)
    created_dt: Mapped[created]

    actor: Mapped[User | None] = relationship()


class Replan(db.Model):
    """A change to the plan, with its reason: a new camp date or a longer stage."""

    __tablename__ = "replan"

    id: Mapped[intpk]
    project_id: Mapped[project_fk]
    actor_id: Mapped[user_ref | None]
    reason: Mapped[str] = mapped_column(sa.Text)
    stage_key: Mapped[str] = mapped_column(sa.String(64))
    days: Mapped[int]
    old_camp_on: Mapped[date]
    new_camp_on: Mapped[date]
    created_dt: Mapped[created]

    actor: Mapped[User | None] = relationship()


class WorkflowVersion(db.Model):
    """The digest of each workflow version that projects use: its content is frozen."""

    __tablename__ = "workflow_version"
    __table_args__ = (sa.UniqueConstraint("key", "version"),)

    id: Mapped[intpk]
    key: Mapped[str] = mapped_column(sa.String(64))
    version: Mapped[int]
    digest: Mapped[str] = mapped_column(sa.String(64))
    first_used_dt: Mapped[created]


class ProjectEvent(db.Model):
    """The project's activity: who did what, and when (tasks, team, stages, plan)."""

    __tablename__ = "project_event"
    __table_args__ = (sa.Index("ix_project_event_project", "project_id", "id"),)

    id: Mapped[intpk]
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"))
    actor_id: Mapped[user_ref | None]
    kind: Mapped[str] = mapped_column(sa.String(32))
    stage_key: Mapped[str | None] = mapped_column(sa.String(64))
    task_key: Mapped[str | None] = mapped_column(sa.String(64))
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_dt: Mapped[created]

    actor: Mapped[User | None] = relationship()


class ProjectInvitation(db.Model):
    """An e-mailed invitation to join a project's team; the link carries a token."""

    __tablename__ = "project_invitation"

    id: Mapped[intpk]
    project_id: Mapped[project_fk]
    email: Mapped[str] = mapped_column(sa.String(254))
    role: Mapped[str] = mapped_column(sa.String(32))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    invited_by_id: Mapped[user_ref | None]
    created_dt: Mapped[created]
    expires_dt: Mapped[datetime] = mapped_column(index=True)
    # The status (InvitationStatus) is stored as these two: write it with ``move``.
    answered_dt: Mapped[datetime | None]
    is_accepted: Mapped[bool | None]

    project: Mapped[Project] = relationship()
    invited_by: Mapped[User | None] = relationship()

    @hybrid_property
    def status(self) -> InvitationStatus:
        if self.answered_dt is None:
            return InvitationStatus.OPEN
        return InvitationStatus.ACCEPTED if self.is_accepted else InvitationStatus.DECLINED

    @status.inplace.expression
    @classmethod
    def _status_expression(cls):
        return sa.case((cls.answered_dt.is_(None), InvitationStatus.OPEN.value),
                       (cls.is_accepted.is_(True), InvitationStatus.ACCEPTED.value),
                       else_=InvitationStatus.DECLINED.value)

    @staticmethod
    def status_values(new: InvitationStatus) -> dict:
        """The column values that store ``new`` (for ``move`` and bulk updates)."""
        if new == InvitationStatus.OPEN:
            return {"answered_dt": None, "is_accepted": None}
        return {"answered_dt": utcnow(), "is_accepted": new == InvitationStatus.ACCEPTED}


class CampDateRequest(db.Model):
    """An initiator's request for a new camp date; a facilitator approves or refuses it."""

    __tablename__ = "camp_date_request"

    id: Mapped[intpk]
    project_id: Mapped[project_fk]
    requested_by_id: Mapped[user_ref | None]
    camp_on: Mapped[date]
    reason: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[CampDateStatus] = mapped_column(StatusType(CampDateStatus, 16),
                                                   default=CampDateStatus.PENDING)
    decided_by_id: Mapped[user_ref | None]
    decided_dt: Mapped[datetime | None]
    decision_comment: Mapped[str | None] = mapped_column(sa.Text)
    created_dt: Mapped[created]

    requested_by: Mapped[User | None] = relationship(
        foreign_keys="CampDateRequest.requested_by_id")
    project: Mapped[Project] = relationship()


class TaskComment(db.Model):
    """Feedback on a task, in a thread the team and the facilitators see."""

    __tablename__ = "task_comment"
    __table_args__ = (sa.Index("ix_task_comment_task", "project_id", "stage_key", "task_key"),)

    id: Mapped[intpk]
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"))
    stage_key: Mapped[str] = mapped_column(sa.String(64))
    task_key: Mapped[str] = mapped_column(sa.String(64))
    author_id: Mapped[user_ref | None]
    body: Mapped[str] = mapped_column(sa.Text)
    # Set by moderation (participation): a hidden comment is left out of the thread.
    is_hidden: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_dt: Mapped[created]

    author: Mapped[User | None] = relationship()


def move(obj: ProjectInvitation | CampDateRequest, new: InvitationStatus | CampDateStatus) -> None:
    """Move a team invitation or a camp date request to ``new``; IllegalMove if its
    table forbids it. The only place their statuses are written (a bulk update names
    its sources with ``INVITATION_MOVES.sources`` and writes ``status_values``)."""
    if isinstance(obj, ProjectInvitation):
        INVITATION_MOVES.check(obj, new)
        if obj.status == new:
            return  # not a move: keep when it was answered
        for column, value in ProjectInvitation.status_values(new).items():
            setattr(obj, column, value)
    else:
        CAMP_DATE_MOVES.check(obj, new)
        obj.status = new
