"""Who may see and answer a project's evaluation (registered with stedskaping.access)."""

from stedskaping.access import rule


@rule("evaluation.view", "evaluation.answer")
def _team_or_facilitator(user, project) -> bool:
    """The rounds, their answers and results: the team and the municipality's
    facilitators (the operation checks that the person is asked)."""
    return project.member(user.id) is not None or \
        project.municipality_id in user.facilitated_municipality_ids()
