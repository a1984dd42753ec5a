"""Who may answer proposals and run the vote (registered with stedskaping.access)."""

from stedskaping.access import rule


@rule("proposal.answer", "vote.manage")
def _team_member(user, project) -> bool:
    return project.member(user.id) is not None


@rule("participation.propose_vote_report")
def _signed_in(user, project) -> bool:
    # Signed in is enough here (visitors go to the login page); the operations check
    # the confirmed address and blocks, with a message.
    return True
