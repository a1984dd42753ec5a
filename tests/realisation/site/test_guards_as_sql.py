"""The guards ``permits_granted`` and ``handover_confirmed`` as SQL (the review queue asks
them of many projects in one query) agree with the facts the engine reads, project by
project: each project's permits are held against its own camp's last day."""

from datetime import timedelta

import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.projects.models import Project
from stedskaping.realisation.demo import hand_over
from stedskaping.realisation.handover.queries import handover_confirmed_sql, handover_gaps
from stedskaping.realisation.measures import operations as measures
from stedskaping.realisation.permits import operations as permits
from stedskaping.realisation.permits.models import PermitStatus
from stedskaping.realisation.permits.queries import permit_gaps, permits_granted_sql
from tests.conftest import TODAY
from tests.fixtures.factories import make_cast


def _with_permit(cast, expires_on=None, status=PermitStatus.GRANTED):
    measure = measures.add_measure(cast["project"], measures.MeasurePlan(
        title="Bench", description=""))
    permits.add_permit(measure, cast["initiator"], permits.PermitPlan(
        grantor_kind="landowner", grantor_name="The landowner", status=status,
        asked_on=TODAY - timedelta(days=9), decided_on=TODAY - timedelta(days=2),
        expires_on=expires_on), today=TODAY)
    return cast["project"]


def _sql_says(guard) -> dict[int, bool]:
    rows = db.session.execute(sa.select(Project.id, sa.case((guard(Project), True),
                                                            else_=False)))
    return dict(rows.all())


def test_each_project_is_held_against_its_own_camp(cast, db):
    # The cast's camp ends 4 December; the other project's camp is a month later.
    early = _with_permit(cast, expires_on=TODAY + timedelta(days=10))
    late = _with_permit(make_cast(camp_on=TODAY + timedelta(days=30)),
                        expires_on=TODAY + timedelta(days=10))
    asked = _with_permit(make_cast(), status=PermitStatus.ASKED)
    bare = make_cast()["project"]
    db.session.flush()
    facts = {p.id: not permit_gaps(p) for p in (early, late, asked, bare)}
    assert facts == {early.id: True, late.id: False, asked.id: False, bare.id: False}
    sql = _sql_says(permits_granted_sql)
    assert {pid: sql[pid] for pid in facts} == facts


def test_the_handover_guard_agrees(cast, db):
    kept = _with_permit(cast)
    hand_over(kept)
    waiting = _with_permit(make_cast())
    db.session.flush()
    facts = {p.id: not handover_gaps(p) for p in (kept, waiting)}
    assert facts == {kept.id: True, waiting.id: False}
    sql = _sql_says(handover_confirmed_sql)
    assert {pid: sql[pid] for pid in facts} == facts
