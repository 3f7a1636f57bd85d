"""Candidate readings of a mention: its gazetteer entries, and its state during resolution.

A demonym reads as its country, a street has no gazetteer entry, and a county ("Cook
County") keeps only namesakes in a US state that has a county of that name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from geomap.gazetteer import GazetteerIndex
from geomap.geoparse.counties import county_states
from geomap.geoparse.recognize import Mention
from geomap.places import Place

__all__ = ["MentionState", "mention_county_states", "ranked_candidates"]

_COUNTY_WORDS = frozenset({"county", "parish", "borough"})


@dataclass(slots=True)
class MentionState:
    """A mention during resolution: its candidates, the chosen one and their probabilities,
    the index of the mention it is named as lying in, and whether it is the dateline."""

    mention: Mention
    ranked: list[tuple[Place, float]]
    choice: int = 0
    probs: list[float] = field(default_factory=list)
    container: int | None = None
    comma: bool = False  # the container follows after a comma (not "of" / "in")
    pair: bool = False  # ... and the two names are no longer list ("Nyanza, Migori.")
    dateline: bool = False


def ranked_candidates(gaz: GazetteerIndex, mention: Mention,
                      limit: int) -> list[tuple[Place, float]]:
    """The gazetteer entries ``mention`` may name, with their ranking priors, best first."""
    if mention.country:
        country = gaz.country(mention.country)
        return [] if country is None else [(country, 10.0)]
    if mention.label == "STREET":
        return []
    found = gaz.ranked(mention.name, limit=limit)
    states = mention_county_states(mention)
    if states:  # "Cook County": only namesakes in a state that has that county
        found = [(p, s) for p, s in found if p.country_code == "US" and p.admin1 in states]
    return found


def mention_county_states(mention: Mention) -> tuple[str, ...]:
    """States with a county of this name, when the mention says it is a county."""
    words = mention.name.split()
    if len(words) > 1 and words[-1].lower() in _COUNTY_WORDS:
        return county_states(mention.name)
    return ()
