"""Candidate scoring: the evidence of the document added to each candidate's prior.

Each candidate place gets a score that adds, to the gazetteer's ranking prior (countries >
capitals > first-level divisions > towns by population), the evidence of the document:

- the countries the document is about: every other mention votes for the countries of its
  candidates (a unique or dominant reading votes with full weight), so do demonyms
  ("Iraqi") and, with extra weight, the dateline ("BAGHDAD, Iraq -");
- the first-level divisions it names ("Louisiana" lifts every Louisiana namesake);
- containment: "Alexandria, Louisiana" keeps only the Alexandria inside Louisiana;
- proximity to the other places resolved in the document;
- a generic word next to the name ("Homs province" is the province, "the city of Homs"
  the city).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from geomap.gazetteer import normalize_name
from geomap.geoparse.candidates import MentionState, mention_county_states
from geomap.geoparse.hierarchy import distance_km, is_area, lies_inside
from geomap.geoparse.parents import holds_child
from geomap.places import ADMIN1_CODES, Place

__all__ = ["Context", "Weights", "out_of_place", "read_context", "reading_at_home",
           "score_candidates"]

# Country evidence (vote mass of other mentions) from which a reading in a country that
# holds under this share of it is out of place.
_FOREIGN_EVIDENCE = 2.0
_FOREIGN_SHARE = 0.05
# Country evidence from which a small place in a country nothing else names is no reading at
# all: a namesake abroad of a village the gazetteer lacks ("clashed in Mansi township" in a
# report on Myanmar is not Muncie, Indiana).
_ALONE_EVIDENCE = 0.9
_SMALL_TOWN = 20_000
# The weight of a country vote of a local division (ADM3): 143,000 of them across the world
# share names with the places of any text.
_LOCAL_VOTE = 0.3
# A place chosen with at least this probability anchors its neighbours.
_ANCHOR_PROB = 0.6
_K = TypeVar("_K")


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each kind of document evidence adds to a candidate's prior (0..~10).

    The defaults were set once on aggregate development figures, not per document.
    """

    country: float = 4.0
    dateline: float = 3.0
    admin1: float = 2.5
    proximity: float = 3.0
    proximity_km: float = 250.0
    type_match: float = 3.5
    container: float = 8.0
    demonym: float = 1.0
    foreign: float = 3.0


@dataclass(slots=True)
class Context:
    """What the document says, as read in one round: per mention key, its country votes,
    the divisions it names, and the points it anchors."""

    votes: dict[str, defaultdict[str, float]]  # mention key -> country -> probability mass
    divisions: dict[str, defaultdict[tuple[str, str], float]]  # key -> (cc, admin1) of ADM1s
    members: dict[str, defaultdict[tuple[str, str], float]]  # key -> (cc, admin1) inside
    anchors: dict[str, list[tuple[Place, float]]]  # key -> confident non-area places
    dateline: set[str]  # countries of the dateline place


def _key(state: MentionState) -> str:
    return normalize_name(state.mention.name)


def read_context(states: Sequence[MentionState]) -> Context:
    """Read what the document says with the choices of the round before."""
    ctx = Context(votes={}, divisions={}, members={}, anchors={}, dateline=set())
    for state in states:
        key = _key(state)
        counties = mention_county_states(state.mention)
        if counties:  # a county names its state even when the gazetteer has no point for it
            ctx.votes.setdefault(key, defaultdict(float))["US"] += 1.0
            for code in counties:
                ctx.divisions.setdefault(key, defaultdict(float))[("US", code)] += 1.0 / len(counties)
        if not state.ranked:
            continue
        votes = ctx.votes.setdefault(key, defaultdict(float))
        for (place, _), prob in zip(state.ranked, state.probs):
            if place.country_code and prob > 0.05:
                # a local division of that name somewhere says little of the country
                votes[place.country_code] += prob * (
                    _LOCAL_VOTE if place.feature_code == "ADM3" else 1.0)
        place, prob = state.ranked[state.choice][0], state.probs[state.choice]
        if place.admin1:
            if place.feature_code in ADMIN1_CODES or place.feature_code == "ADM2":
                ctx.divisions.setdefault(key, defaultdict(float))[(place.country_code, place.admin1)] \
                    += prob
            elif not is_area(place):
                ctx.members.setdefault(key, defaultdict(float))[(place.country_code, place.admin1)] \
                    += prob
        if (not is_area(place) or place.feature_code == "ADM2") and prob >= _ANCHOR_PROB:
            ctx.anchors.setdefault(key, []).append((place, prob))
        if state.dateline and place.country_code:
            ctx.dateline.add(place.country_code)
    return ctx


