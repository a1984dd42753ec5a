"""What crowdfunding says about steps people take by hand (registered in ``register``).

- While a campaign is open, the steps the close makes by itself ("the campaign
  reached / did not reach its minimum") are not offered by hand: the campaign's
  close page says what happens to each pledge and asks for a reason.
- Before a project is cancelled, the confirmation lists what that does to the
  campaign: cards released, promises void, money already paid going back.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from stedskaping.db import db
from stedskaping.formats import money
from stedskaping.funding.models import CARD, OFFLINE, CampaignStatus, Pledge
from stedskaping.funding.models import PledgeStatus as P
from stedskaping.funding.operations import campaign_of, in_crowdfunding
from stedskaping.projects.process import workflow_for


def close_from_its_page(project, trigger: str, actor):
    """Refuse the close's own steps by hand while the campaign is open."""
    if not in_crowdfunding(project):
        return None
    spec = workflow_for(project).spec(project.state, trigger)
    if spec is None or "system" not in spec.roles:
        return None  # not a step the close takes by itself
    campaign = campaign_of(project)
    if campaign is None or campaign.status != CampaignStatus.LIVE:
        return None
    return _l("The campaign is still open. Close it from the campaign page: it says what "
              "happens to each pledge and asks for a reason.")


def cancel_consequences(project, trigger: str) -> list:
    """What cancelling does to the current campaign round, in sentences."""
    campaign = campaign_of(project)
    if campaign is None:
        return []
    notes = []
    if campaign.status not in (CampaignStatus.SUCCEEDED, CampaignStatus.FAILED):
        notes.append(_l("The campaign ends now, and nobody is charged."))
    notes.extend(_money_notes(_pledge_counts(campaign)))
    if notes:
        notes.append(_l("Every backer is e-mailed."))
    return notes


def _pledge_counts(campaign):
    """of(kind, *statuses) -> (how many pledges, their net amount), from one query."""
    rows = db.session.execute(
        sa.select(Pledge.kind, Pledge.status, sa.func.count(),
                  sa.func.sum(Pledge.amount - Pledge.refunded_amount))
        .where(Pledge.campaign_id == campaign.id).group_by(Pledge.kind, Pledge.status)).all()
    counts = {(kind, status): (n, int(total or 0)) for kind, status, n, total in rows}

    def of(kind, *statuses):
        found = [counts.get((kind, s), (0, 0)) for s in statuses]
        return sum(n for n, _t in found), sum(t for _n, t in found)

    return of


def _money_notes(of) -> list:
    notes = []
    n, total = of(CARD, P.SAVED)
    if n:
        notes.append(ngettext("%(num)d saved card is released (%(amount)s).",
                              "%(num)d saved cards are released (%(amount)s).",
                              n, amount=money(total)))
    n, total = of(OFFLINE, P.PROMISED, P.DUE)
    if n:
        notes.append(ngettext("%(num)d promised payment is void (%(amount)s).",
                              "%(num)d promised payments are void (%(amount)s).",
                              n, amount=money(total)))
    n, total = of(CARD, P.PAID)
    if n:
        notes.append(ngettext(
            "%(num)d backer has paid %(amount)s by card: the platform's admins refund it.",
            "%(num)d backers have paid %(amount)s by card: the platform's admins refund "
            "it.", n, amount=money(total)))
    n, total = of(OFFLINE, P.RECEIVED)
    if n:
        notes.append(ngettext(
            "%(num)d backer has paid %(amount)s by bank transfer: the team pays it back.",
            "%(num)d backers have paid %(amount)s by bank transfer: the team pays it back.",
            n, amount=money(total)))
    return notes
