"""Every page costs the same number of queries with small and with large data.

Each GET route of the URL map is rendered as the role that sees it, on the fuzz test's
rich data set (tests/fuzz/world.py: the demo, a campaign with card pledges, meetings,
a vote...), where the crawler (tests/fuzz/crawl.py) finds an address for it; then the
data grows by bulk inserts (20 -> 2,000 projects, 10,000 pledges on the campaign,
thousands of supporters, notifications, meetings and proposals, and "my projects" and
"my pledges" of hundreds) and each address is rendered again: its query count must not
change. A route the crawl does not reach needs an address in ``SAMPLES`` (or a reason in
``NOT_PAGES``): the test fails naming it, so that a new page is never left out.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import timedelta

import pytest
import sqlalchemy as sa

from stedskaping.db import commit, db, utcnow
from stedskaping.funding import operations as funding
from stedskaping.projects.models import Project
from tests.fixtures import bulk
from tests.fixtures.participation import add_closed_vote, add_held_meeting
from tests.fixtures.site import ROLES, signed_in_client
from tests.fuzz import crawl, world

# Routes that are no page to budget, with the reason.
NOT_PAGES = {
    "static": "files from the package, no query",
}
# Addresses for routes the crawl does not reach (links that only e-mails carry, files):
# endpoint -> (role, address from the data set's ``tokens``).
SAMPLES: dict[str, tuple[str, str]] = {
    "accounts.registered": ("anonymous", "/register/sent"),
    "accounts.confirm": ("anonymous", "/account/confirm/{confirm}"),
    "accounts.reset_password": ("anonymous", "/password/reset/{reset}"),
    "facilitator_invitations.facilitator_invitation": (
        "anonymous", "/account/facilitator-invitations/{invitation}"),
    "notifications.unsubscribe": ("anonymous", "/notifications/unsubscribe/{unsubscribe}"),
    "participation.confirm_support": ("anonymous", "/support/confirm/{support}"),
    "participation.leave_support": ("anonymous", "/support/leave/{leave}"),
    "participation.show_proposal": ("anonymous", "/projects/{early}/proposals/{proposal}"),
    "participation.proposal_photo": ("anonymous",
                                     "/projects/{early}/proposals/{proposal}/photo"),
    "participation.show_photo": ("anonymous",
                                 "/projects/{early}/meetings/{meeting}/photos/{photo}"),
    "participation.concept_sketch": ("anonymous",
                                     "/projects/{early}/vote/concepts/{concept}/sketch"),
    "projects.download_file": ("initiator", "{file}"),
    "realisation.permit_document": ("initiator", "{camp}/measures/{measure}/permits/{permit}/"
                                                 "document"),
    "realisation.edit_pledge_item": ("initiator", "{camp}/materials/pledges/{material}"),
    "realisation.edit_activity": ("initiator", "{camp}/camp/activities/{activity}/edit"),
    "realisation.new_shift": ("initiator", "{camp}/camp/activities/{activity}/shifts/new"),
    "realisation.edit_shift": ("initiator", "{camp}/camp/shifts/{shift}/edit"),
    "realisation.log_photo": ("anonymous", "{camp}/log/photos/{log_photo}"),
    "realisation.confirm_page": ("anonymous", "/handover/{keeper}"),
    "learning.answer_evaluation": ("initiator", "/projects/{done}/evaluation/{round}"),
    "learning.survey": ("anonymous", "/evaluation/survey/{survey}"),
    "learning.entry_photo": ("anonymous", "/catalogue/{entry}/photo"),
    "learning.keeper_evaluation": ("anonymous", "/evaluation/keeper/{keeper_round}"),
    "learning.story_photo": ("anonymous", "/projects/{done}/story-photo"),
    "learning.start_like": ("initiator", "/projects/{done}/start-like"),
    "learning.outcomes": ("admin", "/supervision/outcomes"),
    "learning.outcomes_csv": ("admin", "/supervision/outcomes.csv"),
    "learning.edit_area": ("facilitator", "/municipalities/demo/areas/{area}"),
    "learning.session_notes": ("facilitator", "/forums/{forum}/sessions/{forum_session}/notes"),
}

PROJECTS = 2000
PLEDGES = 10_000


@pytest.fixture
def data(stripe_app, stripe_ctx, db, monkeypatch):
    from localstripe import resources

    monkeypatch.setattr(resources, "random", random.SystemRandom())
    built = world.build(stripe_app)
    meetings = [add_held_meeting(project) for project in built.projects.values()]
    early = built.projects["early"]
    vote = add_closed_vote(early)
    built.tokens = _tokens(stripe_app, built, early, meetings[0], vote)
    built.tokens.update(_later_domains(stripe_app, built))
    commit()
    return built


def _tokens(app, data, early, meeting, vote) -> dict:
    """What the addresses of SAMPLES need: links' tokens, a proposal, photos, a file."""
    from stedskaping.accounts import tokens
    from stedskaping.accounts.models import CONFIRM_EMAIL, RESET_PASSWORD
    from stedskaping.municipalities.models import FacilitatorInvitation
    from stedskaping.notifications import notify
    from stedskaping.participation.meetings.models import MeetingPhoto
    from stedskaping.participation.proposals.models import Proposal
    from stedskaping.participation.supporters import operations as supporters
    from stedskaping.projects import files
    from stedskaping.projects.models import TaskProgress
    from tests.fixtures.images import jpeg
    from tests.fixtures.participation import add_supporters

    backer = data.users["backer"]
    secret, digest = tokens.new_secret()
    db.session.add(FacilitatorInvitation(
        municipality_id=early.municipality_id, email="ny.fasilitator@example.no",
        token_hash=digest, invited_by_id=data.users["admin"].id,
        expires_dt=utcnow() + timedelta(days=14)))
    supporter = add_supporters(early, 1)[0]
    photo = files.store(early.id, "jpg", files.prepare("jpg", jpeg()))
    proposal = Proposal(project_id=early.id, author_id=backer.id, title="Benker",
                        body="Flere benker ved elva.", photo=photo)
    db.session.add(proposal)
    db.session.flush()
    shot = MeetingPhoto(meeting_id=meeting.id, stored=photo, name="bilde.jpg",
                        file_type="jpg", size=10)
    db.session.add(shot)
    concept = vote.concepts[0]
    concept.sketch = photo
    db.session.flush()
    stored = next(value["stored"] for row in db.session.scalars(
        sa.select(TaskProgress).where(TaskProgress.project_id == early.id))
        for value in (row.answers or {}).values() if isinstance(value, dict))
    with app.test_request_context():
        kind = next(iter(notify.kinds()))
        return {
            "confirm": tokens.issue(CONFIRM_EMAIL, backer, backer.email, 3600),
            "reset": tokens.issue(RESET_PASSWORD, backer, backer.email, 3600),
            "invitation": secret,
            "unsubscribe": notify.unsubscribe_token(backer.id, kind),
            "support": supporters.token_for(supporter, "confirm"),
            "leave": supporters.token_for(supporter, "leave"),
            "early": early.id, "proposal": proposal.id, "meeting": meeting.id,
            "photo": shot.id, "concept": concept.id,
            "file": f"/projects/{early.id}/files/{stored}",
        }


