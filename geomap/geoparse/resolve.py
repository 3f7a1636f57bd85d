"""Toponym resolution: choose one gazetteer entry per mention in the context of the document.

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

Resolution runs a few rounds: each round scores with the choices of the round before, so
unambiguous mentions anchor the ambiguous ones. The score of a toponym is the softmax
probability of the chosen candidate among all candidates (0..1).

Examples
--------
>>> from geomap.geoparse.recognize import Mention, dateline_span
>>> text = "Paris, Texas and Dallas"
>>> mentions = [Mention(0, 5, "Paris", "GPE"), Mention(7, 12, "Texas", "GPE"),
...             Mention(17, 23, "Dallas", "GPE")]
>>> [t.place.country_code for t in resolve_mentions(text, mentions)]  # doctest: +SKIP
['US', 'US', 'US']
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from geomap.gazetteer import GazetteerIndex, haversine_km, load_gazetteer, normalize_name
from geomap.geoparse.counties import county_states
from geomap.geoparse.recognize import Mention, dateline_span
from geomap.places import COUNTRY_CODES, Place, Toponym

__all__ = ["Weights", "resolve_mentions"]

_AREA_FEATURE_CLASSES = frozenset({"A", "L"})
_COUNTY_WORDS = frozenset({"county", "parish", "borough"})
_DIVISION_CODES = frozenset({"ADM1", "ADM1H", "ADMD"})
# Generic words between a place and its parent ("X village, Y province, Z").
_LINK_WORDS = ("province|governorate|state|region|oblast|prefecture|county|parish|district|"
               "department|territory|municipality|jurisdiction|canton|commune|city|town|"
               "village|hamlet|township|borough|suburb|neighbou?rhood|farm|estate|area|"
               "sector|section|ward|zone")
_PARENT_LINK = re.compile(rf"(?:\s+(?:{_LINK_WORDS}))?\s*(?:,\s*(?:in\s+)?|\s+(?:of|in)\s+)"
                          r"(?:the\s+)?", re.IGNORECASE)
_MAX_PARENTS = 3
# Country evidence (vote mass of other mentions) from which a reading in a country that
# holds under this share of it is out of place.
_FOREIGN_EVIDENCE = 2.0
_FOREIGN_SHARE = 0.05
_CHILD_READINGS = 10  # readings of a child that may make its parent's reading
# A county or town named as a parent holds the places within this distance of its point.
_NEAR_PARENT_KM = 60.0
# A place chosen with at least this probability anchors its neighbours.
_ANCHOR_PROB = 0.6
_ROUNDS = 3
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
class _State:
    mention: Mention
    ranked: list[tuple[Place, float]]
    choice: int = 0
    probs: list[float] = field(default_factory=list)
    container: int | None = None
    comma: bool = False  # the container follows after a comma (not "of" / "in")
    dateline: bool = False


def _is_area(place: Place) -> bool:
    return place.feature_code in COUNTRY_CODES or place.feature_class in _AREA_FEATURE_CLASSES \
        or place.feature_class == "H"


def _softmax(scores: Sequence[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


@dataclass(slots=True)
class _Context:
    """What the document says, as read in one round: per mention key, its country votes,
    the divisions it names, and the points it anchors."""

    votes: dict[str, defaultdict[str, float]]  # mention key -> country -> probability mass
    divisions: dict[str, defaultdict[tuple[str, str], float]]  # key -> (cc, admin1) of ADM1s
    members: dict[str, defaultdict[tuple[str, str], float]]  # key -> (cc, admin1) inside
    anchors: dict[str, list[tuple[Place, float]]]  # key -> confident non-area places
    dateline: set[str]  # countries of the dateline place


def _key(state: _State) -> str:
    return normalize_name(state.mention.name)


@functools.lru_cache(maxsize=200_000)
def _distance(a: Place, b: Place) -> float:
    """Kilometres between two places (cached: rounds and documents repeat the same pairs)."""
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def _context(states: Sequence[_State]) -> _Context:
    ctx = _Context(votes={}, divisions={}, members={}, anchors={}, dateline=set())
    for state in states:
        key = _key(state)
        counties = _county_states(state.mention)
        if counties:  # a county names its state even when the gazetteer has no point for it
            ctx.votes.setdefault(key, defaultdict(float))["US"] += 1.0
            for code in counties:
                ctx.divisions.setdefault(key, defaultdict(float))[("US", code)] += 1.0 / len(counties)
        if not state.ranked:
            continue
        votes = ctx.votes.setdefault(key, defaultdict(float))
        for (place, _), prob in zip(state.ranked, state.probs):
            if place.country_code and prob > 0.05:
                votes[place.country_code] += prob
        place, prob = state.ranked[state.choice][0], state.probs[state.choice]
        if place.admin1:
            if place.feature_code in _DIVISION_CODES or place.feature_code == "ADM2":
                ctx.divisions.setdefault(key, defaultdict(float))[(place.country_code, place.admin1)] \
                    += prob
            elif not _is_area(place):
                ctx.members.setdefault(key, defaultdict(float))[(place.country_code, place.admin1)] \
                    += prob
        if (not _is_area(place) or place.feature_code == "ADM2") and prob >= _ANCHOR_PROB:
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


def _holds(place: Place, children: Sequence[_State]) -> bool:
    """Whether ``place`` holds a reading of a mention named as lying in it ("Atlanta,
    Georgia" is the US state: it holds an Atlanta)."""
    return any(_level(c) > _level(place) and _inside(c, place)
               for child in children for c, _ in child.ranked[:_CHILD_READINGS])


def _score(state: _State, ctx: _Context, extra_countries: Mapping[str, float],
           parents: Sequence[Place], children: Sequence[_State],
           weights: Weights) -> list[float]:
    key = _key(state)
    votes = _others(ctx.votes, key)
    for cc, weight in extra_countries.items():
        votes[cc] += weight
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
            evidence = members if place.feature_code in _DIVISION_CODES else divisions
            score += weights.admin1 * min(1.0, evidence.get((cc, place.admin1), 0.0))
        if anchors and (not _is_area(place) or place.feature_code == "ADM2"):
            score += weights.proximity * max(
                prob * math.exp(-_distance(place, a) / weights.proximity_km)
                for a, prob in anchors)
        if state.mention.type_class and place.feature_class == state.mention.type_class:
            score += weights.type_match
        if any(_inside(place, parent) for parent in parents) or (
                children and _holds(place, children)):
            score += weights.container
        scores.append(score)
    return scores


def _ranked(gaz: GazetteerIndex, mention: Mention, limit: int) -> list[tuple[Place, float]]:
    if mention.country:
        country = gaz.country(mention.country)
        return [] if country is None else [(country, 10.0)]
    if mention.label == "STREET":
        return []
    found = gaz.ranked(mention.name, limit=limit)
    states = _county_states(mention)
    if states:  # "Cook County": only namesakes in a state that has that county
        found = [(p, s) for p, s in found if p.country_code == "US" and p.admin1 in states]
    return found


def _county_states(mention: Mention) -> tuple[str, ...]:
    """States with a county of this name, when the mention says it is a county."""
    words = mention.name.split()
    if len(words) > 1 and words[-1].lower() in _COUNTY_WORDS:
        return county_states(mention.name)
    return ()


def _borrowed_place(mention: Mention, states: Sequence[_State]) -> tuple[Place | None, float]:
    """Place a county or a street the gazetteer lacks at a town the text names.

    A county goes to the most confident town the text names in its state(s) (a county is
    some tens of kilometres across, and local news names its towns); a street to the
    nearest town named before it, else the most confident one. The place keeps the mention's
    name (feature ``A``/``ADM2`` for a county, ``R``/``ST`` for a street) and no GeoNames id;
    its score is halved to say that the point is borrowed.
    """
    codes = _county_states(mention)
    if not codes and mention.label != "STREET":
        return None, 0.0
    best: tuple[float, Place] | None = None
    for state in states:
        if not state.ranked:
            continue
        town, prob = state.ranked[state.choice][0], state.probs[state.choice]
        if town.feature_class != "P" or prob < 0.5:
            continue
        if codes and not (town.country_code == "US" and town.admin1 in codes):
            continue
        # for a street, a town before it in the text beats any confidence elsewhere
        rank = prob + (1.0 if not codes and state.mention.end <= mention.start else 0.0)
        if best is None or rank > best[0]:
            best = (rank, town)
    if best is None:
        return None, 0.0
    town = best[1]
    fclass, fcode = ("A", "ADM2") if codes else ("R", "ST")
    key = normalize_name(mention.name).replace(" ", "_")
    return Place(id=f"local:{town.id}:{key}", name=mention.name, lat=town.lat, lon=town.lon,
                 feature_class=fclass, feature_code=fcode, country_code=town.country_code,
                 admin1=town.admin1), min(best[0], 1.0) / 2


def _containers(text: str, states: Sequence[_State]) -> None:
    """Link a mention to the named place it lies in: "Alexandria, Louisiana", "La Esperanza
    farm, Santa Elena jurisdiction, Usulutan Department", "the Eastleigh district of
    Nairobi"."""
    for k in range(len(states) - 1):
        here, after = states[k].mention, states[k + 1].mention
        link = _PARENT_LINK.fullmatch(text, here.end, after.start)
        if link:
            states[k].container = k + 1
            states[k].comma = "," in link.group()


def _level(place: Place) -> int:
    """How large a unit ``place`` is: 0 a country, 1 a province, 2 a county, 3 anything else."""
    if place.feature_code in COUNTRY_CODES:
        return 0
    if place.feature_code in _DIVISION_CODES:
        return 1
    return 2 if place.feature_code == "ADM2" else 3


def _parents(states: Sequence[_State], k: int) -> list[Place]:
    """The places chosen for the named parents of mention ``k``, nearest first.

    A parent is larger than what it holds: in "Michigan, Oregon, New Mexico" or "Denver,
    Indianapolis, Louisville" the commas list peers; only "of" / "in" lets a town hold a
    place ("the Eastleigh district of Nairobi").
    """
    found: list[Place] = []
    child = states[k]
    level = 3 if not child.ranked or child.mention.type_class == "P" \
        else _level(child.ranked[child.choice][0])
    outer = child.container
    while outer is not None and len(found) < _MAX_PARENTS and states[outer].ranked:
        parent = states[outer].ranked[states[outer].choice][0]
        if _level(parent) > level or (_level(parent) == level and (child.comma or level < 3)):
            break
        found.append(parent)
        child, level, outer = states[outer], _level(parent), states[outer].container
    return found


def _inside(place: Place, parent: Place) -> bool:
    """Whether ``place`` lies in ``parent``: its country, its first-level division, near its
    point for a county or a town ("the Eastleigh district of Nairobi")."""
    if place.id == parent.id or place.country_code != parent.country_code:
        return False
    if parent.feature_code in COUNTRY_CODES:
        return True
    if parent.feature_code in _DIVISION_CODES:
        return bool(parent.admin1) and place.admin1 == parent.admin1
    return _distance(place, parent) <= _NEAR_PARENT_KM


def resolve_mentions(text: str, mentions: Sequence[Mention], *,
                     gaz: GazetteerIndex | None = None,
                     context_countries: Mapping[str, float] | None = None,
                     weights: Weights | None = None, limit: int = 25) -> list[Toponym]:
    """Resolve each mention of ``text`` to one place, in the context of all of them.

    Parameters
    ----------
    text : str
        The document text the mentions were found in.
    mentions : sequence of Mention
        From :func:`geomap.geoparse.recognize.find_mentions`.
    gaz : GazetteerIndex, optional
        Default :func:`geomap.gazetteer.load_gazetteer`.
    context_countries : mapping of str to float, optional
        Extra country evidence (ISO alpha-2 -> weight), e.g. from demonyms.
    weights : Weights, optional
        Evidence weights (default :class:`Weights`).
    limit : int
        Candidates considered per mention.

    Returns
    -------
    list of Toponym
        One per mention, in order; ``place`` is ``None`` when the gazetteer has no entry.

    Examples
    --------
    >>> from geomap.geoparse.recognize import Mention, dateline_span
    >>> text = "Clashes in Homs province."
    >>> [t.place.feature_code for t in resolve_mentions(text, [Mention(11, 15, "Homs", "GPE",
    ...  type_class="A")])]  # doctest: +SKIP
    ['ADM1']
    """
    gaz = gaz or load_gazetteer()
    weights = weights or Weights()
    extra = dict(context_countries or {})
    dateline = dateline_span(text)
    states = [_State(mention=m, ranked=_ranked(gaz, m, limit)) for m in mentions]
    for state in states:
        m = state.mention
        state.dateline = dateline is not None and m.start < dateline[1] and dateline[0] < m.end
        if state.ranked:
            state.probs = _softmax([s for _, s in state.ranked])
    _containers(text, states)
    for _ in range(_ROUNDS):
        ctx = _context(states)
        new: list[list[float] | None] = []
        for k, state in enumerate(states):
            if not state.ranked:
                new.append(None)
                continue
            children = [other for other in states if other.container == k]
            new.append(_score(state, ctx, extra, _parents(states, k), children, weights))
        for state, scores in zip(states, new):
            if scores is not None:
                state.probs = _softmax(scores)
                state.choice = max(range(len(scores)), key=scores.__getitem__)
    toponyms = []
    for k, state in enumerate(states):
        m = state.mention
        place = state.ranked[state.choice][0] if state.ranked else None
        score = state.probs[state.choice] if place else 0.0
        parents = _parents(states, k)[:1]
        if place is not None and parents and parents[0].feature_class == "A" \
                and _level(place) > _level(parents[0]) and not _inside(place, parents[0]):
            # "Saada village, Hajjah province": no Saada lies in Hajjah, and one elsewhere
            # would be wrong; the reader falls back on the parent
            place, score = None, 0.0
        if place is None:
            place, score = _borrowed_place(m, states)
        role = m.role
        if m.metonymic and place is not None and (
                place.feature_code in COUNTRY_CODES or place.feature_code in {"PPLC", "ADM1"}):
            role = "actor"
        toponyms.append(Toponym(start=m.start, end=m.end, name=m.name, place=place,
                                score=round(score, 4),
                                role=role, candidates=[p for p, _ in state.ranked]))
    return toponyms
