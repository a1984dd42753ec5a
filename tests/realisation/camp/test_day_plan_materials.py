"""The camp plan shows, under each activity, the materials of its measure that are not
here by the activity's day (the materials list and the camp plan together)."""

from stedskaping.realisation.materials import operations as materials
from stedskaping.realisation.materials.models import DeliveryStatus
from stedskaping.realisation.measures.models import Measure
from tests.realisation.camp.helpers import plan_activity, text


def test_each_activity_shows_what_is_missing_for_its_measure_by_its_day(cast, client, db):
    project, days = cast["project"], cast["days"]
    benches = Measure(project_id=project.id, title="Two benches")
    db.session.add(benches)
    db.session.flush()
    plan_activity(cast, 1, "Sawing", measure_id=benches.id)
    plan_activity(cast, 4, "Assembling", measure_id=benches.id)
    for title, status, day in (("Oak planks", DeliveryStatus.CONFIRMED, days[2]),
                               ("Screws", DeliveryStatus.MISSING, days[0]),
                               ("Varnish", DeliveryStatus.DELIVERED, days[0])):
        materials.add_item(project, materials.ItemPlan(
            title=title, status=status, measure_id=benches.id, delivery_on=day))
    page = text(client.get(f"/projects/{project.id}/camp"))
    sawing, assembling = page.split("Sawing", 1)[1].split("Assembling", 1)
    # Day 1: the screws are missing; the planks are not due until day 3.
    assert "Missing materials: Screws" in sawing and "Oak planks" not in sawing
    # Day 4: the planks were due on day 3 and have not come.
    assert "Missing materials: Screws, Oak planks" in assembling
    assert "Varnish" not in page
