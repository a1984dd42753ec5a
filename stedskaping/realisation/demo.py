"""The realisation domain's demo data: what the v3 gates read, and the camp week of the
demo project (measures, permits, deliveries, two days of log with a photo, a keeper).

``clear_for_plan`` and ``hand_over`` are also what tests use to walk a project past
``approve_plan`` (``permits_granted``) and ``finish_camp`` (``handover_confirmed``).
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from stedskaping.db import db, utcnow
from stedskaping.funding.models import MATERIAL, Campaign, Pledge, PledgeStatus
from stedskaping.realisation.handover import operations as handover
from stedskaping.realisation.handover.models import Keeper
from stedskaping.realisation.log import operations as log
from stedskaping.realisation.materials import operations as materials
from stedskaping.realisation.materials.models import Delivery, DeliveryStatus
from stedskaping.realisation.measures import operations as measures
from stedskaping.realisation.measures.models import Measure
from stedskaping.realisation.measures.queries import camp_window, measures_of
from stedskaping.realisation.permits import operations as permits
from stedskaping.realisation.permits.models import Permit, PermitStatus


def clear_for_plan(project, actor, today: date | None = None) -> None:
    """A measure with a granted permit, unless every measure to build has its permits."""
    from stedskaping.realisation.permits.queries import permit_gaps

    if not permit_gaps(project):
        return
    today = today or utcnow().date()
    measure = measures.add_measure(project, measures.MeasurePlan(
        title="Benk ved elva", description="To benker i eik der stien svinger."))
    permits.add_permit(measure, actor, permits.PermitPlan(
        grantor_kind="landowner", grantor_name="Grunneieren", status=PermitStatus.GRANTED,
        asked_on=today - timedelta(days=20), decided_on=today - timedelta(days=10)),
        today=today)
    for other in measures_of(project.id):
        if other.will_build and other.id != measure.id and not _granted(other):
            other.is_permit_free = True
    db.session.flush()


def _granted(measure) -> bool:
    return bool(db.session.scalar(sa.select(Permit.id).where(
        Permit.measure_id == measure.id, Permit.status.in_(
            (PermitStatus.GRANTED, PermitStatus.CONDITIONAL)))))


def hand_over(project, keeper_name: str = "Velforeningen",
              email: str = "vel@demo.stedskaping.no") -> None:
    """A confirmed keeper for every built measure that lacks one (written directly: the
    keeper's own click is what the tests of the handover walk)."""
    for measure in measures_of(project.id):
        if not measure.will_build:
            continue
        keeper = db.session.scalar(sa.select(Keeper).where(Keeper.measure_id == measure.id))
        if keeper is None:
            keeper = Keeper(project_id=project.id, measure_id=measure.id, name=keeper_name,
                            email=email, is_organisation=True, invited_dt=utcnow(),
                            token_hash=f"demo-{project.id}-{measure.id}")
            db.session.add(keeper)
        keeper.confirmed_dt = keeper.confirmed_dt or utcnow()
    db.session.flush()


# --- the demo project in its camp week ----------------------------------------------------

MEASURES = (
    ("Sittetrapp i tre", "Fem trinn i lerk mot sola, bygget inn i skråningen."),
    ("Plantekasser med urter", "Seks kasser i varmebehandlet furu ved gjerdet."),
    ("Lysslynge over tunet", "Midlertidig belysning gjennom vinteren."),
)


def seed_measures(project, users, today: date) -> list[Measure]:
    """The demo project's measures and their permits (one granted with conditions, one
    temporary with an expiry), before its plan is approved. Runs once per project."""
    found = measures_of(project.id)
    if found:
        return found
    made = [measures.add_measure(project, measures.MeasurePlan(title=t, description=d))
            for t, d in MEASURES]
    _permits(*made, users["initiator"], today)
    return made


def seed_realisation(project, users, today: date) -> None:
    """The camp week of the demo project: deliveries in several states, two days of log
    with a photo, and a keeper invited for one measure. Runs once per project."""
    stairs, beds, _lights = seed_measures(project, users, today)[:3]
    if db.session.scalar(sa.select(Delivery.id).where(Delivery.project_id == project.id)):
        return
    initiator = users["initiator"]
    _deliveries(project, stairs, beds, today)
    _log(project, initiator, today)
    handover.invite_keeper(stairs, initiator, handover.KeeperPlan(
        name="Fjellgata velforening", email="vel@demo.stedskaping.no", is_organisation=True,
        locale="nb"), today=today)
    keeper = handover.keeper_of(stairs)
    handover.add_task(keeper, "Olje trinnene", "spring", date(today.year + 1, 4, 15), today)
    handover.add_task(keeper, "Feie og se over skruene", "monthly",
                      today + timedelta(days=30), today)
    db.session.flush()


def _permits(stairs, beds, lights, actor, today: date) -> None:
    plan = permits.PermitPlan
    window = camp_window_of(stairs)
    permits.add_permit(stairs, actor, plan(
        grantor_kind="municipality", grantor_name="Bymiljøetaten, parkforvaltning",
        status=PermitStatus.CONDITIONAL, asked_on=today - timedelta(days=60),
        decided_on=today - timedelta(days=30),
        conditions="Trappa skal ikke stenge gangveien; treverket skal være ubehandlet."),
        today=today)
    permits.add_permit(stairs, actor, plan(
        grantor_kind="landowner", grantor_name="Fjellgata borettslag",
        status=PermitStatus.GRANTED, asked_on=today - timedelta(days=70),
        decided_on=today - timedelta(days=50)), today=today)
    permits.add_permit(beds, actor, plan(
        grantor_kind="landowner", grantor_name="Fjellgata borettslag",
        status=PermitStatus.GRANTED, asked_on=today - timedelta(days=70),
        decided_on=today - timedelta(days=50)), today=today)
    last_day = window[1] if window else today + timedelta(days=5)
    permits.add_permit(lights, actor, plan(
        grantor_kind="municipality", grantor_name="Bymiljøetaten, drift",
        status=PermitStatus.GRANTED, asked_on=today - timedelta(days=40),
        decided_on=today - timedelta(days=20), expires_on=last_day + timedelta(days=120)),
        today=today)


def camp_window_of(measure):
    from stedskaping.projects.models import Project

    return camp_window(db.session.get(Project, measure.project_id))


def _deliveries(project, stairs, beds, today: date) -> None:
    window = camp_window(project)
    first = window[0] if window else today
    item = materials.ItemPlan
    materials.add_item(project, item(title="Lerkeplanker 28 x 120", quantity="40 stk, 4 m",
                                     status=DeliveryStatus.DELIVERED, measure_id=stairs.id,
                                     delivery_on=first - timedelta(days=1)))
    materials.add_item(project, item(title="Plantejord", quantity="3 m³",
                                     status=DeliveryStatus.CONFIRMED, measure_id=beds.id,
                                     delivery_on=today + timedelta(days=1)))
    materials.add_item(project, item(title="Skruer, rustfrie", quantity="2 esker",
                                     status=DeliveryStatus.MISSING, measure_id=stairs.id,
                                     delivery_on=today))
    materials.add_item(project, item(title="Slagdrill", source="borrowed",
                                     status=DeliveryStatus.PROMISED, delivery_on=first))
    pledge = db.session.scalar(sa.select(Pledge).join(Campaign).where(
        Campaign.project_id == project.id, Pledge.kind == MATERIAL,
        Pledge.status == PledgeStatus.ACCEPTED))
    if pledge is not None and not db.session.scalar(
            sa.select(Delivery.id).where(Delivery.pledge_id == pledge.id)):
        materials.plan_pledge(project, pledge, item(
            title=pledge.description, status=DeliveryStatus.CONFIRMED, measure_id=stairs.id,
            delivery_on=first))


def _log(project, actor, today: date) -> None:
    days = log.camp_days(project, today)
    notes = ("Første dag: tjue naboer møtte opp, og fundamentene til sittetrappa er gravd. "
             "Barna plantet de første urtene.",
             "Andre dag: trinnene er på plass. Skruene kom ikke, så vi lånte fra "
             "jernvarehandelen.")
    entries = [log.write_entry(project, actor, day, note, today)
               for day, note in zip(days[:2], notes, strict=False)]
    if entries:
        log.add_photo(entries[0], "dugnad.png", _picture(), "Sittetrappa tar form")


def _picture() -> bytes:
    """A drawn picture of the site (sky, grass, the steps), so the demo needs no file."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 400), (170, 205, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 250, 640, 400), fill=(90, 150, 70))
    for step in range(5):
        top = 330 - step * 22
        draw.rectangle((180 + step * 18, top, 460 - step * 18, top + 20), fill=(176, 122, 74))
    draw.ellipse((520, 40, 590, 110), fill=(250, 215, 90))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
