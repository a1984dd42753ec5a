"""Who may nominate, assess and see catalogue entries (registered with stedskaping.access)."""

from stedskaping.access import anonymous_too, rule
from stedskaping.learning.catalogue.models import EntryStatus


def _facilitates(user, project) -> bool:
    return project.municipality_id in user.facilitated_municipality_ids()


@rule("catalogue.nominate", "catalogue.follow")
def _team_or_facilitator(user, project) -> bool:
    """Nominate a completed project, follow its entry: its team or a facilitator of
    its municipality."""
    return project.member(user.id) is not None or _facilitates(user, project)


@rule("catalogue.assess")
def _facilitator(user, project) -> bool:
    """Assess the hallmarks and publish: a facilitator of the project's municipality."""
    return _facilitates(user, project)


@rule("catalogue.view_entry")
@anonymous_too
def _published_or_own(user, entry) -> bool:
    """A published entry: everyone; one not published: the team and the facilitators."""
    if entry.status == EntryStatus.PUBLISHED:
        return True
    return getattr(user, "is_authenticated", False) and \
        _team_or_facilitator(user, entry.project)
