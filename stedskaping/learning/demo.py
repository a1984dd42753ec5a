"""The learning domain's demo data: completed projects with their evaluation rounds
answered, and two of them published in the good-practice catalogue.

``seed(users, municipality, today)`` is called by the main demo (stedskaping/demo.py)
after its own projects. It walks its projects to ``completed`` through the workflow's
gates as their people would (``walk_to_completed``); the rounds, the answers and the
catalogue entries only need projects in that state; then one project is started like
the first published one (``lineage/demo.py``). Safe to run again.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.learning.catalogue import operations as catalogue
from stedskaping.learning.catalogue.hallmarks import HALLMARK_KEYS
from stedskaping.learning.catalogue.models import EntryStatus
from stedskaping.learning.evaluation import asking, operations, rounds
from stedskaping.learning.evaluation.models import EvaluationRound
from stedskaping.projects import process
from stedskaping.projects.models import Project, ProjectMember
from stedskaping.projects.operations import NewProject, create_project

# (title, place, weeks since start, theme, why, whether it is published)
COMPLETED = (
    ("Sittetrapp ved Elvebredden", "Elvebredden", 40, "meeting_place",
     "En sittetrapp i tre ved elva som hele gata bruker: skoleklasser, koret og naboene "
     "på kveldstid. Den ble bygget på seks dager av 40 frivillige.", True),
    ("Pallekarmer i Kirkebakken", "Kirkebakken borettslag", 44, "green",
     "Tolv pallekarmer der naboer som ikke kjente hverandre dyrker grønnsaker sammen; "
     "skolen bruker dem i naturfag.", True),
    ("Gapahuk på Løkka", "Løkkajordet", 36, "shelter",
     "En gapahuk for barnehagen og turgåere, bygget med lokalt tømmer.", False),
)
STORY = ("Før leiren var {place} et sted folk gikk forbi. Nå møtes naboene der hver uke, "
         "og barna har fått et sted å være etter skolen.")
ANSWERS = (
    operations.Evaluation(in_use="yes", used_by="Skoleklasser, koret og naboene",
                          condition="good", differently="Bestille materialene tidligere.",
                          story="En eldre nabo som bodde alene, går nå dit hver morgen og "
                                "har fått nye venner."),
    operations.Evaluation(in_use="yes", used_by="Barnehagen og turgåere", condition="worn",
                          differently="Planlegge vedlikeholdet sammen med kommunen.",
                          story="Ungdommene som var med på leiren, passer nå på stedet."),
)


def seed(users, municipality, today: date, complete_tasks) -> None:
    """Completed projects with their first round answered, a later round under way,
    and two published catalogue entries. ``complete_tasks(project, actor)`` is the main
    demo's: it marks the required tasks of the current stage done, with sample answers."""
    for spec in COMPLETED:
        project = db.session.scalar(sa.select(Project).where(
            Project.title == spec[0], Project.municipality_id == municipality.id))
        if project is None:
            project = _completed_project(spec, municipality, users, today, complete_tasks)
        if project.state == "completed":
            _catalogue(project, spec, users)
    from stedskaping.learning.lineage import demo as lineage_demo

    lineage_demo.seed(users, municipality, today)  # one project started like a proven one


def _completed_project(spec, municipality, users, today: date, complete_tasks) -> Project:
    title, place, weeks, *_rest = spec
    project = create_project(NewProject(
        title=title, municipality_id=municipality.id, workflow_key="stedskaping",
        description=STORY.format(place=place), place_name=place,
        start_on=today - timedelta(weeks=weeks)), users["initiator"])
    for member in users["team"]:
        project.members.append(ProjectMember(user_id=member.id, role="team_member"))
    db.session.flush()
    walk_to_completed(project, users, today, complete_tasks)
    _what_was_built(project, place)
    return project


def _what_was_built(project, place: str) -> None:
    """What the finished page shows: the story, the camp's volunteers checked in with
    their hours, and a grant in the ledger (written directly, as the camp is past)."""
    from stedskaping.projects.models import TaskProgress
    from stedskaping.realisation.camp.models import CampActivity
    from stedskaping.realisation.ledger.models import LedgerGrant
    from stedskaping.realisation.shifts.models import (
        CampShift,
        CampSignup,
        CampVolunteer,
        SignupStatus,
    )
    from stedskaping.realisation.shifts.signups import new_code

    story = db.session.scalar(sa.select(TaskProgress).where(
        TaskProgress.project_id == project.id, TaskProgress.task_key == "project_story"))
    if story is not None:
        story.answers = dict(story.answers or {}) | {"story": STORY.format(place=place)}
    activity = CampActivity(project_id=project.id, day_number=1, starts_at=time(9),
                            ends_at=time(16), title="Bygging")
    db.session.add(activity)
    db.session.flush()
    shift = CampShift(project_id=project.id, activity_id=activity.id, title="Snekkerlaget",
                      starts_at=time(9), ends_at=time(16), capacity=12)
    db.session.add(shift)
    db.session.flush()
    checked_in = datetime.combine(project.camp_on, time(9), UTC)
    for name in ("Aina", "Bjørn", "Camilla", "Dag", "Elin", "Fredrik"):
        volunteer = CampVolunteer(project_id=project.id, name=name, code=new_code())
        db.session.add(volunteer)
        db.session.flush()
        db.session.add(CampSignup(shift_id=shift.id, volunteer_id=volunteer.id,
                                  status=SignupStatus.SEATED, queued_dt=checked_in,
                                  checked_in_dt=checked_in, worked_minutes=360))
    db.session.add(LedgerGrant(project_id=project.id, name="Nærmiljøtilskudd fra kommunen",
                               amount=2_500_000))
    db.session.flush()


