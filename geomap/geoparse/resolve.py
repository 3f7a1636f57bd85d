"""Toponym resolution: choose one gazetteer entry per mention in the context of the document.

Each candidate place is scored (:mod:`geomap.geoparse.scoring`) by the gazetteer's ranking
prior and the evidence of the document: the countries and divisions it names, containment
("Alexandria, Louisiana", :mod:`geomap.geoparse.parents`), proximity to the other places,
and a generic word next to the name ("Homs province").

Resolution runs a few rounds: each round scores with the choices of the round before, so
unambiguous mentions anchor the ambiguous ones. The score of a toponym is the softmax
probability of the chosen candidate among all candidates (0..1). A county or a street the
gazetteer lacks is placed at a town the text names.

Examples
--------
>>> from geomap.gazetteer import load_gazetteer
>>> from geomap.geoparse.recognize import Mention
>>> text = "Paris, Texas and Dallas"
>>> mentions = [Mention(0, 5, "Paris", "GPE"), Mention(7, 12, "Texas", "GPE"),
...             Mention(17, 23, "Dallas", "GPE")]
>>> [t.place.country_code for t in resolve_mentions(text, mentions,
...                                                 gaz=load_gazetteer())]  # doctest: +SKIP
['US', 'US', 'US']
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from geomap.dateline import dateline_span
from geomap.gazetteer import GazetteerIndex, normalize_name
from geomap.geoparse.candidates import MentionState, mention_county_states, ranked_candidates
from geomap.geoparse.hierarchy import lies_inside, place_level
from geomap.geoparse.parents import link_containers, named_parents
from geomap.geoparse.recognize import Mention
from geomap.geoparse.scoring import (
    Weights,
    out_of_place,
    read_context,
    reading_at_home,
    score_candidates,
)
from geomap.places import COUNTRY_CODES, Place, Toponym

__all__ = ["resolve_mentions"]

_ROUNDS = 3


def _softmax(scores: Sequence[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def _borrowed_place(mention: Mention, states: Sequence[MentionState],
                    dropped: set[int]) -> tuple[Place | None, float]:
    """Place a county or a street the gazetteer lacks at a town the text names.

    A county goes to the most confident town the text names in its state(s) (a county is
    some tens of kilometres across, and local news names its towns); a street to the
    nearest town named before it, else the most confident one. The place keeps the mention's
    name (feature ``A``/``ADM2`` for a county, ``R``/``ST`` for a street) and no GeoNames id;
    its score is halved to say that the point is borrowed. A town whose reading was
    ``dropped`` as a namesake abroad lends nothing.
    """
    codes = mention_county_states(mention)
    if not codes and mention.label != "STREET":
        return None, 0.0
    best: tuple[float, Place] | None = None
    for k, state in enumerate(states):
        if not state.ranked or k in dropped:
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


def resolve_mentions(text: str, mentions: Sequence[Mention], *,
                     gaz: GazetteerIndex,
                     context_countries: Mapping[str, float] | None = None,
                     weights: Weights | None = None, limit: int = 25) -> list[Toponym]:
    """Resolve each mention of ``text`` to one place, in the context of all of them.

    Parameters
    ----------
    text : str
        The document text the mentions were found in.
    mentions : sequence of Mention
        From :func:`geomap.geoparse.recognize.find_mentions`.
    gaz : GazetteerIndex
        The gazetteer (:func:`geomap.gazetteer.load_gazetteer`).
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
    >>> from geomap.gazetteer import load_gazetteer
    >>> [t.place.feature_code for t in resolve_mentions(text, [Mention(11, 15, "Homs", "GPE",
    ...  type_class="A")], gaz=load_gazetteer())]  # doctest: +SKIP
    ['ADM1']
    """
    weights = weights or Weights()
    extra = dict(context_countries or {})
    dateline = dateline_span(text)
    states = [MentionState(mention=m, ranked=ranked_candidates(gaz, m, limit)) for m in mentions]
    for state in states:
        m = state.mention
        state.dateline = dateline is not None and m.start < dateline.end and dateline.start < m.end
        if state.ranked:
            state.probs = _softmax([s for _, s in state.ranked])
    link_containers(text, states)
    for _ in range(_ROUNDS):
        ctx = read_context(states)
        new: list[list[float] | None] = []
        for k, state in enumerate(states):
            if not state.ranked:
                new.append(None)
                continue
            children = [other for other in states if other.container == k]
            new.append(score_candidates(state, ctx, extra, named_parents(states, k), children,
                                        weights))
        for state, scores in zip(states, new):
            if scores is not None:
                state.probs = _softmax(scores)
                state.choice = max(range(len(scores)), key=scores.__getitem__)
    toponyms = []
    ctx = read_context(states)
    # a namesake abroad of a place the gazetteer lacks, unless the name has a reading at home
    dropped = set()
    for k, state in enumerate(states):
        if state.ranked and out_of_place(state, ctx, extra):
            home = reading_at_home(state, ctx, extra)
            if home is None:
                dropped.add(k)
            else:
                state.choice = home
    for k, state in enumerate(states):
        m = state.mention
        place = state.ranked[state.choice][0] if state.ranked else None
        score = state.probs[state.choice] if place else 0.0
        if k in dropped:
            place, score = None, 0.0
        parents = named_parents(states, k)[:1]
        if place is not None and parents and (place_level(place) > place_level(parents[0])
                                              or (state.pair and place_level(place) == 3)) \
                and (place.country_code != parents[0].country_code
                     or (parents[0].feature_class == "A" and not lies_inside(place, parents[0]))):
            # "Saada village, Hajjah province": no Saada lies in Hajjah, and one elsewhere
            # would be wrong; nor is "the Eastleigh district of Nairobi" in England. The
            # reader falls back on the parent
            place, score = None, 0.0
        if place is None:
            place, score = _borrowed_place(m, states, dropped)
        role = m.role
        if m.metonymic and place is not None and (
                place.feature_code in COUNTRY_CODES or place.feature_code in {"PPLC", "ADM1"}):
            role = "actor"
        toponyms.append(Toponym(start=m.start, end=m.end, name=m.name, place=place,
                                score=round(score, 4), role=role))
    return toponyms
