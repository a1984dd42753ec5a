"""The materials list (pledges read, never changed; what is missing for each measure)
and the daily log (camp days only; photos normalised; shown on the public page)."""

import io
from datetime import timedelta

import sqlalchemy as sa
from PIL import Image

from stedskaping.extensions import db
from stedskaping.funding.models import MATERIAL, Campaign, CampaignStatus, Pledge, PledgeStatus
from stedskaping.projects import files
from stedskaping.realisation.log import operations as log
from stedskaping.realisation.log.models import LogEntry, LogPhoto
from stedskaping.realisation.materials import operations as materials
from stedskaping.realisation.materials.models import Delivery, DeliveryStatus
from stedskaping.realisation.materials.queries import missing_for_measures
from stedskaping.realisation.measures import operations as measures
from tests.conftest import TODAY
from tests.fixtures import images
from tests.fixtures.factories import make_cast
from tests.realisation.site.helpers import download, post, text


def _measure(cast, title="Sittetrapp"):
    return measures.add_measure(cast["project"], measures.MeasurePlan(title=title))


def _material_pledge(cast, status=PledgeStatus.ACCEPTED, description="Lerk fra sagbruket"):
    campaign = db.session.scalar(sa.select(Campaign).where(
        Campaign.project_id == cast["project"].id))
    if campaign is None:
        campaign = Campaign(project_id=cast["project"].id, status=CampaignStatus.SUCCEEDED,
                            minimum_amount=100_000, optimum_amount=200_000, story="Historien")
        db.session.add(campaign)
        db.session.flush()
    pledge = Pledge(campaign_id=campaign.id, backer_id=cast["other_user"].id, kind=MATERIAL,
                    status=status, amount=250_000, description=description)
    db.session.add(pledge)
    db.session.flush()
    return pledge


def test_the_list_holds_accepted_pledges_and_bought_items(login_as, cast, client):
    stairs = _measure(cast)
    pledge = _material_pledge(cast)
    _material_pledge(cast, PledgeStatus.OFFERED, "Ikke avgjort ennå")
    login_as(cast["member"])
    base = f"/projects/{cast['project'].id}/materials"
    page = text(client.get(base))
    assert "Lerk fra sagbruket" in page and "Ikke avgjort ennå" not in page
    assert "Promised" in page and "not set" in page
    url = f"{base}/pledges/{pledge.id}"
    response = post(client, url, {"title": "Lerk fra sagbruket", "measure_id": str(stairs.id),
                                  "delivery_on": "2026-11-30", "status": "delivered"},
                    page=url)
    assert response.status_code == 302, text(response)
    response = post(client, base, {"title": "Skruer", "quantity": "2 esker",
                                   "source": "bought", "measure_id": str(stairs.id),
                                   "delivery_on": "2026-12-01", "status": "confirmed"},
                    page=base)
    assert response.status_code == 302, text(response)
    page = text(client.get(base))
    assert "Delivered" in page and "Skruer" in page and "Confirmed" in page
    db.session.expire_all()
    # The pledge's own state and value are funding's: untouched.
    assert (pledge.status, pledge.amount) == (PledgeStatus.ACCEPTED, 250_000)


def test_missing_for_measures_lists_what_did_not_come_by_its_day(cast):
    stairs, beds = _measure(cast), _measure(cast, "Plantekasser")
    item = materials.ItemPlan
    project = cast["project"]
    materials.add_item(project, item(title="Planker", status=DeliveryStatus.DELIVERED,
                                     measure_id=stairs.id, delivery_on=TODAY))
    screws = materials.add_item(project, item(title="Skruer", status=DeliveryStatus.CONFIRMED,
                                              measure_id=stairs.id, delivery_on=TODAY))
    soil = materials.add_item(project, item(title="Jord", status=DeliveryStatus.MISSING,
                                            measure_id=beds.id,
                                            delivery_on=TODAY + timedelta(days=2)))
    materials.add_item(project, item(title="Frø", status=DeliveryStatus.PROMISED,
                                     measure_id=beds.id, delivery_on=TODAY + timedelta(days=1)))
    materials.add_item(project, item(title="Drill", status=DeliveryStatus.PROMISED,
                                     delivery_on=TODAY))  # for no measure
    missing = missing_for_measures(project.id, TODAY)
    assert {k: [d.title for d in v] for k, v in missing.items()} == {
        stairs.id: ["Skruer"], beds.id: ["Jord"]}
    assert [d.id for d in missing[stairs.id]] == [screws.id] and soil.id
    later = missing_for_measures(project.id, TODAY + timedelta(days=1))
    assert [d.title for d in later[beds.id]] == ["Frø", "Jord"]


