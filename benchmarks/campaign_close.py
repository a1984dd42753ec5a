"""Closing a campaign of 1,000 card pledges against localstripe.

Run: .venv/bin/python benchmarks/campaign_close.py
Starts localstripe on 127.0.0.1, saves 1,000 cards through the real
stripe-python client, then times the close and the part of it spent waiting
for Stripe. Prints `name: value unit` lines; target: our overhead at most 20 %
on top of the Stripe calls.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PLEDGES = int(os.environ.get("PLEDGES", "1000"))


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-close-"))
    os.environ["STEDSKAPING_INSTANCE_PATH"] = str(tmp)
    from flask_migrate import upgrade

    import tests.fixtures.stripe as stripe_fixtures
    from stedskaping import create_app
    from stedskaping.db import unit_of_work
    from stedskaping.funding.close import close_campaign
    from stedskaping.payments.gateway import gateway
    from tests.fixtures.factories import make_user
    from tests.funding.helpers import card_pledge

    server = stripe_fixtures.localstripe.__wrapped__()
    base = next(server)
    app = create_app({
        "SECRET_KEY": secrets.token_hex(32), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite",
        "STRIPE_SECRET_KEY": "sk_test_bench", "STRIPE_PUBLISHABLE_KEY": "pk_test_bench",
        "STRIPE_API_BASE": base, "STRIPE_JS_URL": base + "/js.stripe.com/v3/",
        "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 1024, "ARGON2_PARALLELISM": 1,
        "LOG_LEVEL": "WARNING", "PLEDGE_MAX_AMOUNT": 10**9})
    with app.app_context():
        upgrade()
        with unit_of_work():
            world = stripe_fixtures.live_campaign(minimum=100_000, optimum=10**9)
            backer = make_user()
            for n in range(PLEDGES):
                card_pledge(world["campaign"], backer, 10_000 + n)
            campaign_id = world["campaign"].id
        pay = gateway()
        pay.seconds_in_stripe = 0.0
        start = time.perf_counter()
        report = close_campaign(campaign_id)
        total = time.perf_counter() - start
        in_stripe = pay.seconds_in_stripe
    assert report.paid == PLEDGES, report
    overhead = total - in_stripe
    print(f"pledges: {PLEDGES} count")
    print(f"close_total: {total:.2f} s")
    print(f"close_in_stripe: {in_stripe:.2f} s")
    print(f"overhead_total: {overhead:.2f} s")
    print(f"overhead_per_pledge: {overhead / PLEDGES * 1000:.2f} ms")
    print(f"overhead_share_of_stripe: {overhead / in_stripe * 100:.1f} %")


if __name__ == "__main__":
    main()
