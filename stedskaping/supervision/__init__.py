"""Supervision: the facilitator's dashboard, gate reviews, re-planning and notes."""