def _later_domains(app, data) -> dict:
    """What the addresses of realisation's and learning's SAMPLES need, on the demo's
    project in its camp week and its completed, catalogued projects."""
    from stedskaping import demo
    from stedskaping.funding.models import Campaign, Pledge
    from stedskaping.learning.catalogue.models import CatalogueEntry
    from stedskaping.learning.evaluation import operations as evaluation
    from stedskaping.learning.evaluation.models import EvaluationRound
    from stedskaping.learning.places.models import PlaceArea
    from stedskaping.participation.meetings.models import Meeting
    from stedskaping.participation.supporters.queries import confirmed
    from stedskaping.projects import files
    from stedskaping.projects.models import TaskProgress
    from stedskaping.realisation.camp.models import CampActivity
    from stedskaping.realisation.handover import operations as handover
    from stedskaping.realisation.handover.models import Keeper
    from stedskaping.realisation.log.models import LogEntry, LogPhoto
    from stedskaping.realisation.permits.models import Permit
    from stedskaping.realisation.shifts.models import CampShift
    from tests.fixtures.images import jpeg

    def first(query):
        return db.session.scalars(query.limit(1)).first()

    camp = first(sa.select(Project).where(Project.title == demo.CAMP_WEEK_TITLE))
    permit = first(sa.select(Permit).where(Permit.project_id == camp.id).order_by(Permit.id))
    permit.document_stored = files.store(camp.id, "pdf", b"%PDF-1.4 tillatelse")
    permit.document_name, permit.document_type = "tillatelse.pdf", "pdf"
    activity = first(sa.select(CampActivity).where(CampActivity.project_id == camp.id)
                     .order_by(CampActivity.id))
    shift = first(sa.select(CampShift).where(CampShift.activity_id == activity.id)
                  .order_by(CampShift.id))
    material = first(sa.select(Pledge.id).join(Campaign).where(
        Campaign.project_id == camp.id, Pledge.kind == "material"))
    photo = first(sa.select(LogPhoto.id).join(LogEntry).where(LogEntry.project_id == camp.id))
    keeper = first(sa.select(Keeper).where(Keeper.project_id == camp.id,
                                           Keeper.confirmed_dt.is_(None)))
    entry = first(sa.select(CatalogueEntry).where(CatalogueEntry.status == "published")
                  .order_by(CatalogueEntry.id))
    entry.photo_stored = files.store(entry.project_id, "jpg", files.prepare("jpg", jpeg()))
    done = db.session.get(Project, entry.project_id)
    round_ = first(sa.select(EvaluationRound).where(EvaluationRound.project_id == done.id)
                   .order_by(EvaluationRound.position.desc()))
    story = first(sa.select(TaskProgress).where(TaskProgress.project_id == done.id,
                                                TaskProgress.task_key == "project_story"))
    story.answers = dict(story.answers or {}) | {"photo": {
        "stored": files.store(done.id, "jpg", files.prepare("jpg", jpeg())),
        "name": "result.jpg", "type": "jpg", "size": 1000}}
    done_keeper = first(sa.select(Keeper).where(Keeper.project_id == done.id,
                                                Keeper.confirmed_dt.is_not(None)))
    session = first(sa.select(Meeting).where(Meeting.forum_id.is_not(None))
                    .order_by(Meeting.starts_dt))
    db.session.flush()
    with app.test_request_context():
        return {
            "camp": f"/projects/{camp.id}", "measure": permit.measure_id, "permit": permit.id,
            "material": material, "activity": activity.id, "shift": shift.id,
            "log_photo": photo, "keeper": handover.resend(keeper, data.users["initiator"]),
            "done": done.id, "round": round_.id, "entry": entry.id,
            "survey": evaluation.survey_token(round_.id, confirmed(done)[0]),
            "keeper_round": evaluation.keeper_token(round_.id, done_keeper),
            "area": first(sa.select(PlaceArea.id).order_by(PlaceArea.id)),
            "forum": session.forum_id, "forum_session": session.id,
        }


