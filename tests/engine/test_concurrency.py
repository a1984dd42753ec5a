"""Two facilitators approving the same gate at once: exactly one transition."""

import threading

import pytest
import sqlalchemy as sa

from stedskaping.db import commit, rollback, unit_of_work
from stedskaping.engine.machine import Conflict
from stedskaping.extensions import db
from stedskaping.projects import process
from stedskaping.projects.models import Project, StateTransition
from tests.fixtures.factories import complete_required_tasks, make_facilitator, make_project

pytestmark = pytest.mark.commits
THREADS = 8


def _project_in_review(app):
    with app.app_context(), unit_of_work():
        project = make_project()
        facilitators = [make_facilitator(project.municipality) for _ in range(THREADS)]
        initiator = project.members[0].user
        complete_required_tasks(project, initiator)
        process.advance(project, "submit_for_review", initiator)
        return project.id, [f.id for f in facilitators]


def test_eight_concurrent_approvals_make_one_transition(app):
    project_id, facilitator_ids = _project_in_review(app)
    barrier = threading.Barrier(THREADS)
    outcomes = []

    def approve(user_id):
        from stedskaping.accounts.models import User

        with app.app_context():
            project = db.session.get(Project, project_id)
            user = db.session.get(User, user_id)
            user.facilitated_municipality_ids()  # load before the race, as a request would
            barrier.wait()
            try:
                process.advance(project, "approve_idea", user)
                commit()
                outcomes.append("won")
            except Conflict:
                rollback()
                outcomes.append("conflict")

    threads = [threading.Thread(target=approve, args=(uid,)) for uid in facilitator_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["conflict"] * (THREADS - 1) + ["won"]
    with app.app_context():
        records = db.session.scalars(sa.select(StateTransition).where(
            StateTransition.project_id == project_id,
            StateTransition.trigger == "approve_idea")).all()
        assert len(records) == 1
        project = db.session.get(Project, project_id)
        assert (project.state, project.state_version) == ("mobilisation", 3)