def test_bad_items_are_refused(login_as, cast, client):
    other = make_cast()
    foreign = measures.add_measure(other["project"], measures.MeasurePlan(title="Fremmed"))
    login_as(cast["initiator"])
    base = f"/projects/{cast['project'].id}/materials"
    for fields, message in (
            ({"title": "   "}, "Say what the item is."),
            ({"delivery_on": "2026-12-05"},
             "The delivery day must be before the camp ends (4 December 2026)."),
            ({"measure_id": str(foreign.id)}, "Choose one of the project's measures."),
            ({"measure_id": "9" * 30}, "Choose one of the project's measures."),
            ({"status": "stolen"}, "Not a valid choice")):
        data = {"title": "Skruer", "source": "bought", "status": "promised", **fields}
        response = post(client, base, data, page=base)
        assert response.status_code == 400, fields
        assert message in text(response)
    assert db.session.scalar(sa.select(sa.func.count(Delivery.id))) == 0
    # Another project's pledge is no item of this list.
    pledge = _material_pledge(other)
    assert client.get(f"{base}/pledges/{pledge.id}").status_code == 404
    login_as(cast["other_user"])
    assert client.get(base).status_code == 403


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (3000, 1500), (200, 100, 50))
    exif = Image.Exif()
    exif[0x010F] = "Kamera AS"  # Make
    exif[0x8825] = {1: "N", 2: (59.0, 54.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_the_daily_log_with_a_photo_shows_on_the_public_page(login_as, cast, client, app):
    login_as(cast["member"])
    base = f"/projects/{cast['project'].id}/log"
    page = text(client.get(base))
    assert "Sunday, 29 November 2026" in page and "Tuesday, 1 December 2026" in page
    assert "Wednesday, 2 December 2026" not in page  # not ahead of today
    response = post(client, base, {"log-day_on": "2026-11-30",
                                   "log-note": "Trinnene er på plass."}, page=base,
                    prefix="log")
    assert response.status_code == 302, text(response)
    entry = db.session.scalar(sa.select(LogEntry))
    url = f"{base}/{entry.id}/photos"
    response = post(client, url, {"photo-caption": "Naboer bærer planker"}, page=base,
                    prefix="photo", files={"photo-photo": ("dag2.jpg", _jpeg_with_gps())})
    assert response.status_code == 302, text(response)
    photo = db.session.scalar(sa.select(LogPhoto))
    with files.open_file(cast["project"].id, photo.stored) as stream:
        stored = Image.open(io.BytesIO(stream.read()))
    assert max(stored.size) <= app.config["IMAGE_MAX_SIDE"]
    assert 0x8825 not in stored.getexif() and 0x010F not in stored.getexif()

    visitor = app.test_client()
    visitor.get("/?lang=en")
    public = text(visitor.get(f"/projects/{cast['project'].id}"))
    assert "The camp, day by day" in public and "Trinnene er på plass." in public
    assert "Naboer bærer planker" in public
    status, _data = download(visitor, f"{base}/photos/{photo.id}")
    assert status == 200


def test_the_log_takes_only_camp_days_and_real_photos(login_as, cast, client):
    project = cast["project"]
    for day in (TODAY - timedelta(days=3), TODAY + timedelta(days=1)):
        try:
            log.write_entry(project, cast["initiator"], day, "Notat", today=TODAY)
        except log.LogError as error:
            assert "Choose one of the camp's days, up to today." in str(error.message)
        else:
            raise AssertionError(day)
    login_as(cast["initiator"])
    base = f"/projects/{project.id}/log"
    for fields, message in (({"log-day_on": "2026-11-20"}, "Choose one of the camp's days"),
                            ({"log-note": "   "}, "Write a few lines about the day."),
                            ({"log-day_on": "banana"}, "Choose one of the camp's days")):
        data = {"log-day_on": "2026-11-29", "log-note": "Notat", **fields}
        response = post(client, base, data, page=base, prefix="log")
        assert response.status_code == 400, fields
        assert message in text(response)
    entry = log.write_entry(project, cast["initiator"], TODAY, "Dag tre", today=TODAY)
    response = post(client, f"{base}/{entry.id}/photos", {}, page=base, prefix="photo",
                    files={"photo-photo": ("bilde.png", b"not a picture at all")})
    assert response.status_code == 400
    assert "Choose a photo in JPEG or PNG format." in text(response)
    assert db.session.scalar(sa.select(sa.func.count(LogPhoto.id))) == 0
    assert images.png()  # the fixtures' pictures stay importable here


def test_a_project_without_its_camp_today_has_no_log_days(login_as, client, db):
    later = make_cast()  # its camp is next year
    login_as(later["initiator"])
    assert "The log opens on the camp's first day." in text(
        client.get(f"/projects/{later['project'].id}/log"))
