"""Tokenising news text for event reading: sentence starts at line breaks and datelines.

Headlines and datelines have no full stop; without these starts they run into the first
sentence. Text written in capitals (wire news) is true-cased first by the caller
(:func:`geomap.nlp.prepare_text`), keeping every offset.

Examples
--------
>>> from geomap.nlp import load_nlp
>>> doc = prepare_docs(load_nlp(), ["Gunmen kill 3\\nThree people died."])[0]
>>> [t.i for t in doc if t.is_sent_start]
[0, 4]
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from geomap.annotate import inflected_forms
from geomap.dateline import DATELINE
from geomap.events.lexicon import Lexicon

__all__ = ["PRONOUNS", "SHORT_REPORT_CHARS", "EventCues", "event_cues", "is_parsed",
           "is_short", "prepare_docs"]

#: A report of at most this many characters (an analyst's note, a brief) tells one event.
SHORT_REPORT_CHARS = 1000
# The word sets read across a whole report (claims, suspicions, culprits, disasters,
# accidents, harm): their sentences are parsed too.
_REPORT_SETS = ("claim_verbs", "suspicion_verbs", "culprits", "hazards", "harm", "vehicles",
                "vehicle_harm")
#: Personal pronouns that may stand for an earlier sentence's subject.
PRONOUNS = frozenset({"they", "it", "he", "she", "we"})
# Month names as written: "March" and "May" are no verbs.
_MONTHS = frozenset(calendar.month_name[1:])


def is_parsed(sent: Span) -> bool:
    """Whether the model parsed ``sent`` (tagged it): :func:`geomap.annotate.annotate` leaves
    the sentences that hold no event word unparsed, as flat trees without tags.

    >>> from geomap.nlp import load_nlp
    >>> is_parsed(load_nlp()("Troops left.")[:]), is_parsed(load_nlp().make_doc("Troops left.")[:])
    (True, False)
    """
    return bool(len(sent)) and bool(sent[0].tag_)


def is_short(doc: Doc) -> bool:
    """Whether ``doc`` is a short report (:data:`SHORT_REPORT_CHARS`), which tells one event.

    >>> from geomap.nlp import load_nlp
    >>> is_short(load_nlp().make_doc("Gunmen killed 3.")), is_short(load_nlp().make_doc("a " * 600))
    (True, False)
    """
    return not len(doc) or doc[-1].idx + len(doc[-1].text_with_ws) <= SHORT_REPORT_CHARS


def prepare_docs(nlp: Language, texts: Iterable[str]) -> list[Doc]:
    """Tokenise ``texts`` with sentence starts at line breaks and after datelines.

    A bracket ("terrorists of the FMLN [Farabundo Marti ...] in San Miguel") never starts
    a sentence, nor does anything inside it.

    The returned (unparsed) docs go to :func:`geomap.geoparse.read_docs`, which annotates them.
    """
    docs = []
    for text in texts:
        doc = nlp.make_doc(text)
        starts = {m.end() for m in DATELINE.finditer(text)}
        depth = 0
        for k in range(1, len(doc)):
            prev = doc[k - 1]
            depth = max(0, depth + (prev.text == "[") - (prev.text == "]"))
            if doc[k].is_space:
                continue
            if "\n" in prev.text_with_ws or doc[k].idx in starts:
                doc[k].is_sent_start = True
            elif depth or doc[k].text == "[" or (prev.text == "]" and doc[k].is_lower):
                doc[k].is_sent_start = False  # "[FMLN] in San Miguel": one sentence
        docs.append(doc)
    return docs


@dataclass(frozen=True, slots=True)
class EventCues:
    """The words, as written, that make a sentence worth parsing for events.

    Parameters
    ----------
    words
        Forms of a trigger, or of a word read across the whole report (claims, culprits,
        hazards, harm, vehicles), that suffice.
    needing
        Forms of a trigger that count only with a form of one of these context words
        ("set" with "fire").
    backward
        Words that refer to an earlier sentence ("they", "the group"): a sentence that tells
        an event with one of them wants the sentence before parsed too, for its subject.
    """

    words: frozenset[str]
    needing: dict[str, frozenset[str]]
    backward: frozenset[str]

    def tells(self, sent: Span) -> bool:
        """Whether ``sent`` may tell an event (or a claim, a culprit, a hazard)."""
        lows = {t.lower_ for t in sent if t.text not in _MONTHS}
        return not self.words.isdisjoint(lows) or any(
            not self.needing[w].isdisjoint(lows) for w in lows & self.needing.keys())

    def to_parse(self, sents: list[Span]) -> set[int]:
        """Which of a report's ``sents`` to parse: those that may tell an event, the one
        before such a sentence that refers back to it ("they", "the group"), and all of a
        short report (:data:`SHORT_REPORT_CHARS`), whose cues count across sentences."""
        if not sents or is_short(sents[0].doc):
            return set(range(len(sents)))
        told = {k for k, sent in enumerate(sents) if self.tells(sent)}
        back = {k - 1 for k in told
                if k and not self.backward.isdisjoint(t.lower_ for t in sents[k])}
        return told | back


@functools.lru_cache(maxsize=2)
def event_cues(nlp: Language, lex: Lexicon) -> EventCues:
    """The :class:`EventCues` of the lexicon ``lex``, every word in every form the model's
    lemmatizer reads as it (:func:`geomap.annotate.inflected_forms`).

    >>> from geomap.events.lexicon import load_lexicon
    >>> from geomap.nlp import load_nlp
    >>> cues = event_cues(load_nlp(), load_lexicon())
    >>> doc = load_nlp()("Gunmen set fire to a bus. The set was fine. They struck again.")
    >>> [cues.tells(s) for s in doc.sents], sorted(cues.to_parse(list(doc.sents)))
    ([True, False, True], [0, 1, 2])
    """
    words = set().union(*(lex.words(name) for name in _REPORT_SETS))
    needing: dict[str, frozenset[str]] = {}
    for lemma, needs in lex.trigger_cues().items():
        if not needs:
            words.add(lemma)
            continue
        context = inflected_forms(nlp, needs)
        for form in inflected_forms(nlp, [lemma]):
            needing[form] = needing.get(form, frozenset()) | context
    backward = PRONOUNS | lex.words("anaphors")
    return EventCues(inflected_forms(nlp, words), needing, frozenset(backward))
