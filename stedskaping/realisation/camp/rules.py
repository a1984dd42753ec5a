"""Who may do what at a project's camp (registered with stedskaping.access)."""

from stedskaping.access import rule


def _member(user, project) -> bool:
    return project.member(user.id) is not None


@rule("camp.manage")
def _team(user, project) -> bool:
    """The programme, the shifts, the briefing, the volunteers' list: the team."""
    return _member(user, project)


@rule("camp.sign_up")
def _signed_in(user, project) -> bool:
    """Anyone signed in (with a confirmed address, checked by the operation)."""
    return True


@rule("camp.check_in")
def _lead_or_team(user, shift) -> bool:
    """Checking people in and their hours: the shift's lead, or the team."""
    return shift.lead_id == user.id or _member(user, shift.activity.project)


@rule("ledger.view")
def _team_or_facilitator(user, project) -> bool:
    """The dugnad ledger: the team, and the municipality's facilitators."""
    return _member(user, project) or \
        project.municipality_id in user.facilitated_municipality_ids()


@rule("ledger.manage")
def _ledger_team(user, project) -> bool:
    return _member(user, project)
