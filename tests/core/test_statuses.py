"""Statuses: each family's table allows exactly its moves, and ``move`` enforces it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from stedskaping.db import utcnow
from stedskaping.funding import models as funding
from stedskaping.funding.models import (
    CAMPAIGN_MOVES,
    CARD,
    HOURS,
    MATERIAL,
    OFFLINE,
    PLEDGE_MOVES,
    Campaign,
    CampaignStatus,
    Pledge,
    PledgeStatus,
)
from stedskaping.municipalities import models as municipalities
from stedskaping.municipalities.models import (
    FACILITATOR_INVITATION_MOVES,
    FacilitatorInvitation,
    FacilitatorInvitationStatus,
)
from stedskaping.projects import models as projects
from stedskaping.projects.models import (
    CAMP_DATE_MOVES,
    INVITATION_MOVES,
    CampDateRequest,
    CampDateStatus,
    InvitationStatus,
    ProjectInvitation,
)
from stedskaping.statuses import IllegalMove

C, P = CampaignStatus, PledgeStatus
F = FacilitatorInvitationStatus


def _campaign(status):
    return Campaign(id=7, status=status)


def _pledge(kind):
    return lambda status: Pledge(id=8, kind=kind, status=status)


def _invitation(status):
    invitation = ProjectInvitation(id=9)
    if status is not None:
        for column, value in ProjectInvitation.status_values(status).items():
            setattr(invitation, column, value)
    return invitation


def _facilitator_invitation(status):
    invitation = FacilitatorInvitation(id=10)
    if status is not None:
        for column, value in FacilitatorInvitation.status_values(status, by_id=3).items():
            setattr(invitation, column, value)
    return invitation


def _camp_date(status):
    return CampDateRequest(id=11, status=status)


FAMILIES = {
    "campaign": (CAMPAIGN_MOVES, _campaign, funding.move, {}),
    "card pledge": (PLEDGE_MOVES[CARD], _pledge(CARD), funding.move, {}),
    "offline pledge": (PLEDGE_MOVES[OFFLINE], _pledge(OFFLINE), funding.move, {}),
    "material pledge": (PLEDGE_MOVES[MATERIAL], _pledge(MATERIAL), funding.move, {}),
    "hours pledge": (PLEDGE_MOVES[HOURS], _pledge(HOURS), funding.move, {}),
    "project invitation": (INVITATION_MOVES, _invitation, projects.move, {}),
    "camp date request": (CAMP_DATE_MOVES, _camp_date, projects.move, {}),
    "facilitator invitation": (FACILITATOR_INVITATION_MOVES, _facilitator_invitation,
                               municipalities.move, {"by_id": 3}),
}


@pytest.mark.parametrize("family", FAMILIES)
def test_every_allowed_move_is_made(family):
    table, make, move, extra = FAMILIES[family]
    assert table.moves(), family
    for old, new in table.moves():
        obj = make(old)
        move(obj, new, **extra)
        assert obj.status == new, (family, old, new)


FORBIDDEN = [
    ("campaign", C.SUCCEEDED, C.LIVE),
    ("campaign", C.FAILED, C.LIVE),  # a new round is a new campaign
    ("campaign", C.DRAFT, C.SUCCEEDED),
    ("campaign", C.PAUSED, C.CLOSING),
    ("campaign", None, C.LIVE),
    ("card pledge", P.PAID, P.SAVED),
    ("card pledge", P.REFUNDED, P.PAID),
    ("card pledge", P.CANCELLED, P.SAVED),
    ("card pledge", P.PAYMENT_FAILED, P.ACTION_REQUIRED),  # failed for good
    ("card pledge", P.PENDING_SETUP, P.CHARGING),  # a card that was never saved
    ("card pledge", P.RELEASED, P.PAYMENT_FAILED),  # late news of a cancelled payment
    ("card pledge", None, P.PROMISED),
    ("offline pledge", P.PROMISED, P.SAVED),  # statuses of another kind
    ("offline pledge", P.RELEASED, P.DUE),
    ("material pledge", P.OFFERED, P.PAID),
    ("hours pledge", P.OFFERED, P.ACCEPTED),
    ("project invitation", InvitationStatus.ACCEPTED, InvitationStatus.DECLINED),
    ("project invitation", InvitationStatus.DECLINED, InvitationStatus.OPEN),
    ("camp date request", CampDateStatus.APPROVED, CampDateStatus.REFUSED),
    ("camp date request", CampDateStatus.REFUSED, CampDateStatus.PENDING),
    ("facilitator invitation", F.CLOSED, F.ACCEPTED),
    ("facilitator invitation", F.ACCEPTED, F.OPEN),
]


@pytest.mark.parametrize(("family", "old", "new"), FORBIDDEN)
def test_a_forbidden_move_is_refused_and_changes_nothing(family, old, new):
    table, make, move, extra = FAMILIES[family]
    obj = make(old)
    with pytest.raises(IllegalMove) as refused:
        move(obj, new, **extra)
    assert obj.status == old
    assert refused.value.status == 409
    assert str(refused.value) == f"{table.model} {obj.id}: {old or '(new)'} -> {new} is not allowed"


def test_staying_in_a_status_is_not_a_move():
    pledge = Pledge(kind=CARD, status=P.ACTION_REQUIRED)
    funding.move(pledge, P.ACTION_REQUIRED)
    assert pledge.status == P.ACTION_REQUIRED
    answered = utcnow() - timedelta(days=2)
    invitation = ProjectInvitation(answered_dt=answered, is_accepted=True)
    projects.move(invitation, InvitationStatus.ACCEPTED)
    assert invitation.answered_dt == answered


def test_bulk_updates_name_the_sources_the_table_allows():
    card = PLEDGE_MOVES[CARD]
    assert card.sources(P.CHARGING) == (P.SAVED,)
    assert P.REFUNDED not in card.sources(P.PAID)
    assert card.sources(P.CANCELLED, among=(P.PENDING_SETUP,)) == (P.PENDING_SETUP,)
    with pytest.raises(ValueError, match="paid -> cancelled"):
        card.sources(P.CANCELLED, among=(P.PENDING_SETUP, P.PAID))
    assert INVITATION_MOVES.sources(InvitationStatus.ACCEPTED) == (InvitationStatus.OPEN,)


def test_an_accepted_facilitator_invitation_names_who_accepted():
    invitation = _facilitator_invitation(F.OPEN)
    with pytest.raises(ValueError, match="who accepted"):
        municipalities.move(invitation, F.ACCEPTED)
    municipalities.move(invitation, F.ACCEPTED, by_id=3)
    assert (invitation.status, invitation.accepted_by_id) == (F.ACCEPTED, 3)
    assert invitation.closed_dt is not None


def test_statuses_are_stored_as_the_same_plain_strings(db):
    """No migration: the columns hold the strings they always held, read back as enums."""
    from tests.fixtures.factories import make_project, make_user

    project = make_project(start_on=date(2027, 1, 4))
    campaign = Campaign(project_id=project.id, minimum_amount=100, optimum_amount=200)
    db.session.add(campaign)
    db.session.flush()
    pledge = Pledge(campaign_id=campaign.id, backer_id=make_user().id, kind=OFFLINE,
                    amount=100)
    funding.move(pledge, P.PROMISED)
    db.session.add(pledge)
    db.session.flush()
    raw = db.session.execute(sa.text(
        "SELECT c.status, p.status FROM campaign c JOIN pledge p ON p.campaign_id = c.id "
        "WHERE p.id = :id"), {"id": pledge.id}).one()
    assert tuple(raw) == ("draft", "promised")
    db.session.expire_all()
    reread = db.session.get(Pledge, pledge.id)
    assert reread.status is P.PROMISED and reread.campaign.status is C.DRAFT
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Pledge).where(
        Pledge.id == pledge.id, Pledge.status.in_(PLEDGE_MOVES[OFFLINE].sources(P.DUE)))) == 1


def test_invitation_statuses_are_queried_like_columns(db):
    from tests.fixtures.factories import make_municipality, make_user

    municipality, admin = make_municipality(), make_user(is_admin=True)
    invitations = {}
    for status in F:
        invitation = FacilitatorInvitation(
            municipality_id=municipality.id, email=f"{status}@example.no",
            token_hash=f"hash-{status}", expires_dt=utcnow() + timedelta(days=7))
        municipalities.move(invitation, status, by_id=admin.id)
        db.session.add(invitation)
        invitations[status] = invitation
    db.session.flush()
    for status, invitation in invitations.items():
        found = db.session.scalars(sa.select(FacilitatorInvitation.id).where(
            FacilitatorInvitation.municipality_id == municipality.id,
            FacilitatorInvitation.status == status)).all()
        assert found == [invitation.id], status
