"""Who moderates (registered with stedskaping.access; admins pass every rule)."""

from stedskaping.access import rule


@rule("moderation.decide")
def _facilitator_of_project(user, project) -> bool:
    return project.municipality_id in user.facilitated_municipality_ids()


@rule("moderation.lift")
def _facilitator_of_block(user, blocked) -> bool:
    return blocked.municipality_id in user.facilitated_municipality_ids()