def _others(table: Mapping[str, Mapping[_K, float]], key: str) -> defaultdict[_K, float]:
    """Evidence from mentions of other names (a name never votes for itself, nor through a
    longer name that starts with it: "Dublin City" says nothing about which Dublin)."""
    total: defaultdict[_K, float] = defaultdict(float)
    for other, counts in table.items():
        if other != key and not other.startswith(key + " ") and not key.startswith(other + " "):
            for item, mass in counts.items():
                total[item] += mass
    return total


def _country_votes(state: MentionState, ctx: Context,
                   extra_countries: Mapping[str, float]) -> defaultdict[str, float]:
    """The country evidence of the document apart from ``state``'s own name: the other
    mentions' votes and ``extra_countries``."""
    votes = _others(ctx.votes, _key(state))
    for cc, weight in extra_countries.items():
        votes[cc] += weight
    return votes


def score_candidates(state: MentionState, ctx: Context, extra_countries: Mapping[str, float],
                     parents: Sequence[Place], children: Sequence[MentionState],
                     weights: Weights) -> list[float]:
    """Score each candidate of ``state``: its prior plus the evidence of the other mentions
    (``ctx``), of ``extra_countries``, of its named ``parents`` and ``children``."""
    key = _key(state)
    votes = _country_votes(state, ctx, extra_countries)
    total = sum(votes.values()) or 1.0
    divisions = _others(ctx.divisions, key)
    members = _others(ctx.members, key)
    anchors = [a for other, found in ctx.anchors.items() if other != key for a in found]
    scores = []
    for place, prior in state.ranked:
        score = prior
        cc = place.country_code
        if cc:
            share = votes.get(cc, 0.0) / total
            score += weights.country * share
            if total >= _FOREIGN_EVIDENCE and share < _FOREIGN_SHARE:
                # a country nothing else in the text is in: "Lebanon" in a report on
                # Indiana towns is the Indiana town
                score -= weights.foreign
            if cc in ctx.dateline:
                score += weights.dateline
        if place.admin1:
            # a town in a division the text names, or a division holding towns it names
            evidence = members if place.feature_code in ADMIN1_CODES else divisions
            score += weights.admin1 * min(1.0, evidence.get((cc, place.admin1), 0.0))
        if anchors and (not is_area(place) or place.feature_code == "ADM2"):
            score += weights.proximity * max(
                prob * math.exp(-distance_km(place, a) / weights.proximity_km)
                for a, prob in anchors)
        if state.mention.type_class and place.feature_class == state.mention.type_class:
            score += weights.type_match
        if any(lies_inside(place, parent) for parent in parents) or (
                children and holds_child(place, children)):
            score += weights.container
        scores.append(score)
    return scores


def out_of_place(state: MentionState, ctx: Context, extra_countries: Mapping[str, float]) -> bool:
    """Whether the chosen reading of ``state`` is a small town or a local division, or any
    town that bears the name only as an alternate one, in a country that nothing else in
    the document is in, while the document does name a country.

    Such a reading is a namesake abroad of a place the gazetteer lacks; a country, a
    division, a capital or a town of that name stands on its own ("flights to Paris").
    """
    place = state.ranked[state.choice][0]
    if (place.feature_class != "P" and place.feature_code != "ADM3") \
            or place.feature_code in {"PPLC", "PPLA"} or not place.country_code:
        return False
    # a small town, or a town known by this name only in another tongue ("Mansi" for Muncie)
    if place.population >= _SMALL_TOWN and normalize_name(place.name) == _key(state):
        return False
    votes = _country_votes(state, ctx, extra_countries)
    total = sum(votes.values())
    return total >= _ALONE_EVIDENCE and votes.get(place.country_code, 0.0) / total < _FOREIGN_SHARE


def reading_at_home(state: MentionState, ctx: Context,
                    extra_countries: Mapping[str, float]) -> int | None:
    """The most probable reading of ``state`` in a country the rest of the document is in,
    or ``None``: what a namesake abroad gives way to ("Mansi township" in a report on
    Myanmar is the Burmese township, not Muncie, Indiana)."""
    votes = _country_votes(state, ctx, extra_countries)
    total = sum(votes.values())
    if not total:
        return None
    home = [k for k, (place, _) in enumerate(state.ranked)
            if place.country_code and votes.get(place.country_code, 0.0) / total >= _FOREIGN_SHARE]
    return max(home, key=state.probs.__getitem__) if home else None
