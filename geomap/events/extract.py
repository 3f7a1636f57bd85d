"""Read incidents from a parsed document: who did what to whom, where and when.

For each trigger of the event lexicon in a sentence (:mod:`geomap.events.syntax` reads the
trigger's sense, agent and target from the parse):

- **action**: the sense's PLOVER type, mode and ACLED (sub-)type, refined by modifier words
  ("missile strikes", "fired rockets"). Statements (accuse, condemn, threaten, demand) and
  senses that are no event ("hit the jackpot") give nothing; so do negated, modal and
  threatened events.
- **actor** and **target**: normalised through :mod:`geomap.events.actors`; generic agents
  become ACLED's generic actors (:mod:`geomap.events.records`); "they" / "the group" take
  the previous sentence's subject; a group that claims the attack anywhere in the report
  (:func:`geomap.events.discourse.claimed_actor`) stands for an unnamed attacker.
- **place**, in order (each with its confidence factor): the places attached to the event
  (:func:`geomap.events.locations.event_locations`, one incident per place: "targets in
  Syria, Iraq, and Pakistan" is three); else the other places of the sentence (0.8); else
  the places the sentence points back to ("there", "the city", "here": 0.6); else, in a short
  report (one event), the report's place (:func:`geomap.events.discourse.report_place`: its
  dateline's, else the place it names most, else the town a body it names is named after,
  0.5); else, when the sentence names a place the gazetteer lacks ("in San Luis de la
  Reina"), the last event's places (0.5); else, once the whole report is read, the country
  of the report's other incidents (0.4, precision ``country``: an event told without a
  place happened where the report's events are), or of the group that did it. An event
  told without a place counts when it names its doer or its dead, or is violence in a
  report with a dateline ("BOGOTA, 30 MAY 89 -- ... at the scene of the bombing"). In a
  report that names no country, an event at a place the gazetteer lacks keeps that place,
  unlocated (precision ``unknown``, no point); other events without a place give nothing.
- **date**: the sentence's date phrase (:mod:`geomap.events.dates`); else the report's own
  date, with ``date_precision`` saying which (stated, relative, report).
- **fatalities**: the deaths the sentence states (:mod:`geomap.events.fatalities`).

Examples
--------
>>> from geomap.events import load_lexicon, load_registry
>>> from geomap.nlp import load_nlp
>>> from geomap.places import Place, Toponym
>>> text = "Russian forces shelled Kharkiv on Tuesday."
>>> kharkiv = Place("gn:706483", "Kharkiv", 49.98, 36.25, "P", "PPLA", "UA", geonameid=706483)
>>> doc = prepare_docs(load_nlp(), [text])[0]
>>> found = incidents_of_doc(load_nlp()(doc), [Toponym(23, 30, "Kharkiv", kharkiv, 0.9)],
...                          doc_id="a1", reference=dt.date(2024, 3, 7), gaz=None,
...                          lexicon=load_lexicon(), registry=load_registry())
>>> [(i.actor, i.action, i.action_mode, i.place_name, i.date, i.date_precision) for i in found]
[('Russia', 'assault', 'missile/heavy-weapons', 'Kharkiv', '2024-03-05', 'relative')]
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from geomap.events.actors import ActorRegistry
from geomap.events.cues import (
    accident,
    armed_victims,
    captive,
    clash_partner,
    disrupted,
    fought_back,
    mob,
    riot_cue,
    victims,
    went_off,
)
from geomap.events.dates import latest_year
from geomap.events.discourse import (
    State,
    claimed_actor,
    dateline_toponym,
    event_places,
    main_armed_group,
    opening_place,
    report_country,
    report_place,
)
from geomap.events.fatalities import fatalities
from geomap.events.happened import hypothetical
from geomap.events.lexicon import Action, Lexicon
from geomap.events.locations import doer_elsewhere, unknown_location
from geomap.events.offsets import stated_offset
from geomap.events.records import (
    Reading,
    consolidate,
    make_incident,
    only_property,
    unopposed_takeover,
)
from geomap.events.roles import resolve_actor, resolve_target
from geomap.events.syntax import (
    actor_token,
    clash_sides,
    doer_runs,
    governor,
    left_phrase,
    main_subject,
    statement_object,
    target_token,
    triggers,
)
from geomap.events.tokens import is_parsed, is_short, prepare_docs
from geomap.events.weapons import one_kind_of_weapon, the_explosion
from geomap.events.when import date_of, future, history
from geomap.incidents import Incident
from geomap.places import Toponym

if TYPE_CHECKING:
    from geomap.gazetteer import GazetteerIndex

__all__ = ["incidents_of_doc", "prepare_docs"]

log = logging.getLogger(__name__)

#: Confidence factor of an event placed only at its report's country.
UNPLACED_FACTOR = 0.4
#: Factor of a campaign told without a place ("the offensive"): less surely one event there.
CAMPAIGN_FACTOR = 0.5
#: Modes of harm that name no weapon: a plain attack, damage to property.
_NO_WEAPON = frozenset({"", "property"})
#: Actor types whose harm with a vehicle is an attack ("militants rammed a truck").
_FIGHTERS = frozenset({"non-state armed group", "militia", "state military"})
_NOMINAL = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})  # an event noun read as a verb
# actor types of a crowd, and of a party's cadres in the street
_CROWDS = frozenset({"protesters", "rioters", "civilians", "political party"})


def _refine(act: Action, tok: Token, lex: Lexicon) -> tuple[str, str, str]:
    """Mode and ACLED types of this use of ``act``, from modifier and instrument words.

    A weapon word refines an attack ("missile strikes"); it makes destruction an explosion
    only as what did it ("destroyed by explosives", "a car bomb damaged"), not as what was
    destroyed ("police destroyed the explosives").
    """
    words: list[tuple[Token, bool]] = []  # (word, whether it names what did it)
    doers: list[tuple[Token, bool]] = []  # the subject's words: "gunmen" only if nothing else
    deps = {"compound", "amod", "nmod"} | ({"dobj", "nsubj", "nsubjpass"}
                                            if tok.pos_ == "VERB" else set())
    for child in tok.children:
        if child.dep_ in deps:
            told = doers if child.dep_ == "nsubj" else words
            told.append((child, child.dep_ == "nsubj"))
            told.extend((c, child.dep_ == "nsubj") for c in child.children
                        if c.dep_ in {"compound", "amod"})
        elif child.dep_ in {"prep", "agent"} and child.lower_ in {"with", "by", "of"}:
            words.extend((c, child.lower_ != "of") for c in child.children if c.dep_ == "pobj")
    for word, agent in words + doers:  # "gunmen hurled explosives": the explosives
        mode = lex.mode(word.lemma_) or lex.mode(word.text)
        if mode is None:
            continue
        blown_up = agent and act.mode == "property" and mode.mode == "explosives"
        if act.plover != "assault" or (act.acled_event_type == "Strategic developments"
                                       and not blown_up):
            return mode.mode, act.acled_event_type, act.acled_sub_event_type
        return (mode.mode, mode.acled_event_type or act.acled_event_type,
                mode.acled_sub_event_type or act.acled_sub_event_type)
    return act.mode, act.acled_event_type, act.acled_sub_event_type


def _concrete(reading: Reading) -> bool:
    """Whether an event told without a place says enough to be one: who did it, or deaths."""
    return reading.actor is not None or bool(reading.fatalities)


def incidents_of_doc(doc: Doc, toponyms: Sequence[Toponym], *, doc_id: str, source: str = "",
                     title: str = "", reference: dt.date | None = None,
                     gaz: GazetteerIndex | None, lexicon: Lexicon,
                     registry: ActorRegistry) -> list[Incident]:
    """Return the incidents of a parsed document, one per (trigger, event place).

    Parameters
    ----------
    doc : spacy.tokens.Doc
        Parsed with tagger, lemmatizer, parser and entities (:func:`geomap.nlp.load_nlp`).
    toponyms : sequence of Toponym
        The document's resolved toponyms (:func:`geomap.geoparse.geoparse_doc`).
    doc_id, source, title : str
        Copied to every incident.
    reference : datetime.date, optional
        The report's date: for relative dates, and the date of incidents whose sentence
        has none.
    gaz : GazetteerIndex or None
        For demonyms and country names in actor phrases, and the country of events told
        without a place; ``None`` reads without a gazetteer: neither is looked up.
    lexicon, registry
        The event lexicon and the actor registry (:func:`geomap.events.load_lexicon`,
        :func:`geomap.events.load_registry`).
    """
    lex, reg = lexicon, registry
    written = doc.text  # a property that joins every token: read it once
    toponyms = [t for t in toponyms if not reg.names_a_group_abroad(written, t)]
    short = is_short(doc)  # a short report tells one event
    state = State(dateline=dateline_toponym(doc, toponyms), claimed=claimed_actor(doc, reg, lex),
                  armed_group=main_armed_group(doc, reg),
                  disaster=len({t.lemma_.lower() for t in doc}
                               & lex.words("hazards")) >= 2,  # not "gas guzzling" twice
                  accident=accident(doc[:], lex),
                  riot=2 if short and riot_cue(doc[:], lex) == 2 else 0,
                  disrupted=short and disrupted(doc[:], lex),
                  fought_back=short and fought_back(doc[:], lex), mob=short and mob(doc[:], lex),
                  era=reference.year if reference else latest_year(
                      e.text for e in doc.ents if e.label_ == "DATE"))
    first_place = report_place(doc, toponyms, lex, gaz, opening_place(doc, toponyms)) \
        if short else None
    headline: list[Incident] = []
    body: list[Incident] = []
    for sent in doc.sents:
        if not is_parsed(sent):
            continue  # no event word: left unparsed (geomap.annotate), it tells no event
        in_headline = _is_headline(sent, title)
        found = _sentence_incidents(sent, toponyms, state, lex, reg, gaz, reference, first_place,
                                    in_headline, doc_id=doc_id, source=source, title=title)
        (headline if in_headline else body).extend(found)
    # Events told without a place happened in the report's country; without one, an event
    # at a place the gazetteer lacks is kept there, unlocated.
    country = report_country(headline + body, state.dateline, toponyms, gaz,
                             [r.actor for r, _, _ in state.unplaced if r.actor is not None])
    by_sentence: dict[tuple[str, bool], list[Incident]] = {}
    for reading, is_headline, unknown in state.unplaced:
        where = country or unknown
        if where is None:
            continue
        placed = make_incident(reading, where, claimed=state.claimed,
                               armed_group=state.armed_group, doc_id=doc_id, source=source,
                               title=title)
        by_sentence.setdefault((reading.sentence, is_headline), []).append(placed)
    for (_, is_headline), group in by_sentence.items():  # one per event, as placed ones
        (headline if is_headline else body).extend(consolidate(group))
    # A headline restates the story: keep its incidents only when the body does not tell them.
    told = [i for i in headline if not any(
        b.action == i.action and (b.actor == i.actor or b.place_name == i.place_name)
        for b in body)]
    weapons = lex.told_weapons(t.lemma_ or t.text for t in doc)  # untagged sentences too
    found = the_explosion(one_kind_of_weapon(told + body, weapons), doc.text)
    if short and not any(t.lemma_.lower() in lex.words("harm") for t in doc):
        found = unopposed_takeover(only_property(found))  # only destroyed, or only took
    labelled = lex.labelled_type(doc.text) if short else None
    if labelled is not None:  # "Property destruction: raiders attacked ..."
        for inc in found:
            inc.acled_event_type, inc.acled_sub_event_type = labelled
    return found


def _is_headline(sent: Span, title: str) -> bool:
    """The document's title, or a first line without a full stop."""
    text = sent.text.strip()
    if title and text == title.strip():
        return True
    if sent.start != 0:
        return False
    after = sent.doc.text[sent.start_char + len(sent.text.rstrip()):sent.end_char + 3]
    return "\n" in after and not text.endswith((".", "!", "?", '"', "\u201d"))


