"""Two refunds of one pledge recorded at the same moment: the row lock serialises them,
and the refunds job sends what was recorded, each with its own key."""

import threading
import time

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from stedskaping.db import unit_of_work
from stedskaping.extensions import db
from stedskaping.funding import operations, refunds
from stedskaping.funding.close import close_campaign
from stedskaping.funding.models import Pledge, Refund
from stedskaping.payments import gateway as gateway_module
from tests.fixtures.factories import make_user
from tests.fixtures.stripe import live_campaign
from tests.funding.helpers import card_pledge

pytestmark = pytest.mark.commits


@pytest.fixture
def paid_pledge(stripe_app, localstripe):
    with stripe_app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("row locks under real concurrency are a PostgreSQL matter; "
                        "SQLite serialises writers")
        with unit_of_work():
            world = live_campaign(minimum=10_000)
            record = card_pledge(world["campaign"], make_user(), 50_000)
            admin_id = make_user(is_admin=True).id
        close_campaign(world["campaign"].id)
        assert db.session.get(Pledge, record.id).status == "paid"
        return record.id, admin_id


def _two_refunds_at_once(stripe_app, monkeypatch, pledge_id, admin_id, amounts):
    """Both sessions read the pledge before either has written (the first is slow once
    it holds the lock)."""
    real_check = refunds.check_refund

    def slow_check(*args):
        real_check(*args)
        time.sleep(0.5)

    monkeypatch.setattr(refunds, "check_refund", slow_check)
    barrier, outcomes = threading.Barrier(len(amounts)), []

    def admin(amount):
        from stedskaping.accounts.models import User

        with stripe_app.app_context(), force_locale("en"):
            pledge = db.session.get(Pledge, pledge_id)
            user = db.session.get(User, admin_id)
            assert pledge.refunded_amount == 0  # both start from the same picture
            barrier.wait()
            try:
                with unit_of_work():
                    refunds.refund(pledge, user, amount, "Dobbeltklikk")
            except operations.FundingError as error:
                outcomes.append(("refused", str(error.message)))
            else:
                outcomes.append(("recorded", amount))

    threads = [threading.Thread(target=admin, args=(a,)) for a in amounts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _state(stripe_app, pledge_id):
    with stripe_app.app_context():
        refunds.send_refunds(None)  # the refunds job
        pledge = db.session.get(Pledge, pledge_id)
        rows = db.session.scalars(sa.select(Refund).where(Refund.pledge_id == pledge_id)).all()
        at_stripe = gateway_module.gateway().client.v1.refunds.list(params={"limit": 10}).data
        return pledge, rows, at_stripe


def test_two_refunds_that_do_not_both_fit_one_passes(stripe_app, paid_pledge, monkeypatch):
    pledge_id, admin_id = paid_pledge
    outcomes = _two_refunds_at_once(stripe_app, monkeypatch, pledge_id, admin_id,
                                    [30_000, 30_000])
    assert sorted(kind for kind, _ in outcomes) == ["recorded", "refused"]
    assert any("Refund between NOK\u00a00.01 and NOK\u00a0200." in str(m) for _, m in outcomes), \
        outcomes
    pledge, rows, at_stripe = _state(stripe_app, pledge_id)
    assert pledge.refunded_amount == 30_000 and pledge.status == "paid"
    assert [r.amount for r in rows] == [30_000]
    assert [r.amount for r in at_stripe] == [30_000]


def test_two_refunds_that_fit_are_both_recorded(stripe_app, paid_pledge, monkeypatch):
    pledge_id, admin_id = paid_pledge
    outcomes = _two_refunds_at_once(stripe_app, monkeypatch, pledge_id, admin_id,
                                    [20_000, 30_000])
    assert sorted(kind for kind, _ in outcomes) == ["recorded", "recorded"]
    pledge, rows, at_stripe = _state(stripe_app, pledge_id)
    assert pledge.refunded_amount == 50_000 and pledge.status == "refunded"
    assert sorted(r.amount for r in rows) == [20_000, 30_000]
    assert len({r.stripe_refund_id for r in rows}) == 2  # two keys, two refunds at Stripe
    assert sorted(r.amount for r in at_stripe) == [20_000, 30_000]
