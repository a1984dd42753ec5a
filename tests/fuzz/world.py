"""A rich data set for the fuzz test: every role, and something on every page.

The demo seed gives the municipality, the accounts and projects in several stages
with a live campaign; on top of it come card pledges (saved, waiting for the card,
paid, waiting for the backer), a closed campaign, a pending camp-date request,
an invitation, a programme, comments, notes, an uploaded file, a reset link and a
notification, so that the crawler finds every kind of page and form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa

from stedskaping import demo
from stedskaping.accounts import operations as accounts
from stedskaping.accounts.models import User
from stedskaping.db import commit, db
from stedskaping.funding import operations as funding
from stedskaping.funding.close import close_campaign
from stedskaping.municipalities.models import Municipality
from stedskaping.notifications import notify
from stedskaping.projects import files, team
from stedskaping.projects import operations as projects
from stedskaping.projects.models import Project
from stedskaping.supervision import operations as supervision
from tests.fixtures.stripe import live_campaign
from tests.funding.helpers import AUTHENTICATE, card_pledge

ROLES = ("anonymous", "backer", "team_member", "initiator", "facilitator", "admin")


@dataclass
class World:
    users: dict[str, User | None]
    projects: dict[str, Project]
    extra_urls: list[str] = field(default_factory=list)


def _project(title: str) -> Project:
    return db.session.scalar(sa.select(Project).where(Project.title == title))


def _user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _file_pages(project: Project) -> list[str]:
    from stedskaping.projects.models import TaskProgress

    rows = db.session.scalars(sa.select(TaskProgress).where(
        TaskProgress.project_id == project.id))
    return [f"/projects/{project.id}/tasks/{row.stage_key}/{row.task_key}" for row in rows
            if any(isinstance(a, dict) for a in (row.answers or {}).values())]


def _upload(project: Project, initiator: User) -> None:
    """A real stored file in a deliverable, so the download link works."""
    from stedskaping.projects.process import workflow_for

    workflow = workflow_for(project).workflow
    for stage in workflow.stages:
        for task in stage.tasks:
            spec = next((f for f in task.fields if f.type == "file" and "pdf" in f.accept),
                        None)
            if spec is None:
                continue
            stored = files.store(project.id, "pdf", b"%PDF-1.4 fuzz\n")
            answer = {"stored": stored, "name": "plan.pdf", "type": "pdf", "size": 14}
            projects.save_task(project, stage.key, task.key, initiator, {spec.key: answer},
                               complete=False)
            return


def _funding(users: dict, live: Project) -> Project:
    """Card pledges on the demo campaign, and a second campaign closed with success."""
    campaign = funding.campaign_of(live)
    card_pledge(campaign, users["backer"], 25_000)
    funding.pledge(campaign, users["backer"], funding.NewPledge(kind="card", amount=30_000))
    funding.pledge(campaign, users["backer"], funding.NewPledge(kind="offline", amount=12_000))
    funding.post_update(campaign, users["initiator"], "Vi er i gang", "Takk til alle!")
    closed = live_campaign(minimum=50_000, optimum=100_000)
    card_pledge(closed["campaign"], users["backer"], 60_000)
    card_pledge(closed["campaign"], users["team_member"], 20_000, number=AUTHENTICATE)
    commit()
    close_campaign(closed["campaign"].id)
    return closed["project"]


def build(app) -> World:
    """Seed the demo, then add what the demo lacks. Runs in the test's transaction."""
    demo.seed(date.today())
    by_email = {role: email for role, email, _name in demo.ACCOUNTS}
    users = {role: _user(email) for role, email in by_email.items()}
    users["team_member"] = _user(demo.TEAM[0][0])
    users["anonymous"] = None
    titles = [spec[0] for spec in demo.PROJECTS]
    found = {title: _project(title) for title in titles}
    early, live = found[titles[0]], found[titles[2]]
    municipality = db.session.scalar(sa.select(Municipality).where(Municipality.slug == "demo"))

    projects.request_camp_date(early, users["initiator"], early.camp_on + timedelta(days=14),
                               "Skolen har ferie da.")
    stage = early.state
    task = next(t for t in _stage_tasks(early, stage))
    projects.comment_on_task(early, stage, task, users["team_member"], "Jeg tar denne.")
    supervision.add_note(early, users["facilitator"], "Gruppa virker sterk.")
    supervision.create_programme(municipality, "Piloter 2027", "stedskaping",
                                 date.today() + timedelta(days=30))
    _upload(early, users["initiator"])
    closed = _funding(users, live)
    camp = _camp(users, live)
    with app.test_request_context():
        token = team.invite(early, users["initiator"], "ny.nabo@example.no", "team_member", "nb")
        accounts.request_password_reset(users["backer"].email, "nb")
        notify.notify(users["facilitator"], "escalation", "fuzz-escalation", "overdue",
                      link=f"/supervision/projects/{early.id}", project=early.title,
                      task="Beskriv idéen", num=3)
    commit()
    # The pages with the rarest forms first, so that the crawl's bounds never miss them.
    extra = [f"/projects/{live.id}/campaign", f"/supervision/projects/{early.id}",
             f"/projects/{early.id}/tasks/{stage}/{task}", *_file_pages(early),
             f"/invitations/{token}", *_camp_pages(found[demo.CAMP_WEEK_TITLE]), *camp]
    return World(users=users, projects={"early": early, "live": live, "closed": closed},
                 extra_urls=extra)


def _camp_pages(project: Project) -> list[str]:
    """The realisation's pages of the demo project in its camp week."""
    from stedskaping.realisation.materials.models import Delivery
    from stedskaping.realisation.measures.models import Measure
    from stedskaping.realisation.permits.models import Permit

    base = f"/projects/{project.id}"
    measure = db.session.scalar(sa.select(Measure).where(Measure.project_id == project.id)
                                .order_by(Measure.id))
    permit = db.session.scalar(sa.select(Permit.id).where(Permit.measure_id == measure.id))
    item = db.session.scalar(sa.select(Delivery.id).where(Delivery.project_id == project.id,
                                                          Delivery.pledge_id.is_(None)))
    return [base, f"{base}/measures", f"{base}/measures/{measure.id}",
            f"{base}/measures/{measure.id}/permits/{permit}", f"{base}/materials",
            f"{base}/materials/{item}", f"{base}/log", f"{base}/handover",
            f"{base}/handover/{measure.id}", f"/supervision/projects/{project.id}"]


def _camp(users: dict, project: Project) -> list[str]:
    """The camp programme with shifts, sign-ups and a grant on the live project (its camp
    is still to come): the camp plan, a shift, its check-in and the ledger."""
    from stedskaping.realisation.camp.demo import seed_camp
    from stedskaping.realisation.shifts.models import CampShift

    seed_camp(project, {"lead": users["initiator"], "safety": users["team_member"],
                        "backer": users["backer"], "neighbours": []}, date.today())
    shift = db.session.scalar(sa.select(CampShift.id).where(CampShift.project_id == project.id)
                              .order_by(CampShift.id).limit(1))
    base = f"/projects/{project.id}"
    return [f"{base}/camp", f"{base}/camp/shifts/{shift}", f"{base}/camp/shifts/{shift}/check-in",
            f"{base}/ledger", f"{base}/camp/shifts/{shift}/cancel"]


def _stage_tasks(project: Project, stage_key: str):
    from stedskaping.projects.process import workflow_for

    stage = workflow_for(project).workflow.stage(stage_key)
    return [t.key for t in stage.tasks]
