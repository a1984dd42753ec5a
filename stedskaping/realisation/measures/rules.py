"""Who may do what with the realisation pages (registered with stedskaping.access)."""

from stedskaping.access import rule


def _is_member(user, project) -> bool:
    return project.member(user.id) is not None


@rule("realisation.manage")
def _team(user, project) -> bool:
    """Measures, permits, materials, the daily log and the handover: the project's team."""
    return _is_member(user, project)


@rule("realisation.see_permits")
def _team_or_facilitator(user, project) -> bool:
    """The permit table and its documents: the team and the project's facilitators."""
    return _is_member(user, project) or (
        project.municipality_id in user.facilitated_municipality_ids())
