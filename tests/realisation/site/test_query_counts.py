"""The realisation's pages read in a fixed number of queries, however many measures,
permits, items, keepers and log days there are."""

from datetime import timedelta

from stedskaping.realisation.handover import operations as handover
from stedskaping.realisation.log import operations as log
from stedskaping.realisation.materials import operations as materials
from stedskaping.realisation.materials.models import DeliveryStatus
from stedskaping.realisation.measures import operations as measures
from stedskaping.realisation.permits import operations as permits
from stedskaping.realisation.permits.models import PermitStatus
from tests.conftest import TODAY
from tests.fixtures import images
from tests.realisation.site.helpers import PDF

PAGES = ("/projects/{id}/measures", "/projects/{id}/materials", "/projects/{id}/handover",
         "/projects/{id}/log", "/projects/{id}", "/projects/{id}/home")


def _add(cast, n: int) -> None:
    project = cast["project"]
    for k in range(n):
        measure = measures.add_measure(project, measures.MeasurePlan(title=f"Tiltak {k}"))
        permits.add_permit(measure, cast["initiator"], permits.PermitPlan(
            grantor_kind="landowner", grantor_name=f"Eier {k}", status=PermitStatus.GRANTED,
            asked_on=TODAY - timedelta(days=9), decided_on=TODAY - timedelta(days=2)),
            document=("vedtak.pdf", PDF), today=TODAY)
        materials.add_item(project, materials.ItemPlan(
            title=f"Vare {k}", status=DeliveryStatus.CONFIRMED, measure_id=measure.id,
            delivery_on=TODAY))
        handover.invite_keeper(measure, cast["initiator"], handover.KeeperPlan(
            name=f"Vel {k}", email=f"vel{k}@example.no"), today=TODAY)
        keeper = handover.keeper_of(measure)
        handover.add_task(keeper, "Vanne", "weekly", TODAY + timedelta(days=2), TODAY)
    for day in log.camp_days(project, TODAY)[:n]:
        entry = log.write_entry(project, cast["initiator"], day, "Notat", today=TODAY)
        log.add_photo(entry, "bilde.png", images.png(), "Bilde")


def _counts(client, count_queries, project) -> dict:
    found = {}
    for page in PAGES:
        url = page.format(id=project.id)
        with count_queries() as queries:
            assert client.get(url).status_code == 200, url
        found[url] = len(queries)
    return found


def test_pages_do_not_grow_with_data(login_as, cast, client, count_queries):
    login_as(cast["initiator"])
    _add(cast, 1)
    few = _counts(client, count_queries, cast["project"])
    _add(cast, 3)
    many = _counts(client, count_queries, cast["project"])
    assert few == many


def test_the_review_does_not_grow_with_permits(login_as, cast, client, count_queries):
    login_as(cast["facilitator"])
    url = f"/supervision/projects/{cast['project'].id}"
    _add(cast, 1)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    _add(cast, 3)
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert len(few) == len(many)


def _to_planning(cast):
    from stedskaping.projects import process
    from tests.fixtures.factories import complete_required_tasks
    from tests.fixtures.participation import gather_for

    project = cast["project"]
    people = {"initiator": cast["initiator"], "facilitator": cast["facilitator"]}
    for trigger, who in (("submit_for_review", "initiator"), ("approve_idea", "facilitator"),
                         ("start_participation", "initiator"),
                         ("start_planning", "initiator")):
        complete_required_tasks(project, cast["initiator"])
        gather_for(project, trigger)
        process.advance(project, trigger, people[who])
    complete_required_tasks(project, cast["initiator"])
    gather_for(project, "approve_plan")


def test_the_review_queue_weighs_the_permit_gate_for_all_plans_at_once(login_as, client,
                                                                       count_queries, db):
    from tests.fixtures.factories import make_cast

    first = make_cast()
    _to_planning(first)
    login_as(first["facilitator"])
    with count_queries() as few:
        assert client.get("/supervision/reviews?lang=en").status_code == 200
    for _ in range(3):
        _to_planning(make_cast(municipality=first["municipality"]))
    with count_queries() as many:
        html = client.get("/supervision/reviews?lang=en").get_data(as_text=True)
    assert html.count("Approve the plan and open the campaign") >= 4
    assert len(few) == len(many)


def test_the_facts_for_many_projects_are_those_for_each(cast):
    from stedskaping.projects import process
    from stedskaping.realisation.handover.queries import handover_gaps, handover_gaps_many
    from stedskaping.realisation.permits.queries import permit_gaps, permit_gaps_many
    from tests.fixtures.factories import make_cast

    _add(cast, 2)
    other = make_cast()
    projects = [cast["project"], other["project"]]
    assert permit_gaps_many(projects) == {p.id: permit_gaps(p) for p in projects}
    assert handover_gaps_many(projects) == {p.id: handover_gaps(p) for p in projects}
    assert process.known_facts(projects)[other["project"].id] == {
        "permit_gaps": ["the plan has no measure to build yet"],
        "handover_gaps": ["no measure is built"]}
