"""A municipality's money for its projects: match funds, and the account offline pledges
are paid to."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from stedskaping.db import db
from stedskaping.formats import money
from stedskaping.funding.bank import clean_number, is_valid_account
from stedskaping.funding.models import OFFLINE, Campaign, MatchFund, Pledge, PledgeStatus
from stedskaping.funding.operations import FundingError
from stedskaping.projects.models import Project


def set_municipality_account(municipality, account: str | None) -> None:
    """Set (or clear, with None) the account a municipality's offline pledges are paid to."""
    if not account and _waiting_promises(municipality):
        raise FundingError(_l("Backers have been told to pay to this account and have not "
                              "paid yet. Replace it with another account instead of removing "
                              "it."), "bank_account", 409)
    if account and not is_valid_account(account):
        raise FundingError(_l("This is not a valid Norwegian account number."), "bank_account")
    municipality.bank_account = clean_number(account) or None
    db.session.flush()


def create_match_fund(municipality, name: str, ratio_percent: int, cap_per_project: int,
                      cap_per_pledge: int) -> MatchFund:
    """A municipality's match fund: ``ratio_percent`` of each pledge is added, up to a cap
    per pledge and per project (øre); a cap per pledge above the project's is refused."""
    if ratio_percent <= 0 or cap_per_project <= 0 or cap_per_pledge <= 0:
        raise FundingError(_l("Ratio and caps must be above zero."), "ratio_percent")
    if cap_per_pledge > cap_per_project:  # a pledge could never get its cap
        raise FundingError(_l("The cap per pledge can be at most the cap per project "
                              "(%(cap)s).", cap=money(cap_per_project)),
                           "cap_per_pledge")
    fund = MatchFund(municipality_id=municipality.id, name=name.strip(),
                     ratio_percent=ratio_percent, cap_per_project_amount=cap_per_project,
                     cap_per_pledge_amount=cap_per_pledge)
    db.session.add(fund)
    db.session.flush()
    return fund


def _waiting_promises(municipality) -> int:
    """Offline promises, still to be paid, whose campaign has no account of its own."""
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Pledge).join(Campaign)
        .join(Project, Project.id == Campaign.project_id)
        .where(Project.municipality_id == municipality.id, Campaign.bank_account.is_(None),
               Pledge.kind == OFFLINE,
               Pledge.status.in_((PledgeStatus.PROMISED, PledgeStatus.DUE))))
