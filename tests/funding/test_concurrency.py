"""Many backers pledging at once leave exact totals and never pass a match cap."""

import threading

import pytest
import sqlalchemy as sa

from stedskaping.db import unit_of_work
from stedskaping.extensions import db
from stedskaping.funding import match_funds, operations
from stedskaping.funding.models import Campaign, Pledge
from stedskaping.funding.totals import totals
from tests.fixtures.factories import make_municipality, make_user
from tests.fixtures.stripe import live_campaign

pytestmark = pytest.mark.commits
SESSIONS, PLEDGES = 32, 25


def test_32_sessions_making_25_pledges_each(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("row locks under real concurrency are a PostgreSQL matter; "
                        "SQLite serialises writers")
        with unit_of_work():
            fund = match_funds.create_match_fund(make_municipality(), "Fond", 100,
                                                cap_per_project=1_000_000,
                                                cap_per_pledge=30_000)
            world = live_campaign(minimum=1_000_000, optimum=5_000_000, match_fund=fund)
            campaign_id = world["campaign"].id
            backer_ids = [make_user().id for _ in range(SESSIONS)]
    barrier, errors = threading.Barrier(SESSIONS), []

    def backer(user_id, n):
        from stedskaping.accounts.models import User

        barrier.wait()
        for i in range(PLEDGES):
            try:
                with app.app_context(), unit_of_work():
                    operations.pledge(db.session.get(Campaign, campaign_id),
                                      db.session.get(User, user_id),
                                      operations.NewPledge(kind="offline",
                                                           amount=1_000 * (1 + (n + i) % 7)))
            except Exception as exc:  # noqa: BLE001  (reported below)
                errors.append(repr(exc))

    threads = [threading.Thread(target=backer, args=(uid, n))
               for n, uid in enumerate(backer_ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    expected = sum(1_000 * (1 + (n + i) % 7) for n in range(SESSIONS) for i in range(PLEDGES))
    with app.app_context():
        campaign = db.session.get(Campaign, campaign_id)
        result = totals(campaign)
        count = db.session.scalar(sa.select(sa.func.count()).select_from(Pledge).where(
            Pledge.campaign_id == campaign_id))
        assert count == SESSIONS * PLEDGES
        assert result.money == expected
        assert result.matched == min(expected, 1_000_000)  # the cap holds exactly
        assert result.backers == SESSIONS