def walk_to_completed(project, users, today: date, complete_tasks) -> None:
    """Every gate as the people pass it: the participation the gates read, a campaign
    that reaches its minimum and is closed by the real close, the camp, and the first
    evaluation round answered by the team and the facilitator."""
    from stedskaping.participation import demo as participation_demo
    from stedskaping.realisation import demo as realisation_demo

    for trigger in ("submit_for_review", "approve_idea", "start_participation",
                    "start_planning", "approve_plan"):
        complete_tasks(project, users["initiator"])
        if trigger in ("start_participation", "start_planning"):
            participation_demo.activity_for_gates(project, users, today)
        if trigger == "approve_plan":  # v3: every measure to build has its permits
            realisation_demo.clear_for_plan(project, users["initiator"], today)
        process.advance(project, trigger, _actor(project, trigger, users))
    _funded_campaign(project, users)
    complete_tasks(project, users["initiator"])
    realisation_demo.hand_over(project)  # v3: each built measure has a confirmed keeper
    process.advance(project, "finish_camp", users["initiator"])
    answer_first_round(project, users, today)
    complete_tasks(project, users["initiator"])
    process.advance(project, "complete", users["facilitator"])
    _answer_later_rounds(project, users, today)


def _actor(project, trigger, users):
    spec = process.workflow_for(project).workflow.transitions_from(project.state)
    roles = next(t.roles for t in spec if t.trigger == trigger)
    return users["initiator"] if "initiator" in roles else users["facilitator"]


def _funded_campaign(project, users) -> None:
    """A campaign of the past that closed with its minimum reached, written as the
    record the close leaves (the operations keep a campaign's window ahead of the
    present); the gate ``minimum_reached`` reads it, and the scheduler fires the step."""
    from stedskaping.funding.models import Campaign, CampaignStatus

    window = project.window(process.workflow_for(project).workflow.role("crowdfunding"))
    closed = datetime.combine(window.ends_on, time(12), UTC)
    db.session.add(Campaign(
        project_id=project.id, status=CampaignStatus.SUCCEEDED, minimum_amount=4_500_000,
        optimum_amount=6_000_000, opens_on=window.starts_on, closes_on=window.ends_on,
        story="Vi bygger sammen på en dugnadsleir.",
        cost_plan=[{"item": "Materialer", "amount": 4_500_000}],
        opened_dt=closed - timedelta(days=30), is_minimum_reached=True,
        counted_amount=4_800_000, closed_dt=closed))
    db.session.flush()
    process.advance(project, "campaign_succeeded", process.SYSTEM)


def answer_first_round(project, users, today: date) -> None:
    workflow = process.workflow_for(project).workflow
    first = rounds.specs(workflow)[0]
    round_ = db.session.scalar(sa.select(EvaluationRound).where(
        EvaluationRound.project_id == project.id, EvaluationRound.position == 0)) \
        or asking.open_round(project, 0, first, today)
    for user, answer in zip((users["initiator"], users["facilitator"]), ANSWERS, strict=True):
        operations.evaluate(project, round_, user, answer, today)
    _surveys(project, round_, today)


def _surveys(project, round_, today: date) -> None:
    """Some of the supporters answered the two questions."""
    from stedskaping.participation.supporters.queries import confirmed

    comments = ("Vi spiser lunsj der hver fredag.", "", "Endelig et sted å sitte i skyggen.")
    for n, supporter in enumerate(confirmed(project)[:9]):
        operations.answer_survey(round_, supporter, operations.Survey(
            uses=n % 4 != 3, score=3 + n % 3, comment=comments[n % 3]), today)


def _answer_later_rounds(project, users, today: date) -> None:
    """The rounds already due (three months after the camp, for the older projects)."""
    from stedskaping.learning.evaluation.jobs import open_due

    open_due(project, today)
    for round_ in db.session.scalars(sa.select(EvaluationRound).where(
            EvaluationRound.project_id == project.id, EvaluationRound.position > 0)):
        operations.evaluate(project, round_, users["initiator"], ANSWERS[1], today)


def _catalogue(project, spec, users) -> None:
    title, place, _weeks, theme, why, published = spec
    entry = catalogue.entry_of(project) or catalogue.nominate(
        project, users["initiator"], catalogue.Nomination(
            theme=theme, why=why, story=STORY.format(place=place)))
    if not published or entry.status != EntryStatus.NOMINATED:
        return
    catalogue.assess(project, entry, users["facilitator"], catalogue.Assessment(
        hallmarks={key: (True, JUSTIFICATIONS[key]) for key in HALLMARK_KEYS},
        dimensions=("social", "ecological", "cultural")))
    catalogue.publish(project, entry, users["facilitator"])


JUSTIFICATIONS = {
    "dimensions": "Sosialt (nye møter), økologisk (gjenbrukt tre) og kulturelt (koret).",
    "demand": "To andre borettslag har spurt om tegningene.",
    "verifiable": "Evalueringene etter 0 og 3 måneder, tellinger og bilder.",
    "stakeholders": "Naboer, skolen, kommunen og grunneieren var med fra idé til evaluering.",
    "documented": "Dagsplan, materialliste og budsjett er lagt ut for andre.",
}