def _count(app, client, url: str) -> tuple[int, int]:
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append(statement)

    client.get(url).close()  # warm up: the process's caches (workflows) fill once
    # The engine of the test's connection (the requests' sessions join it).
    engine = db.session.connection().engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        response = client.get(url)
        response.close()  # a download holds its file open until then
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    return response.status_code, len(statements)


def _samples(app, data, monkeypatch) -> dict[tuple[str, str], str]:
    """(role, endpoint) -> the first address of that endpoint the role reached."""
    # One page of each endpoint is enough here: the crawl then reaches more endpoints.
    monkeypatch.setattr(crawl, "MAX_PER_ENDPOINT", 1)
    monkeypatch.setattr(crawl, "MAX_VISITS_PER_ENDPOINT", 4)
    monkeypatch.setattr(crawl, "MAX_PAGES", 400)
    found: dict[tuple[str, str], str] = {}
    for role in ROLES:
        client = signed_in_client(app, data.users[role])
        seeds = [*data.extra_urls, "/", *crawl.outbox_links(),
                 *(url for _rule, url in crawl.rule_urls(app, {"GET"}))]
        commit()
        site = crawl.crawl(app, client, seeds)
        for url, status in site.pages.items():
            endpoint = crawl.endpoint_of(app, url)
            if status == 200 and endpoint and (role, endpoint) not in found:
                found[(role, endpoint)] = url
    for endpoint, (role, address) in SAMPLES.items():
        found.setdefault((role, endpoint), address.format(**data.tokens))
    return found


