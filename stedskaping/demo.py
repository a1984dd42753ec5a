"""Demo data, so that a newcomer sees a living platform at once.

`flask seed demo` runs this; it can run again without making duplicates.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from stedskaping.accounts import passwords
from stedskaping.accounts.models import User
from stedskaping.db import db, utcnow
from stedskaping.learning import demo as learning_demo
from stedskaping.learning.places.demo import seed_places
from stedskaping.municipalities.models import FacilitatorMembership, Municipality
from stedskaping.participation import demo as participation_demo
from stedskaping.projects import process
from stedskaping.projects.models import Project, ProjectMember
from stedskaping.projects.operations import NewProject, create_project, save_task
from stedskaping.realisation import demo as realisation_demo
from stedskaping.realisation.camp import demo as camp_demo

PASSWORD = "demo-password-2026"  # noqa: S105  (published on purpose: demo accounts only)

ACCOUNTS = (
    ("admin", "admin@demo.stedskaping.no", "Ada Admin"),
    ("facilitator", "facilitator@demo.stedskaping.no", "Frida Fasilitator"),
    ("initiator", "initiator@demo.stedskaping.no", "Ivar Initiativtaker"),
    ("backer", "backer@demo.stedskaping.no", "Berit Bidragsyter"),
)
TEAM = (("team1@demo.stedskaping.no", "Tora Teammedlem"), ("team2@demo.stedskaping.no",
                                                          "Sindre Snekker"))

CAMP_WEEK_TITLE = "Tunet i Fjellgata"

# (title, place, workflow, weeks since start, triggers to fire, description)
PROJECTS = (
    ("Møteplass i Elveparken", "Elveparken", "stedskaping", 5,
     ["submit_for_review", "approve_idea"],
     "Benker, bed og en liten scene der elva svinger, så naboene har et sted å møtes."),
    ("Lekeplass på Solsiden", "Solsiden borettslag", "stedskaping", 2,
     ["submit_for_review"],
     "Borettslagets gamle lekeplass fornyes sammen med barna som bruker den."),
    ("Nærmiljøpark i Fjellgata", "Fjellgata 12", "stedskaping", 23,
     ["submit_for_review", "approve_idea", "start_participation", "start_planning",
      "approve_plan"],
     "En tom tomt blir park med frukttrær, grillplass og sittetrapp."),
    ("Benk og bed ved biblioteket", "Biblioteket", "smaaprosjekt", 4,
     ["submit_for_review", "approve_idea"],
     "To benker og et blomsterbed ved inngangen til biblioteket."),
    ("Sykkelverksted i bakgården", "Kvartal 7", "smaaprosjekt", 2, ["submit_for_review"],
     "Et lite verksted under tak der naboene kan reparere syklene sine sammen."),
    ("Scene i skolegården", "Nygård skole", "stedskaping", 0, [],
     "Foreldre og elever vil bygge en utescene til skoleavslutninger og konserter."),
    ("Tunet i Nordbyen", "Nordbytunet", "stedskaping", 10,
     ["submit_for_review", "approve_idea", "start_participation"],
     "Et gammelt gårdstun blir møteplass med langbord, urtehage og en gapahuk."),
    # In its camp week today: the stages before it fill 26 weeks, so a start 26 weeks and
    # two days ago puts today on the camp's third day.
    (CAMP_WEEK_TITLE, "Fjellgata 3", "stedskaping", 26 + 2 / 7,
     ["submit_for_review", "approve_idea", "start_participation", "start_planning",
      "approve_plan"],
     "Naboene bygger en sittetrapp, plantekasser og lys på tunet mellom blokkene."),
)


def sample_answer(field):
    """A plausible answer for a deliverable field (also used by the tests)."""
    if field.type in ("integer", "money"):
        low = field.min or 0
        return low * 100 + 100 if field.type == "money" else low + 1
    if field.type == "choice":
        return field.choices[0][0]
    return {
        "text": "Et svar", "long_text": "Et lengre svar om prosjektet.", "date": "2027-03-01",
        "checkbox": True, "link": "https://example.no/kart",
        "file": {"stored": "demo", "name": "dokument.pdf", "type": (field.accept or ["pdf"])[0],
                 "size": 1000},
    }[field.type]


def complete_required_tasks(project, actor) -> None:
    """Mark the required tasks of the project's current stage done."""
    stage = process.workflow_for(project).workflow.stage(project.state)
    for task in stage.tasks if stage else ():
        if task.required:
            answers = {f.key: sample_answer(f) for f in task.fields if f.required}
            save_task(project, stage.key, task.key, actor, answers, complete=True)


def _user(email: str, name: str) -> User:
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is None:
        # The demo password is known to all, so it skips the policy on purpose.
        user = User(email=email, name=name, locale="nb",
                    password_hash=passwords.hash_password(PASSWORD))
        db.session.add(user)
    if user.email_confirmed_dt is None:  # demo addresses count as confirmed
        user.email_confirmed_dt = utcnow()
    return user


def _municipality() -> Municipality:
    municipality = db.session.scalar(sa.select(Municipality).where(Municipality.slug == "demo"))
    if municipality is None:
        # A made-up account number with a valid check digit, so that backers who promise
        # money see how to pay (account and KID).
        municipality = Municipality(name="Demo kommune", slug="demo", bank_account="86011117947")
        db.session.add(municipality)
    return municipality


