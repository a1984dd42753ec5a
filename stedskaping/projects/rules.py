"""Who may do what with a project (registered with stedskaping.access)."""

from stedskaping.access import anonymous_too, rule
from stedskaping.projects.models import INITIATOR


def _is_member(user, project) -> bool:
    return project.member(user.id) is not None


def _facilitates(user, project) -> bool:
    return project.municipality_id in user.facilitated_municipality_ids()


@rule("project.view")
@anonymous_too
def _everyone(user, project) -> bool:
    return True


@rule("project.create")
def _signed_in(user, obj) -> bool:
    return True


@rule("project.view_internal", "project.move_on")
def _member_or_facilitator(user, project) -> bool:
    return _is_member(user, project) or _facilitates(user, project)


@rule("project.edit", "project.leave")
def _member(user, project) -> bool:
    return _is_member(user, project)


@rule("project.manage_team", "project.request_camp_date", "project.rotate_calendar")
def _initiator(user, project) -> bool:
    member = project.member(user.id)
    return member is not None and member.role == INITIATOR
