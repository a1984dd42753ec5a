"""Projects: the place, the team, the plan and the progress of each task."""