def _project(spec, municipality, users, today: date) -> None:
    title, place, workflow, weeks, triggers, description = spec
    if db.session.scalar(sa.select(Project.id).where(Project.title == title,
                                                     Project.municipality_id == municipality.id)):
        return
    project = create_project(NewProject(
        title=title, municipality_id=municipality.id, workflow_key=workflow,
        description=description, place_name=place,
        start_on=today - timedelta(weeks=weeks)), users["initiator"])
    for member in users["team"]:
        project.members.append(ProjectMember(user_id=member.id, role="team_member"))
    db.session.flush()
    for trigger in triggers:
        spec = process.workflow_for(project).workflow.transitions_from(project.state)
        roles = next(t.roles for t in spec if t.trigger == trigger)
        actor = users["initiator"] if "initiator" in roles else users["facilitator"]
        complete_required_tasks(project, users["initiator"])
        if trigger in ("start_participation", "start_planning"):
            participation_demo.activity_for_gates(project, users, today)
        if trigger == "approve_plan" and title == CAMP_WEEK_TITLE:
            realisation_demo.seed_measures(project, users, today)
        elif trigger == "approve_plan":  # v3: every measure to build has its permits
            realisation_demo.clear_for_plan(project, users["initiator"], today)
        process.advance(project, trigger, actor)
    if title == CAMP_WEEK_TITLE:
        _closed_campaign(project, users, today)
        realisation_demo.seed_realisation(project, users, today)
        camp_demo.seed_camp(project, {"lead": users["initiator"], "safety": users["team"][0],
                                      "backer": users["backer"], "neighbours": users["team"][1:]},
                            today)
        return
    if project.state == "mobilisation":  # on the way: "12 of 20 supporters"
        participation_demo.add_supporters(project, 12, utcnow())
    if project.state == "participation":
        participation_demo.seed_participation(project, users, today)
    if project.state == process.workflow_for(project).workflow.role("crowdfunding"):
        _campaign(project, municipality, users)


def _campaign(project, municipality, users) -> None:
    """A live campaign with a match fund and a few pledges of each kind."""
    from stedskaping.funding import match_funds
    from stedskaping.funding import operations as funding

    fund = match_funds.create_match_fund(municipality, "Demo kommunes nærmiljøfond", 100,
                                     cap_per_project=2_000_000, cap_per_pledge=200_000)
    funding.save_campaign(project, users["initiator"], funding.CampaignPlan(
        minimum_amount=6_000_000, optimum_amount=9_000_000,
        story="Fjellgata har en tom tomt mellom husene. Vi vil gjøre den til en park med "
              "frukttrær, en grillplass og en sittetrapp der naboene kan møtes.",
        cost_plan=[{"item": "Frukttrær og jord", "amount": 1_800_000},
                   {"item": "Tre til sittetrapp", "amount": 3_200_000},
                   {"item": "Grillplass i stein", "amount": 1_000_000}],
        rewards=[("Navnet ditt på takketavla", 50_000, None), ("Et eple fra treet", 100_000, 30)],
        match_fund_id=fund.id))
    campaign = funding.open_campaign(project, users["initiator"])
    for member, amount in zip(users["team"], (150_000, 80_000), strict=True):
        funding.pledge(campaign, member, funding.NewPledge(kind="offline", amount=amount))
    funding.pledge(campaign, users["backer"], funding.NewPledge(kind="hours", hours=16))
    funding.pledge(campaign, users["backer"], funding.NewPledge(
        kind="material", amount=400_000, description="Trevirke til sittetrappa"))


def _closed_campaign(project, users, today: date) -> None:
    """A campaign that reached its minimum and closed, which took the project into its
    camp. Its window has passed, so it is set live by hand before the pledges; the close
    is the real one (it commits, as the job does)."""
    from stedskaping.funding import operations as funding
    from stedskaping.funding.close import close_campaign
    from stedskaping.funding.models import CampaignStatus, move

    campaign = funding.save_campaign(project, users["initiator"], funding.CampaignPlan(
        minimum_amount=500_000, optimum_amount=800_000,
        story="Tunet mellom blokkene i Fjellgata er grått og tomt. Med en sittetrapp, "
              "plantekasser og lys blir det et sted å møtes.",
        cost_plan=[{"item": "Lerk til sittetrappa", "amount": 350_000},
                   {"item": "Plantekasser og jord", "amount": 150_000}], rewards=[]))
    move(campaign, CampaignStatus.LIVE)
    campaign.opened_dt, campaign.opens_on = utcnow(), today - timedelta(weeks=4)
    campaign.closes_on = today
    db.session.flush()
    for member, amount in zip(users["team"], (300_000, 250_000), strict=True):
        funding.pledge(campaign, member, funding.NewPledge(kind="offline", amount=amount))
    material = funding.pledge(campaign, users["backer"], funding.NewPledge(
        kind="material", amount=120_000, description="Skruer og beslag fra jernvarehandelen"))
    funding.accept_material(material, True)
    # Hours pledged become shift sign-ups in the camp week (realisation.camp.demo).
    funding.pledge(campaign, users["backer"], funding.NewPledge(kind="hours", hours=8))
    db.session.flush()
    close_campaign(campaign.id)


def seed(today: date | None = None) -> list[tuple[str, str]]:
    """Create (or find) the demo municipality, accounts and projects.

    Returns the (role, e-mail) pairs of the accounts to log in with.
    """
    users = {role: _user(email, name) for role, email, name in ACCOUNTS}
    users["admin"].is_admin = True
    users["team"] = [_user(email, name) for email, name in TEAM]
    municipality = _municipality()
    db.session.flush()
    if municipality.id not in users["facilitator"].facilitated_municipality_ids():
        db.session.add(FacilitatorMembership(municipality=municipality, user=users["facilitator"]))
    db.session.flush()
    db.session.refresh(users["facilitator"])
    for spec in PROJECTS:
        _project(spec, municipality, users, today or date.today())
    learning_demo.seed(users, municipality, today or date.today(), complete_required_tasks)
    seed_places(municipality, users, today or date.today())
    return [(role, email) for role, email, _name in ACCOUNTS]
