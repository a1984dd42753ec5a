"""Who may do what with a project's meetings (registered with stedskaping.access)."""

from stedskaping.access import rule


@rule("meetings.manage")
def _team(user, project) -> bool:
    """Plan, change, cancel; the door list and the minutes: the project's team."""
    return project.member(user.id) is not None


@rule("meetings.register")
def _signed_in(user, project) -> bool:
    """Anyone signed in (with a confirmed address, checked by the operation)."""
    return True
