"""What a report carries from sentence to sentence: subjects, places, claims, its dateline.

- :class:`State`: the last sentence's main subject and event places; "they" / "the group"
  take that subject, "there" / "the city" / "outside the ministry" those places.
- :func:`inherited_places`: the places a sentence without a place of its own points back to.
- :func:`claimed_actor`: the group that claims an attack, or to which the report attributes
  it, anywhere in the report ("Al Shabaab claimed responsibility", "Al Shabaab suspected",
  "X believed responsible", "authorities suspect X", "suspected to have been planted by
  X", "are the suspected perpetrators", "blamed on X", "attributed to X"); "no group has
  claimed" names nobody.
- :func:`main_armed_group`: the armed group the report names most, for its generic agents
  ("the guerrillas");
- :func:`report_country`: the country of the report's incidents, for an event told without
  a place;
- :func:`dateline_toponym`: the place of a dateline ("BAGHDAD, Iraq -"), for "here".

Examples
--------
>>> from geomap.nlp import load_nlp
>>> from geomap.events.actors import load_registry
>>> doc = load_nlp()("A bomb exploded in the market. Hamas claimed responsibility.")
>>> from geomap.events.lexicon import load_lexicon
>>> claimed_actor(doc, load_registry(), load_lexicon()).name
'Hamas'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

if TYPE_CHECKING:
    from geomap.gazetteer import GazetteerIndex

from geomap.dateline import DATELINE, dateline_span
from geomap.events.actors import Actor, ActorRegistry, iso2_of
from geomap.events.lexicon import Lexicon
from geomap.events.locations import (
    LOCATIVE_PREPS,
    MODIFIER_DEPS,
    doer_elsewhere,
    doer_home,
    event_locations,
    held_area,
    in_its_part,
    locative_places,
    toponym_root,
)
from geomap.events.records import Reading
from geomap.events.syntax import left_phrase
from geomap.incidents import Incident
from geomap.nlp import zipf
from geomap.places import Toponym

__all__ = ["State", "claimed_actor", "dateline_toponym", "event_places", "group_countries",
           "inherited_places", "main_armed_group", "opening_place", "report_country",
           "report_place"]

_THERE = re.compile(r"\b(there|nearby|the (?:area|city|town|village|scene|base|site|camp))\b",
                    re.IGNORECASE)
_HERE = re.compile(r"\bhere\b", re.IGNORECASE)
_NOBODY = frozenset({"no", "none", "nobody", "unknown", "unidentified"})


@dataclass(slots=True)
class State:
    """What a sentence leaves for the next: its main subject and its event places.

    Also what the whole report holds: its claimed and main armed group, its dateline's place,
    whether it tells of a disaster (two hazard words or more) or an accident (someone hit
    by a vehicle): its deaths without an attacker or a weapon are no attacks; and the events
    read without a place (each with whether it is in the headline, and the name the
    gazetteer lacks that the sentence writes as its place, if any). A short report tells one
    event, so what one of its sentences says of it holds for all: ``riot`` (how plainly it
    tells of a crowd's violence: a protest was a riot; see
    :class:`~geomap.events.records.Reading`), ``disrupted`` (an explosive was found or
    defused), ``fought_back`` (the attacked side fought back: a battle) and ``mob`` (a mob or
    riot did the violence no one else is named for). ``era`` is the year of the report's
    time: its date's, else the latest it states; events two years before it are history.
    ``first_past`` tells, for each event noun, whether its first mention was history ("the
    1946 lynching"): a later undated "the lynching" is that event.
    """

    subject: Actor | None = None
    in_sentence: Actor | None = None
    places: list[Toponym] = field(default_factory=list)
    dateline: Toponym | None = None
    claimed: Actor | None = None
    armed_group: Actor | None = None
    disaster: bool = False
    accident: bool = False
    riot: int = 0
    disrupted: bool = False
    fought_back: bool = False
    mob: bool = False
    era: int | None = None
    first_past: dict[str, bool] = field(default_factory=dict)
    unplaced: list[tuple[Reading, bool, Toponym | None]] = field(default_factory=list)


def event_places(tok: Token, gov: Token, sent: Span, in_sentence: list[Toponym],
                 actor_tok: Token | None, state: State, here: list[Toponym],
                 first_place: Toponym | None, lex: Lexicon) -> tuple[list[Toponym], float]:
    """The event's places and the confidence factor of how they were found: its clause's
    (1.0); else the sentence's, where its doer is or the place it is named after (0.8); else
    those "there" points back to; else a short report's place (0.5); else, for a place the
    gazetteer lacks, the last event's (0.5)."""
    exclude = {t.i for t in actor_tok.subtree} if actor_tok is not None else set()
    if tok.dep_ == "acl" and tok.head == actor_tok:  # "Police shooting in North Las Vegas"
        exclude -= {t.i for t in tok.subtree}
    places = event_locations(tok, gov, in_sentence, lex, exclude=exclude)
    if places:
        return places, 1.0
    # a place of the sentence, else where the doer is ("students at Maseno University"; not
    # "a commando trained in Nicaragua") or the place it is named after ("Kayole residents")
    part = in_its_part(sent, tok, in_sentence)
    others = locative_places(sent, part, lex, exclude=exclude) \
        or locative_places(sent, part, lex, exclude=doer_elsewhere(actor_tok)) \
        or doer_home(actor_tok, sent, in_sentence, lex)
    if others:
        return others, 0.8
    places, factor = inherited_places(sent, gov, state, here, lex)
    if places:
        return places, factor
    if first_place is not None:  # given only for a short report
        return [first_place], 0.5
    if any(t.place is None and t.role == "location" for t in in_sentence) and state.places:
        return state.places, 0.5  # a place the gazetteer lacks: the last event's, around it
    return [], 1.0


def inherited_places(sent: Span, scope: Token, state: State, here: list[Toponym],
                     lex: Lexicon) -> tuple[list[Toponym], float]:
    """Places the text carries over, with a confidence factor: "there" (not "there are"),
    "the city", "here"."""
    site = any(t.dep_ == "pobj" and t.head.lower_ in LOCATIVE_PREPS and
               t.lemma_.lower() in lex.words("sites") for t in scope.subtree)
    expletive = {t.idx - sent.start_char for t in sent if t.dep_ == "expl"}  # "there are"
    if site or any(m.start() not in expletive for m in _THERE.finditer(sent.text)):
        earlier = here or state.places
        if earlier:
            return list({id(t): t for t in earlier}.values()), 0.6
    if state.dateline is not None and _HERE.search(sent.text):
        return [state.dateline], 0.6
    return [], 1.0


def _claimant(tok: Token) -> Token | None:
    """The party a claim verb names: its subject, "blamed on X", "attributed to X"."""
    lemma = tok.lemma_.lower()
    kids = list(tok.children)
    if lemma in {"blame", "attribute"}:
        for prep in (c for c in kids if c.dep_ == "prep" and c.lower_ in {"on", "to"}):
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    if lemma == "claim":
        said = {c.lemma_.lower() for c in tok.subtree}
        if not said & {"responsibility", "attack", "bombing", "killing", "blast", "strike"}:
            return None
        return next((c for c in kids if c.dep_ == "nsubj"), None)
    return None


def _suspected(verb: Token) -> list[Token]:
    """The phrases that name the suspect of a suspicion verb ("suspect", "believe").

    "Al Shabaab suspected.", "X believed responsible": the subject, unless the verb has an
    object or a clause ("Authorities suspect X": the object; "Police believe X was behind
    it": the clause's subject); "suspected to have been planted by X": the agent of the
    clause; "believed to be X": what the clause says it is. Not what the clause says of
    someone else ("suspect one of the victims was linked to X").
    """
    kids = list(verb.children)
    active = any(c.dep_ in {"dobj", "ccomp"} for c in kids)
    found = [c for c in kids if c.dep_ in {"dobj", "nsubjpass"} or (c.dep_ == "nsubj" and not active)]
    for clause in (c for c in kids if c.dep_ in {"ccomp", "xcomp"}):
        for child in clause.children:
            if child.dep_ in {"nsubj", "attr"}:
                found.append(child)
            elif child.dep_ == "agent":
                found.extend(c for c in child.children if c.dep_ == "pobj")
    return found


def claimed_actor(doc: Doc, registry: ActorRegistry, lex: Lexicon) -> Actor | None:
    """The named group a report holds responsible for its attack, or ``None``.

    Only a group the actor registry knows counts (a claim by "a caller" names nobody), and
    "no group has claimed responsibility" names nobody.

    >>> from geomap.nlp import load_nlp
    >>> from geomap.events.actors import load_registry
    >>> from geomap.events.lexicon import load_lexicon
    >>> doc = load_nlp()("A bus hit a landmine. Al Shabaab believed responsible.")
    >>> claimed_actor(doc, load_registry(), load_lexicon()).name
    'Al-Shabaab'
    """
    for tok in doc:
        lemma = tok.lemma_.lower()
        if lemma in lex.words("culprits") and tok.head.lemma_ == "be":
            named = [next((c for c in tok.head.children if c.dep_ == "nsubj"), None)]
        elif lemma in lex.words("suspicion_verbs") and tok.pos_ == "VERB":
            named = list(_suspected(tok))
        elif lemma in lex.words("claim_verbs") and tok.pos_ == "VERB":
            named = [_claimant(tok)]
        else:
            continue
        for who in named:
            found = _named_group(who, registry)
            if found is not None:
                return found
    return None


def _named_group(who: Token | None, registry: ActorRegistry) -> Actor | None:
    """The known group the phrase of ``who`` names; none for a pronoun or "no group"."""
    if who is None or who.pos_ == "PRON" or any(t.lower_ in _NOBODY for t in who.subtree):
        return None
    subtree = list(who.subtree)
    doc = who.doc
    phrase = doc[subtree[0].i:subtree[-1].i + 1].text if len(subtree) <= 8 else left_phrase(who)
    return registry.find_named(phrase)


_ARMED_GROUP_TYPES = frozenset({"non-state armed group", "militia"})


def main_armed_group(doc: Doc, registry: ActorRegistry) -> Actor | None:
    """The armed group the report names most often, if it names one ("the FMLN").

    Generic agents of the report ("the guerrillas", "terrorists") are taken for it, as a
    coder reading the whole report would.

    >>> from geomap.nlp import load_nlp
    >>> from geomap.events.actors import load_registry
    >>> doc = load_nlp()("The FMLN denied it. Guerrillas attacked a post. The FMLN said so.")
    >>> main_armed_group(doc, load_registry()).name
    'FMLN: Farabundo Marti National Liberation Front'
    """
    counts: dict[str, tuple[int, Actor]] = {}
    for sent in doc.sents:
        found = registry.find_named(sent.text)
        if found is not None and found.type in _ARMED_GROUP_TYPES:
            seen, _ = counts.get(found.name, (0, found))
            counts[found.name] = (seen + 1, found)
    if not counts:
        return None
    return max(counts.values(), key=lambda pair: pair[0])[1]


_HOME_TYPES = _ARMED_GROUP_TYPES | {"political party", "protesters"}


def group_countries(doc: Doc, registry: ActorRegistry, weight: float = 0.5) -> dict[str, float]:
    """The countries (ISO alpha-2) of the armed groups, parties and movements a report names,
    each with ``weight``: evidence of where its places are for the geoparser ("BJP workers
    protested in Punjab" is India's Punjab). State forces are left out: they are named with
    their country.

    >>> from geomap.nlp import load_nlp
    >>> from geomap.events.actors import load_registry
    >>> group_countries(load_nlp()("TTP militants attacked a post."), load_registry())
    {'PK': 0.5}
    """
    found: dict[str, float] = {}
    for sent in doc.sents:
        actor = registry.find_named(sent.text, crowds=True)
        if actor is not None and actor.type in _HOME_TYPES and actor.country:
            found[iso2_of(actor.country)] = weight
    return found


def report_country(found: Sequence[Incident], dateline: Toponym | None,
                   toponyms: Sequence[Toponym], gaz: GazetteerIndex | None,
                   actors: Sequence[Actor] = ()) -> Toponym | None:
    """The country of a report's events, as a country-level toponym, or ``None``.

    For the events a report tells without a place: the country most of its incidents are in
    (incidents at sea count for none); without incidents, the dateline's country; without a
    dateline, the one country all the report's resolved names are in ("Thai police", "in
    Dhaka"); without any, the one home country of the groups, parties and movements among
    the ``actors`` of its events ("JSQM protested in Shaheed Benazirabad", a town the
    gazetteer lacks). Two countries with as many incidents each, or no gazetteer, give
    ``None``.
    """
    if gaz is None:
        return None
    counts: dict[str, int] = {}
    for inc in found:
        if inc.country and inc.precision != "water":
            counts[inc.country] = counts.get(inc.country, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if ranked and len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    named = {t.place.country_code for t in toponyms if t.place is not None and t.place.country_code}
    if ranked:
        place = gaz.country(iso2_of(ranked[0][0]))
    elif dateline is not None and dateline.place is not None:
        place = gaz.country(dateline.place.country_code)
    elif len(named) == 1:
        place = gaz.country(named.pop())
    elif len(homes := {a.country for a in actors
                       if a.known and a.type in _HOME_TYPES and a.country}) == 1:
        place = gaz.country(iso2_of(homes.pop()))
    else:
        return None
    return Toponym(0, 0, place.name, place, 0.5) if place is not None else None


def dateline_toponym(doc: Doc, toponyms: Sequence[Toponym]) -> Toponym | None:
    """The resolved toponym of the report's dateline, or ``None``."""
    found = DATELINE.search(doc.text[:400])
    return _resolved_within(toponyms, found.start(), found.end()) if found else None


def opening_place(doc: Doc, toponyms: Sequence[Toponym]) -> Toponym | None:
    """The resolved toponym of a dateline anywhere in the report's opening, also after a
    headline and with no dash ("Jail death. COVINGTON, Ky. (AP)  A man ..."): where a short
    report was written, which :func:`dateline_toponym` (a wire report's) does not find."""
    opening = dateline_span(doc.text)
    if opening is None:
        return dateline_toponym(doc, toponyms)
    return _resolved_within(toponyms, opening.start, opening.end)


def _resolved_within(toponyms: Sequence[Toponym], start: int, end: int) -> Toponym | None:
    """The first resolved toponym inside the characters ``start:end`` (a dateline's)."""
    return next((t for t in toponyms if t.place is not None and start <= t.start
                 and t.end <= end), None)


def _a_persons_home(root: Token, lex: Lexicon) -> bool:
    """Whether a place headed by ``root`` says where a person is from ("a Cincinnati man",
    "Charles Williams, 39, of Wood County, W. Va.")."""
    while root.dep_ in {"appos", "conj"} and root.head != root:
        root = root.head  # "W. Va." of "of Wood County, W. Va."
    head = root.head
    if root.dep_ == "compound":
        return head.lower_ in lex.words("people")
    return root.dep_ == "pobj" and head.lower_ in {"of", "from"} and (
        head.head.ent_type_ == "PERSON" or head.head.lower_ in lex.words("people"))


# A name more common than this in English is a word, not the town a body is named after.
_WORD_ZIPF = 4.0


def report_place(doc: Doc, toponyms: Sequence[Toponym], lex: Lexicon,
                 gaz: GazetteerIndex | None, dateline: Toponym | None = None) -> Toponym | None:
    """The place of a short report's events that name none.

    Its dateline's; else, of its resolved toponyms that are no actor nor the object of a
    verb on people ("stabbed Welch"), the place below a country it names most often, the
    first of equals; a name that modifies another ("Miami-Dade police"), says where a
    person is from ("West Virginia man charged") or names a street counts only when no other
    is named; else the first town or province a body it names is named after ("Dhaka
    University"), not a people ("Indian troops"), a country or a region ("Myanmar Armed
    Forces", "Asia Pellet Co") or a word of English ("Man Power Workers").

    >>> from geomap.events.lexicon import load_lexicon
    >>> from geomap.gazetteer import load_gazetteer
    >>> from geomap.nlp import load_nlp
    >>> gaz, text = load_gazetteer(), "Man Power and Dhaka University staff protested."
    >>> named = [Toponym(text.index(n), text.index(n) + len(n), n,
    ...                  gaz.ranked(n, limit=1)[0][0], 1.0, "actor") for n in ("Man", "Dhaka")]
    >>> report_place(load_nlp()(text), named, load_lexicon(), gaz).name
    'Dhaka'
    """
    if dateline is not None and dateline.place is not None:
        return dateline
    origins: list[Toponym] = []
    places: list[Toponym] = []
    for topo in toponyms:
        if topo.place is None or topo.role == "actor":
            continue
        root = toponym_root(doc[:], topo, lex)
        if root is not None and root.dep_ == "poss":
            root = held_area(root, lex)  # "in Rajshahi city's Bhadra area"
        if topo.place.feature_code == "ST" or (root is not None and (
                root.dep_ in MODIFIER_DEPS or _a_persons_home(root, lex))):
            # "Cincinnati man dies": where he is from; "Dade police"; a street, placed only
            # by the town the text puts it in
            origins.append(topo)
        elif root is None or root.dep_ not in {"dobj", "nsubjpass"} or \
                root.head.lemma_.lower() in lex.words("place_objects"):
            places.append(topo)
    if places or origins:  # the place below a country named most often, the first of equals
        named = places or origins
        counts = Counter(t.place.id for t in named
                         if t.place is not None and t.place.precision != "country")
        return max(named, key=lambda t: counts[t.place.id] if t.place else 0)
    return next((t for t in toponyms if t.role == "actor" and t.place is not None
                 and gaz is not None and t.place.precision in {"point", "admin1"}
                 and gaz.demonym(t.name) is None and zipf(t.name.lower()) < _WORD_ZIPF), None)
