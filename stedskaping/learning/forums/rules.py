"""Who runs forums (stedskaping.access): the admin or the municipality's facilitators."""

from stedskaping.access import rule


@rule("forums.manage")
def _admin_or_facilitator(user, forum_or_municipality) -> bool:
    """Create a forum, plan its sessions, publish notes, set open doors."""
    municipality_id = getattr(forum_or_municipality, "municipality_id", None)
    if municipality_id is None:
        municipality_id = forum_or_municipality.id
    return bool(user.is_admin) or municipality_id in user.facilitated_municipality_ids()
