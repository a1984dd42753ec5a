"""Who may see and write to a project's supporters (registered with stedskaping.access)."""

from stedskaping.access import rule


@rule("supporters.manage")
def _team(user, project) -> bool:
    """The list, its export and the updates: the project's team only (the supporters
    gave their details to the team, not to the municipality)."""
    return project.member(user.id) is not None
