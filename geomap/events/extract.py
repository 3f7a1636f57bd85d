"""Read incidents from a parsed document: who did what to whom, where and when.

For each trigger of the action lexicon (:mod:`geomap.events.lexicon`) in a sentence:

- **action**: the trigger's PLOVER type; its mode and ACLED (sub-)type refined by modifier
  words ("missile strikes", "fired rockets"). A noun trigger that is the object of a light
  verb ("conducted strikes", "carried out raids") or of another trigger ("launched an
  attack") makes one incident, not two. Statements (accuse, condemn, threaten, demand,
  sanction) are **not** incidents: they are recognised only so that their speaker is never
  taken for an attacker.
- **actor**: the trigger's own possessor or modifier ("Iran's strikes", "US strikes",
  "Houthi missile attacks"), "by/from X", else the subject of the governing verb (the agent
  of a passive; climbing through "to stop", conjunctions and "accused of attacking"),
  normalised through :mod:`geomap.events.actors`. "They" / "the group" take the previous
  sentence's main subject, with lower confidence. No actor is kept as ``""``.
- **target**: the object, or "on/against X", normalised the same way.
- **place**: :func:`geomap.events.locations.event_locations`; one incident per place
  ("targets in Syria, Iraq, and Pakistan" is three). A sentence with no usable place
  inherits the previous sentence's place only when it says so ("there", "the area", "the
  city", ...), or the dateline's place for "here", with lower confidence; else the trigger
  gives no incident (logged at debug level).
- **date**: the sentence's date phrase resolved by :mod:`geomap.events.dates`.

Examples
--------
>>> from geomap.nlp import load_nlp
>>> from geomap.places import Place, Toponym
>>> text = "Russian forces shelled Kharkiv on Tuesday."
>>> kharkiv = Place("gn:706483", "Kharkiv", 49.98, 36.25, "P", "PPLA", "UA", geonameid=706483)
>>> doc = prepare_docs(load_nlp(), [text])[0]
>>> found = incidents_of_doc(load_nlp()(doc), [Toponym(23, 30, "Kharkiv", kharkiv, 0.9)],
...                          doc_id="a1", reference=dt.date(2024, 3, 7), gaz=None)
>>> [(i.actor, i.action, i.action_mode, i.place_name, i.date) for i in found]
[('Russia', 'assault', 'missile/heavy-weapons', 'Kharkiv', '2024-03-05')]
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from geomap.events.actors import Actor, ActorRegistry, iso3, load_registry
from geomap.events.dates import resolve_date
from geomap.events.lexicon import Action, Lexicon, load_lexicon
from geomap.events.locations import LOCATIVE_PREPS, event_locations
from geomap.incidents import Incident
from geomap.places import Toponym

if TYPE_CHECKING:
    from geomap.gazetteer import GazetteerIndex

__all__ = ["LIGHT_VERBS", "incidents_of_doc", "prepare_docs", "source_ref"]

log = logging.getLogger(__name__)

# Verbs that only carry an event noun: "conducted strikes", "carried out raids".
LIGHT_VERBS = frozenset({
    "conduct", "carry", "launch", "stage", "mount", "unleash", "begin", "continue", "resume",
    "make", "order", "open", "hold", "perform", "execute", "intensify", "escalate", "step",
    "claim", "organise", "organize", "lead",
})
_QUANTITIES = frozenset({"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens",
                         "score", "scores", "crowd", "crowds", "group", "groups"})
_MODALS = frozenset({"would", "will", "could", "might", "may", "should", "shall", "'ll"})
# Sites in a place already named: "a rally outside parliament", "outside the interior ministry".
_SITES = frozenset({
    "parliament", "ministry", "embassy", "consulate", "market", "hospital", "school", "mosque",
    "church", "university", "headquarters", "office", "offices", "square", "station", "base",
    "camp", "checkpoint", "compound", "palace", "court", "courthouse", "prison", "building",
    "airport", "port", "residence", "bank", "stadium",
})
_PRONOUNS = frozenset({"they", "it", "he", "she", "we"})
_ANAPHORS = frozenset({"group", "militia", "rebels", "militants", "movement", "organization",
                       "organisation", "insurgents", "fighters"})
_THERE = re.compile(r"\b(there|nearby|the (?:area|city|town|village|scene|base|site|camp))\b",
                    re.IGNORECASE)
_HERE = re.compile(r"\bhere\b", re.IGNORECASE)
# A dateline at the start of a line: "BAGHDAD, Iraq –", "KYIV (Reuters) -".
_DATELINE = re.compile(r"^[ \t]*[A-Z][A-Z .'-]{2,}(?:,[ \t]*[A-Za-z .'-]+)?[ \t]*(?:\([^)]*\))?"
                       r"[ \t]*[-\u2013\u2014]+[ \t]*", re.MULTILINE)


def prepare_docs(nlp: Language, texts: Iterable[str]) -> list[Doc]:
    """Tokenise ``texts`` with sentence starts at line breaks and after datelines.

    Headlines and datelines have no full stop; without this they run into the first sentence.
    The returned (unparsed) docs go through ``nlp.pipe`` like texts.
    """
    docs = []
    for text in texts:
        doc = nlp.make_doc(text)
        starts = {m.end() for m in _DATELINE.finditer(text)}
        for k in range(1, len(doc)):
            prev = doc[k - 1]
            if doc[k].is_space:
                continue
            if "\n" in prev.text_with_ws or doc[k].idx in starts:
                doc[k].is_sent_start = True
        docs.append(doc)
    return docs


@dataclass(slots=True)
class _State:
    """What a sentence leaves for the next: its main subject and its event places."""

    subject: Actor | None = None
    in_sentence: Actor | None = None
    places: list[Toponym] = field(default_factory=list)
    dateline: Toponym | None = None


@dataclass(slots=True)
class _Found:
    actor: Actor | None
    actor_token: Token | None
    coreferent: bool = False


def _trigger(tok: Token, lex: Lexicon) -> Action | None:
    if tok.pos_ == "VERB":
        return lex.action(tok.lemma_, "VERB")
    if tok.pos_ == "NOUN":
        return lex.action(tok.lemma_, "NOUN")
    if tok.pos_ == "PROPN" and tok.is_title and tok.ent_type_ in {"", "ORG"}:
        return lex.action_of_form(tok.text)  # a Title Case headline the tagger misread
    return None


def _related_words(tok: Token) -> list[Token]:
    """Modifiers, instruments and (for verbs) objects: how an action was done.

    "missile strikes", "fired rockets", "attacked with drones"; not the target of a noun
    ("strikes against missiles").
    """
    deps = {"compound", "amod", "nmod"} | ({"dobj", "nsubj", "nsubjpass"}
                                            if tok.pos_ == "VERB" else set())
    words = []
    for child in tok.children:
        if child.dep_ in deps:
            words.append(child)
            words.extend(c for c in child.children if c.dep_ in {"compound", "amod"})
        elif child.dep_ in {"prep", "agent"} and child.lower_ in {"with", "by", "of"}:
            words.extend(c for c in child.children if c.dep_ == "pobj")
    return words


def _refine(act: Action, tok: Token, lex: Lexicon) -> tuple[str, str, str] | None:
    """Mode and ACLED types of this use of ``act``; ``None`` if a required word is missing."""
    words = _related_words(tok)
    if act.needs:
        if act.needs == ("weapon",):
            if not any(lex.mode(w.lemma_) or lex.mode(w.text) for w in words):
                return None
        elif not any(w.lemma_.lower() in act.needs for w in words):
            return None
    for word in words:
        mode = lex.mode(word.lemma_) or lex.mode(word.text)
        if mode is not None:
            if act.plover != "assault":  # "gunmen kidnapped": still an abduction
                return mode.mode, act.acled_event_type, act.acled_sub_event_type
            return (mode.mode, mode.acled_event_type or act.acled_event_type,
                    mode.acled_sub_event_type or act.acled_sub_event_type)
    return act.mode, act.acled_event_type, act.acled_sub_event_type


def _governor(tok: Token, triggers: dict[int, Action]) -> Token:
    """The verb whose clause is the event's, for a noun trigger that is its object."""
    if tok.pos_ in {"NOUN", "PROPN"} and tok.dep_ in {"dobj", "nsubj", "nsubjpass"}:
        head = tok.head
        if head.pos_ == "VERB" and (head.lemma_.lower() in LIGHT_VERBS or
                                    (head.i in triggers and triggers[head.i].incident)):
            return head
    return tok


