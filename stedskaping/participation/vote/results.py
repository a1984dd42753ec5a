"""Counting a concept vote: single choice counts first choices; a ranking gives each
concept as many points as the concepts it was ranked above, plus one (Borda count)."""

from __future__ import annotations

from stedskaping.participation.vote.models import RANKING


def count(concept_ids: list[int], ballots: list[list[int]], mode: str) -> dict:
    """{"points": {id: n}, "first": {id: n}, "winner": id or None} for the ballots.

    A tie goes to the concept with more first choices, then to the one listed first
    (the order the team published them in), so the result never depends on chance."""
    points = dict.fromkeys(concept_ids, 0)
    first = dict.fromkeys(concept_ids, 0)
    size = len(concept_ids)
    for choices in ballots:
        valid = [c for c in choices if c in points]
        if not valid:
            continue
        first[valid[0]] += 1
        if mode == RANKING:
            for place, concept_id in enumerate(valid):
                points[concept_id] += size - place
        else:
            points[valid[0]] += 1
    winner = None
    if ballots:
        winner = max(concept_ids, key=lambda c: (points[c], first[c], -concept_ids.index(c)))
    return {"points": {str(k): v for k, v in points.items()},
            "first": {str(k): v for k, v in first.items()}, "winner": winner}
