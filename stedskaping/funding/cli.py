"""`flask funding ...`: close campaigns and reconcile payments."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from stedskaping.db import unit_of_work

funding = AppGroup("funding", help="Campaigns and payments.")


@funding.command("close")
@click.argument("campaign_id", type=int)
def close_one(campaign_id: int) -> None:
    """Close one campaign now (safe to run again after a crash)."""
    from stedskaping.funding.close import close_campaign

    report = close_campaign(campaign_id)
    click.echo(report)


@funding.command("close-due")
def close_due() -> None:
    """Close every campaign whose closing date has passed, and finish interrupted closes."""
    from stedskaping.db import db
    from stedskaping.funding.close import close_campaign, due_campaigns

    ids = due_campaigns(date.today())
    db.session.rollback()
    for campaign_id in ids:
        click.echo(close_campaign(campaign_id))
    click.echo(f"{len(ids)} campaign(s) closed.")


@funding.command("reconcile")
def reconcile() -> None:
    """Ask Stripe about open payments and repair what a lost webhook left behind."""
    from stedskaping.funding.webhooks import expire_actions, reconcile

    with unit_of_work():
        counts = reconcile()
        counts["expired"] = expire_actions()
    click.echo(", ".join(f"{k}: {v}" for k, v in counts.items()))
