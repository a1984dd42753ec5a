"""The participation domain's demo data: supporters and meetings (`flask seed demo`).

``activity_for_gates`` gives a project what its gates read (the demo walks projects
through them); ``seed_participation`` fills the demo project that is in participation.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.participation.meetings import operations as meetings
from stedskaping.participation.meetings import registrations
from stedskaping.participation.meetings.models import Meeting
from stedskaping.participation.supporters.models import Supporter
from stedskaping.participation.supporters.operations import consent_text

NEIGHBOURS = ("Astrid Berg", "Bjørn Dahl", "Camilla Eide", "Dag Foss", "Eva Gran",
              "Finn Haugen", "Guro Iversen", "Hans Johansen", "Ingrid Karlsen", "Jon Lie",
              "Kari Moen", "Lars Nilsen", "Marit Olsen", "Nils Pettersen", "Oda Quist",
              "Per Rustad", "Randi Solberg", "Sverre Thorsen", "Tone Ulstad", "Ulf Vik",
              "Vigdis Wold", "Øystein Aas")


def add_supporters(project, count: int, now: datetime) -> None:
    """Confirmed supporters (demo addresses), some of whom asked for updates."""
    for n, name in enumerate(NEIGHBOURS[:count]):
        email = f"nabo{n + 1}.{project.id}@demo.stedskaping.no"
        if db.session.scalar(sa.select(Supporter.id).where(
                Supporter.project_id == project.id, Supporter.email == email)):
            continue
        db.session.add(Supporter(
            project_id=project.id, name=name, email=email, wants_updates=n % 3 == 0,
            area="Nordbyen" if n % 2 else None, consent_text=str(consent_text()), locale="nb",
            confirmed_dt=now - timedelta(days=20 - n % 10)))
    db.session.flush()


def held_meeting(project, organiser, people, day) -> Meeting:
    """An open meeting that took place on ``day``, with attendance and minutes."""
    starts = datetime.combine(day, time(17), UTC)
    plan = meetings.MeetingPlan(
        title="Åpent møte på stedet", starts_dt=starts, ends_dt=starts + timedelta(hours=2),
        description="Vi går en runde på tomta og hører hva naboene ønsker seg.",
        place=project.place_name, capacity=40)
    meeting = meetings.plan_meeting(project, organiser, plan, now=starts - timedelta(days=14))
    for person in people:
        registrations.register(meeting, person, now=starts - timedelta(days=3))
    registrations.record_attendance(
        meeting, {r.id for r in meeting_rows(meeting)}, walk_ins=11, now=starts)
    meetings.publish_minutes(meeting, organiser, MINUTES, now=starts + timedelta(hours=3))
    return meeting


def meeting_rows(meeting):
    from stedskaping.participation.meetings.queries import registrations as rows

    return rows(meeting)


MINUTES = """**Til stede:** 14 naboer, to fra teamet og fasilitatoren fra kommunen.

- Ønsker: benker i le for vinden, et bed med spiselige planter, lys langs stien.
- Bekymringer: støy på kveldstid, og hvem som klipper gresset.
- Neste steg: teamet samler forslagene og lager to konsepter til avstemning.
"""


def activity_for_gates(project, users, today) -> None:
    """What the v2 gates read, so the demo can walk a project past them."""
    now = datetime.combine(today, time(9), UTC)
    add_supporters(project, 20, now)
    if not db.session.scalar(sa.select(Meeting.id).where(Meeting.project_id == project.id)):
        held_meeting(project, users["initiator"], users["team"], today - timedelta(days=10))
    seed_proposals_and_vote(project, users, today)
    _decide_every_proposal(project, users["initiator"])


def _decide_every_proposal(project, actor) -> None:
    """A project past participation has answered every proposal: the demo's one still
    being evaluated is taken into the concept."""
    from stedskaping.participation.proposals import operations as proposals
    from stedskaping.participation.proposals.models import Proposal, ProposalStatus

    for proposal in db.session.scalars(sa.select(Proposal).where(
            Proposal.project_id == project.id,
            Proposal.status == ProposalStatus.EVALUATING)).all():
        proposals.answer(project, proposal, actor, ProposalStatus.ACCEPTED,
                         "Tas med i konseptet.")


WORKSHOP = "Verksted: tegn stedet sammen"


def seed_participation(project, users, today) -> None:
    """The demo project in participation: supporters, a held meeting with minutes, and a
    coming workshop with a few seats (one taken, so the waitlist shows)."""
    now = datetime.combine(today, time(9), UTC)
    add_supporters(project, len(NEIGHBOURS), now)
    if not db.session.scalar(sa.select(Meeting.id).where(Meeting.project_id == project.id)):
        held_meeting(project, users["initiator"], [*users["team"], users["backer"]],
                     today - timedelta(days=12))
    if db.session.scalar(sa.select(Meeting.id).where(Meeting.project_id == project.id,
                                                     Meeting.title == WORKSHOP)):
        return
    starts = datetime.combine(today + timedelta(days=9), time(16), UTC)
    workshop = meetings.plan_meeting(project, users["initiator"], meetings.MeetingPlan(
        title=WORKSHOP, starts_dt=starts,
        ends_dt=starts + timedelta(hours=3), place="Biblioteket, møterom 2",
        online_link="https://meet.jit.si/stedskaping-demo", capacity=12,
        description="Vi tegner konseptene sammen. Ta med barna!"), now=now)
    registrations.register(workshop, users["backer"], now=now)
    seed_proposals_and_vote(project, users, today)


def seed_proposals_and_vote(project, users, today) -> None:
    """Proposals in several states and a closed vote for the demo project in
    participation, by five neighbours with confirmed accounts (no password: they are
    not demo logins) and answered by the initiator."""
    import secrets

    from stedskaping.accounts import passwords
    from stedskaping.accounts.models import User
    from stedskaping.participation.demo_part_b import seed_proposals_and_vote as seed

    neighbours = []
    for n, name in enumerate(NEIGHBOURS[:5]):
        email = f"stemme{n + 1}@demo.stedskaping.no"
        person = db.session.scalar(sa.select(User).where(User.email == email))
        if person is None:
            person = User(email=email, name=name, locale="nb",
                          password_hash=passwords.hash_password(secrets.token_urlsafe(32)),
                          email_confirmed_dt=datetime.combine(today, time(8), UTC))
            db.session.add(person)
        neighbours.append(person)
    db.session.flush()
    seed(project, users["initiator"], neighbours)
