"""Who may do what in crowdfunding (registered with stedskaping.access)."""

from stedskaping.access import rule
from stedskaping.projects.models import INITIATOR


def _initiator(user, project) -> bool:
    member = project.member(user.id)
    return member is not None and member.role == INITIATOR


def _facilitator(user, project) -> bool:
    return project.municipality_id in user.facilitated_municipality_ids()


@rule("campaign.manage")
def _manage(user, project) -> bool:
    return _initiator(user, project)


@rule("campaign.decide")
def _decide(user, project) -> bool:
    return _facilitator(user, project)


@rule("campaign.post_update")
def _post(user, project) -> bool:
    return project.member(user.id) is not None


@rule("campaign.pledge")
def _pledge(user, project) -> bool:
    return True  # any signed-in person may back a project


@rule("pledge.own")
def _own(user, pledge) -> bool:
    return pledge.backer_id == user.id


@rule("pledge.confirm_received")
def _confirm(user, pledge) -> bool:
    project = pledge.campaign.project
    return _initiator(user, project) or _facilitator(user, project)


@rule("pledge.refund", "match_fund.create", "municipality.set_bank_account")
def _admin_only(user, obj) -> bool:
    return False
