"""Who may set a project's place, manage areas and link partners (stedskaping.access)."""

from stedskaping.access import rule


def _facilitates(user, municipality_id: int) -> bool:
    return municipality_id in user.facilitated_municipality_ids()


@rule("places.edit")
def _team_or_facilitator(user, project) -> bool:
    """Set the project's point and area: its team or a facilitator of its municipality."""
    return project.member(user.id) is not None or _facilitates(user, project.municipality_id)


@rule("places.link_partners")
def _facilitator(user, project) -> bool:
    """Link the project to a partner, or unlink: a facilitator of its municipality."""
    return _facilitates(user, project.municipality_id)


@rule("places.manage_areas")
def _admin_or_facilitator(user, municipality) -> bool:
    """The municipality's named areas: the admin or its facilitators."""
    return bool(user.is_admin) or _facilitates(user, municipality.id)