def _actor_like(tok: Token, lex: Lexicon) -> bool:
    if lex.mode(tok.lemma_) or lex.mode(tok.text):
        return False
    return (tok.pos_ == "PROPN" or tok.ent_type_ in {"NORP", "GPE", "ORG"}
            or load_registry().lookup(tok.text) is not None)


def _subject_of(verb: Token, lex: Lexicon) -> Token | None:
    """The agent of ``verb``, climbing through xcomp/advcl/conj and "accused of ..."."""
    for _ in range(5):
        kids = list(verb.children)
        if any(c.dep_ in {"nsubjpass", "auxpass"} for c in kids):
            for agent in (c for c in kids if c.dep_ == "agent"):
                return next((c for c in agent.children if c.dep_ == "pobj"), None)
            if verb.dep_ not in {"xcomp", "advcl", "conj", "pcomp"}:
                return None
        else:
            subj = next((c for c in kids if c.dep_ in {"nsubj", "csubj"}), None)
            if subj is not None:
                return None if subj.lower_ in {"which", "that"} else subj
        if verb.dep_ == "relcl":
            return verb.head
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
            stmt = verb.head.head
            act = lex.action(stmt.lemma_, "VERB")
            if act is not None and not act.incident:  # "X was accused of attacking": X
                stmt_kids = list(stmt.children)
                return next((c for c in stmt_kids if c.dep_ == "dobj"), None) or next(
                    (c for c in stmt_kids if c.dep_ == "nsubjpass"), None)
            verb = stmt
            continue
        if verb.dep_ in {"xcomp", "advcl", "conj", "ccomp"} and verb.head.pos_ in {"VERB", "AUX"}:
            if verb.dep_ == "ccomp":
                return None
            verb = verb.head
            continue
        return None
    return None


