"""Who may start a project like another (registered with stedskaping.access)."""

from stedskaping.access import rule
from stedskaping.learning.lineage.operations import is_proven


@rule("lineage.start_like")
def _signed_in_and_proven(user, project) -> bool:
    """Start a project like a proven one: anyone signed in, from a project past its camp."""
    return is_proven(project)
