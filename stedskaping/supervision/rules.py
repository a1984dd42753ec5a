"""Who may supervise (registered with stedskaping.access; admins pass every rule)."""

from stedskaping.access import rule


@rule("supervision.view")
def _any_facilitator(user, obj) -> bool:
    return bool(user.facilitated_municipality_ids())


@rule("project.supervise")
def _facilitator_of_project(user, project) -> bool:
    return project.municipality_id in user.facilitated_municipality_ids()


@rule("project.comment")
def _member_or_facilitator(user, project) -> bool:
    return (project.member(user.id) is not None
            or project.municipality_id in user.facilitated_municipality_ids())