def _actor_token(tok: Token, gov: Token, lex: Lexicon) -> Token | None:
    if tok.pos_ in {"NOUN", "PROPN"}:
        for child in tok.children:
            if child.dep_ == "poss" and child.lower_ not in {"its", "their"}:
                return child
        for child in tok.lefts:
            if child.dep_ in {"compound", "amod", "nmod"} and _actor_like(child, lex):
                return child
        for child in tok.children:
            if child.dep_ in {"prep", "agent"} and child.lower_ in {"by", "from"}:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        if gov == tok or tok.dep_ in {"nsubj", "nsubjpass"}:
            return None
    return _subject_of(gov, lex)


def _left_phrase(tok: Token) -> str:
    """The noun phrase of ``tok`` up to its head word (no relative clause, no "including")."""
    doc = tok.doc
    left = min([tok.i] + [t.i for t in tok.lefts for t in t.subtree]) if tok.n_lefts else tok.i
    return doc[left:tok.i + 1].text


def _of_quantity(tok: Token) -> Token:
    """"Thousands of protesters" -> "protesters"."""
    if tok.lemma_.lower() in _QUANTITIES:
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
            return next((c for c in prep.children if c.dep_ == "pobj"), tok)
    return tok


def _resolve_actor(tok: Token, reg: ActorRegistry, gaz: GazetteerIndex | None,
                   state: _State) -> _Found:
    tok = _of_quantity(tok)
    phrase = _left_phrase(tok)
    words = phrase.lower().split()
    if tok.lower_ in _PRONOUNS or (len(words) <= 2 and words[0] in {"the", "this"}
                                   and words[-1] in _ANAPHORS):
        earlier = state.in_sentence or state.subject
        return _Found(earlier, tok, coreferent=earlier is not None)
    if words[0] in {"its", "their"}:  # "US Central Command said its forces ...": the speaker's
        owner = _main_subject(tok.sent)
        if owner is not None and owner != tok and owner.pos_ != "PRON":
            found = reg.resolve(_left_phrase(owner), gaz)
            if found.known:
                return _Found(found, tok, coreferent=True)
    subtree = list(tok.subtree)
    if len(subtree) <= 12:
        full = tok.doc[subtree[0].i:subtree[-1].i + 1].text
        hit = reg.lookup(full)
        if hit is not None:
            return _Found(reg.resolve(full, gaz), tok)
    return _Found(reg.resolve(phrase, gaz), tok)


def _target_token(tok: Token, gov: Token) -> Token | None:
    for head in (tok, gov):
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in {"on", "against", "at"}:
                child = next((c for c in child.children if c.dep_ == "pobj"), child)
            elif child.dep_ != "dobj" or child == tok:
                continue
            if child.dep_ in {"dobj", "pobj"} and child.ent_type_ not in {"DATE", "TIME"} \
                    and child.pos_ != "PRON":
                return child
    return None