def _grow(data) -> None:
    """The large data set, by bulk inserts."""
    users = data.users
    demo_projects = list(db.session.scalars(sa.select(Project)))
    per_project = max(PROJECTS // len(demo_projects), 1)
    for project in demo_projects:
        bulk.copies(project, per_project, member_id=users["initiator"].id)
        bulk.copies(project, 2, member_id=users["team_member"].id)
    people = bulk.users(300)
    live = funding.campaign_of(data.projects["live"])
    bulk.pledges(live.id, [users["backer"].id, *people], PLEDGES)
    for role in ROLES:
        if users[role] is not None:
            bulk.notifications(users[role].id, 300)
    for project in demo_projects:
        bulk.rows("supporter", project.id, 1000)
        bulk.rows("meeting", project.id, 40)
        bulk.rows("proposal", project.id, 200)
    commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) >= PROJECTS


def test_no_page_costs_more_queries_with_more_data(stripe_app, data, monkeypatch):
    app = stripe_app
    samples = _samples(app, data, monkeypatch)
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    reached = {endpoint for _role, endpoint in samples}
    missing = sorted(endpoints - reached - set(NOT_PAGES))
    assert not missing, f"give these routes an address in SAMPLES: {missing}"

    clients = {role: signed_in_client(app, data.users[role]) for role in ROLES}
    commit()
    small = {key: _count(app, clients[key[0]], url) for key, url in samples.items()}
    _grow(data)
    large = {key: _count(app, clients[key[0]], url) for key, url in samples.items()}
    grown = defaultdict(list)
    for key, (status, count) in small.items():
        status_after, count_after = large[key]
        if (status, count) != (status_after, count_after):
            grown[key].append(f"{samples[key]}: {status}/{count} -> {status_after}/{count_after}")
    assert not grown, "\n".join(f"{role} {endpoint}: {', '.join(lines)}"
                                for (role, endpoint), lines in sorted(grown.items()))


def test_the_count_of_waiting_decisions_is_the_queue_read_the_long_way(stripe_app, data):
    """The dashboard counts the review queue in SQL; it must agree with every visible
    project's options as the engine gives them."""
    from stedskaping.supervision import queries

    _grow(data)
    for role in ("facilitator", "admin"):
        user = data.users[role]
        everything = list(db.session.scalars(
            sa.select(Project).where(Project.id.in_(queries.visible_projects(user)))))
        by_engine = queries._decisions_of(everything, user, "en")
        assert by_engine, "the data set has decisions waiting"
        assert queries.decisions_waiting(user) == len(by_engine) + len(
            queries.pending_camp_requests(user))
        assert [p.id for p, _d in queries.review_queue(user, "en")] == [
            p.id for p, _d in sorted(by_engine, key=lambda e: (e[0].state_changed_dt, e[0].id))]