def _carried(found: dict[int, Action], doc: Doc,
             lex: Lexicon) -> tuple[dict[int, Token], set[int]]:
    """Each trigger's governing verb, and the verbs that only carry a noun trigger."""
    governors = {i: governor(doc[i], found, lex) for i in found}
    return governors, {g.i for i, g in governors.items() if g.i != i}


def _deaths_once(found: list[Incident]) -> list[Incident]:
    """A sentence's deaths, counted once: its first incident holds them, the others (more
    places or more events of the same sentence) leave them unknown, so that a sum over
    incidents counts each death once ("killed five in Garissa and Mandera" is five)."""
    counted = False
    for inc in found:
        if inc.fatalities:  # a stated zero counts nothing twice
            if counted:
                inc.fatalities = None
            counted = True
    return found


def _sentence_incidents(sent: Span, toponyms: Sequence[Toponym], state: State, lex: Lexicon,
                        reg: ActorRegistry, gaz: GazetteerIndex | None,
                        reference: dt.date | None, first_place: Toponym | None,
                        in_headline: bool, **meta: str) -> list[Incident]:
    found = triggers(sent, lex)
    governors, carried = _carried(found, sent.doc, lex)
    in_sentence = [t for t in toponyms if sent.start_char <= t.start < sent.end_char]
    out: list[Incident] = []
    places_here: list[Toponym] = []
    state.in_sentence = None
    deaths = fatalities(sent.text)  # what the sentence says, the same for each of its triggers
    # "six guards were wounded in an ambush": who was hit tells what the sentence's attack
    # was, unless an attack names whom it hit ("a commander was shot ..., and an attorney was
    # shot": the attorney is a civilian)
    targets = {i: target_token(sent.doc[i], governors[i]) for i in found}
    hit = {i: victims(sent.doc[i], governors[i], targets[i])
           for i, act in found.items() if act.incident and act.plover == "assault"
           and not hypothetical(sent.doc[i], governors[i], lex)}
    fought = state.fought_back or fought_back(sent, lex)
    armed_here = any(armed_victims(heads, lex, reg) for heads in hit.values())
    riot = max(state.riot, riot_cue(sent, lex))
    defused = state.disrupted or disrupted(sent, lex)
    crowd = state.mob or mob(sent, lex)
    for i, act in found.items():
        tok, gov = sent.doc[i], governors[i]
        if not act.incident or i in carried or hypothetical(tok, gov, lex):
            continue
        actor_tok = actor_token(tok, gov, lex, reg)
        actor, coreferent = (resolve_actor(actor_tok, reg, gaz, lex, state)
                             if actor_tok is not None else (None, False))
        if actor is None and act.plover != "protest":
            # "Gunmen believed to be members of al Shabaab attacked ...": a group named
            # before the trigger in a clause the parser left without a subject; not the
            # soldiers of "five soldiers were killed when an IED exploded"
            actor = next((a for a in map(reg.find_named, doer_runs(sent, tok)) if a), None)
        if actor is not None and actor.known and not coreferent:
            state.in_sentence = actor
        places, factor = event_places(tok, gov, sent, in_sentence, actor_tok, state, places_here,
                                 first_place, lex)
        if factor < 1.0 and (statement_object(tok, lex)
                             or tok.lemma_.lower() in lex.words("campaigns")):
            # "condemned the attacks": an event told elsewhere, not a new one; "after the
            # FMLN offensive began": a campaign, whose events are told with their places
            continue
        when, kind = date_of(sent, gov, reference)
        how = captive(act, tok, actor, lex) or _refine(act, tok, lex)
        by_no_one = act.plover == "assault" and actor is None
        unarmed = how[0] == act.mode  # no weapon word makes it an attack ("striking the car")
        vehicle_harm = unarmed and act.trigger in lex.words("vehicle_harm")
        crash = vehicle_harm and (state.accident or accident(sent, lex))
        past = history(sent, gov, state.era, lex.words("past_eras"), undated=reference is None)
        if tok.pos_ == "NOUN" or tok.dep_ in _NOMINAL:  # "the 1946 lynching" ... "the lynching"
            noun = tok.lemma_ if tok.pos_ == "NOUN" else tok.lower_
            past = past or (kind in {"report", ""} and state.first_past.get(noun, False))
            state.first_past.setdefault(noun, past)
        if future(when, kind, reference) or past \
                or (by_no_one and state.disaster and (how[0] in _NO_WEAPON or vehicle_harm)) \
                or (crash and (actor is None or actor.type not in _FIGHTERS)):
            # a coming or a long past event; deaths or damage in a report about a disaster,
            # by no one and with no weapon ("bridges have been destroyed"); a vehicle's kind
            # of harm in a report about an accident ("was struck", "he struck a car") by no
            # one who fights (nor are its places the ones "there" points back to)
            continue
        if factor >= 0.8:
            places_here.extend(places)
        armed_hit = armed_victims(hit[i], lex, reg) if hit.get(i) else armed_here
        # "clashes with police left 20 villagers injured": no armed side named against the
        # police, and none of the armed hurt, is a crowd's riot
        partner = clash_partner(tok, lex) if actor_tok is None and not armed_hit else None
        side = resolve_target(partner, reg, gaz, lex)
        rioters = side is not None and side.type == "police"
        sides = [a for a in (resolve_target(t, reg, gaz, lex) for t in clash_sides(tok)) if a]
        marchers = next((a for a in sides if a.type in _CROWDS), None)
        if marchers is not None and any(a.type == "police" for a in sides):
            actor, rioters = marchers, True  # "clashes between police and protesters": a riot
        reading = Reading(sentence=sent.text.strip(), trigger=tok.text, action=act, how=how,
                          actor=actor, target=resolve_target(targets[i], reg, gaz, lex),
                          date=when, date_precision=kind, fatalities=deaths,
                          factor=factor, coreferent=coreferent,
                          armed_victims=fought or armed_hit, riot_cue=riot,
                          disrupted=defused and not went_off(tok, lex), mob=crowd or rioters)
        if not places:
            log.debug("no place of its own for %r in %r", tok.text, sent.text)
            # "lynched a thief in Chemelil": a place the gazetteer lacks is still a place
            unknown = unknown_location(sent, in_sentence, lex, exclude=doer_elsewhere(actor_tok))
            # or, in a report with a dateline, violence told without doer or deaths
            if _concrete(reading) or unknown is not None or (
                    state.dateline is not None and act.plover == "assault"):
                reading.factor = UNPLACED_FACTOR * (
                    CAMPAIGN_FACTOR if tok.lemma_.lower() in lex.words("campaigns") else 1.0)
                state.unplaced.append((reading, in_headline, unknown))
            continue
        for topo in places:
            out.append(make_incident(reading, topo, claimed=state.claimed,
                                     armed_group=state.armed_group,
                                     offset=stated_offset(sent.doc.text, topo), **meta))
    out = _deaths_once(consolidate(out))
    subject = main_subject(sent)
    if subject is not None and subject.pos_ != "PRON":
        resolved = reg.resolve(left_phrase(subject), gaz)
        if resolved.known:
            state.subject = resolved
    if places_here:
        state.places = places_here
    return out