def _resolve_target(tok: Token | None, reg: ActorRegistry, gaz: GazetteerIndex | None) -> Actor | None:
    if tok is None:
        return None
    subtree = list(tok.subtree)
    whole = reg.lookup(tok.doc[subtree[0].i:subtree[-1].i + 1].text) if len(subtree) <= 12 else None
    if whole is not None:
        return whole
    first = reg.resolve(_left_phrase(tok), gaz)
    if first.known:
        return first
    # A known party named inside the target phrase ("facilities used by Iran-backed militia");
    # places there are the event location, not the target, so no gazetteer here.
    for chunk in tok.doc[min(t.i for t in tok.subtree):max(t.i for t in tok.subtree) + 1].noun_chunks:
        if chunk.root == tok:
            continue
        found = reg.resolve(chunk.text)
        if found.known and found.name != first.name:
            return found
    return first


def _date_of(sent: Span, scope: Token, reference: dt.date | None) -> str:
    inside = {t.i for t in scope.subtree}
    ents = [e for e in sent.ents if e.label_ in {"DATE", "TIME"}]
    ents.sort(key=lambda e: (e.root.i not in inside, e.start))
    for ent in ents:
        before = sent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
        text = ent.text if before not in {"since", "until"} else "since " + ent.text
        found = resolve_date(text, reference)
        if found:
            return found
    return ""


def _main_subject(sent: Span) -> Token | None:
    return next((c for c in sent.root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


def _dateline_toponym(doc: Doc, toponyms: Sequence[Toponym]) -> Toponym | None:
    found = _DATELINE.search(doc.text[:400])
    if not found:
        return None
    return next((t for t in toponyms if t.place is not None and found.start() <= t.start
                 and t.end <= found.end()), None)


def incidents_of_doc(doc: Doc, toponyms: Sequence[Toponym], *, doc_id: str, source: str = "",
                     title: str = "", reference: dt.date | None = None,
                     gaz: GazetteerIndex | None = None, lexicon: Lexicon | None = None,
                     registry: ActorRegistry | None = None) -> list[Incident]:
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
        The article's date, for relative dates.
    gaz : GazetteerIndex, optional
        For demonyms and country names in actor phrases (skipped when ``None``).
    lexicon, registry : optional
        Default :func:`load_lexicon` and :func:`load_registry`.
    """
    lex = lexicon or load_lexicon()
    reg = registry or load_registry()
    state = _State(dateline=_dateline_toponym(doc, toponyms))
    headline: list[Incident] = []
    body: list[Incident] = []
    for sent in doc.sents:
        found = _sentence_incidents(sent, toponyms, state, lex, reg, gaz, reference,
                                    doc_id=doc_id, source=source, title=title)
        (headline if _is_headline(sent, title) else body).extend(found)
    # A headline restates the story: keep its incidents only when the body does not tell them.
    told = [i for i in headline if not any(
        b.action == i.action and (b.actor == i.actor or b.place_name == i.place_name)
        for b in body)]
    return told + body


def _is_headline(sent: Span, title: str) -> bool:
    """The document's title, or a first line without a full stop."""
    text = sent.text.strip()
    if title and text == title.strip():
        return True
    return sent.start == 0 and "\n" in sent.doc.text[sent.end_char:sent.end_char + 3] \
        and not text.endswith((".", "!", "?", '"', "\u201d"))


def _hypothetical(tok: Token, gov: Token, lex: Lexicon) -> bool:
    """A negated, modal or threatened event ("would be a disaster", "warned of strikes")."""
    node = gov
    while True:
        for child in node.children:
            if child.dep_ == "neg" or (child.dep_ == "aux" and child.lower_ in _MODALS):
                return True
        act = lex.action(node.lemma_, "VERB") if node.pos_ == "VERB" else None
        if node != tok and act is not None and act.plover in {"threaten", "request"}:
            return True
        if node.head.i == node.i or node.dep_ in {"ccomp", "relcl", "acl"}:
            return False
        node = node.head


def _sentence_incidents(sent: Span, toponyms: Sequence[Toponym], state: _State, lex: Lexicon,
                        reg: ActorRegistry, gaz: GazetteerIndex | None,
                        reference: dt.date | None, **meta: str) -> list[Incident]:
    triggers = {t.i: a for t in sent if (a := _trigger(t, lex)) is not None}
    governors = {i: _governor(sent.doc[i], triggers) for i in triggers}
    carried = {g.i for i, g in governors.items() if g.i != i}
    in_sentence = [t for t in toponyms if sent.start_char <= t.start < sent.end_char]
    out: list[Incident] = []
    places_here: list[Toponym] = []
    state.in_sentence = None
    for i, act in triggers.items():
        tok, gov = sent.doc[i], governors[i]
        if not act.incident or i in carried or _hypothetical(tok, gov, lex):
            continue
        refined = _refine(act, tok, lex)
        if refined is None:
            continue
        actor_tok = _actor_token(tok, gov, lex)
        who = _resolve_actor(actor_tok, reg, gaz, state) if actor_tok is not None else _Found(None, None)
        if who.actor is not None and who.actor.known and not who.coreferent:
            state.in_sentence = who.actor
        exclude = {t.i for t in actor_tok.subtree} if actor_tok is not None else set()
        places = event_locations(tok, gov, in_sentence, exclude=exclude)
        factor = 1.0
        if not places:
            places, factor = _inherited(sent, gov, state, places_here)
        if not places:
            log.debug("no usable place for %r in %r", tok.text, sent.text)
            continue
        if factor == 1.0:
            places_here.extend(places)
        target = _resolve_target(_target_token(tok, gov), reg, gaz)
        when = _date_of(sent, gov, reference)
        for topo in places:
            out.append(_incident(sent, tok, act, refined, who, target, topo, when, factor,
                                 **meta))
    subject = _main_subject(sent)
    if subject is not None and subject.pos_ != "PRON":
        resolved = reg.resolve(_left_phrase(subject), gaz)
        if resolved.known:
            state.subject = resolved
    if places_here:
        state.places = places_here
    return out


def _inherited(sent: Span, scope: Token, state: _State,
               here: list[Toponym]) -> tuple[list[Toponym], float]:
    """Places the text carries over: "there", "the city", "outside the ministry", "here"."""
    site = any(t.dep_ == "pobj" and t.head.lower_ in LOCATIVE_PREPS and
               t.lemma_.lower() in _SITES for t in scope.subtree)
    if site or _THERE.search(sent.text):
        earlier = here or state.places
        if earlier:
            return list({id(t): t for t in earlier}.values()), 0.6
    if state.dateline is not None and _HERE.search(sent.text):
        return [state.dateline], 0.6
    return [], 1.0


def _incident(sent: Span, tok: Token, act: Action, how: tuple[str, str, str], who: _Found,
              target: Actor | None, topo: Toponym, when: str, factor: float,
              **meta: str) -> Incident:
    place = topo.place
    if place is None:
        raise ValueError(f"toponym {topo.name!r} has no resolved place")
    actor = who.actor
    if act.plover == "protest" and (actor is None or not actor.known
                                    or actor.type in {"protesters", "civilians"}):
        actor = Actor("Protesters", iso3(place.country_code), "protesters")
    confidence = 0.3 + 0.3 * topo.score
    if actor is not None:
        confidence += 0.3 if actor.known else 0.15
    confidence *= factor * (0.8 if who.coreferent else 1.0)
    text = sent.text.strip()
    return Incident(
        doc_id=meta["doc_id"], source=meta.get("source", ""), title=meta.get("title", ""),
        sentence=text, trigger=tok.text, actor=actor.name if actor else "",
        actor_country=actor.country if actor else "", actor_type=actor.type if actor else "",
        action=act.plover, action_mode=how[0], acled_event_type=how[1],
        acled_sub_event_type=how[2], target=target.name if target else "",
        target_country=target.country if target else "", place_name=place.name,
        lon=place.lon, lat=place.lat, precision=place.precision, geonameid=place.geonameid,
        country=iso3(place.country_code), date=when, confidence=round(min(confidence, 1.0), 3),
        sources=[source_ref(meta.get("source", ""), meta["doc_id"])],
    )


def source_ref(source: str, doc_id: str) -> str:
    """How an incident names its document: the URL or file, ``feed#id`` for a feed row.

    >>> source_ref("https://x.org/a", "a1"), source_ref("news/a1.txt", "a1"), source_ref("f.jsonl", "a1")
    ('https://x.org/a', 'news/a1.txt', 'f.jsonl#a1')
    """
    if not source:
        return doc_id
    if "://" in source or PurePath(source).stem == doc_id:
        return source
    return f"{source}#{doc_id}"
