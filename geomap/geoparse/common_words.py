"""Capitalised common words: when a capital letter tells nothing of a place.

A word that opens a sentence or a headline is capitalised for its position ("Coffee farmers
cut down trees", "Cane farmers protest"). When it is also a common English noun or
adjective, the gazetteer's town of that name ("Coffee" County, "Cane" in Honduras) is no
place of the text on the weak evidence that it modifies a noun of local news ("farmers"):
only the text naming it a place elsewhere, or its prominence ("Mobile police said"), makes
it one. (Inside a sentence the capital is the writer's, and a common word may name a small
town: "the Saratoga native", "Lindsay area".)

The same holds inside a place entity the gazetteer lacks: "Lake Turkana" or "Mount Elgon"
is no "Lake" or "Mount", the first word of "Moi Gardens" or "Freedom Park" names a
person or an idea more often than the town the park is in, and "Ras Kitua" is no "Ras".

Examples
--------
>>> from geomap.nlp import load_nlp
>>> nlp = load_nlp()
>>> doc = nlp.make_doc("Coffee farmers met Nakuru traders.")
>>> opens_sentence(doc[0]), opens_sentence(doc[3])
(True, False)
>>> common_word("Coffee", nlp), common_word("Nakuru", nlp)
(True, False)
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Span, Token

from geomap.annotate import lemma_index
from geomap.gazetteer.names import TYPE_WORDS
from geomap.geoparse.lexicon import DIRECTION_WORDS, INSTITUTION_WORDS, NAME_SUFFIXES, PARK_WORDS
from geomap.nlp import zipf

__all__ = ["COMMON_ZIPF", "GENERIC_ZIPF", "capitalised_for_position", "common_word",
           "lone_first_word", "opens_sentence"]

#: Zipf frequency from which a word of the lemmatizer's nouns and adjectives is common
#: English ("cane" 3.8, "jubilee" 3.4): rarer entries are mostly names ("kisumu" 2.2).
COMMON_ZIPF = 3.0
#: Zipf frequency from which such a word is a generic one that leads names of places
#: ("lake" 4.8, "mount" 4.5, "fort" 4.5) more often than it names one; the lemmatizer's
#: nouns hold names of people and places too ("greer" 3.2, "walnut" 3.6).
GENERIC_ZIPF = 4.0
_SHORTEST = 3  # letters of the shortest common word: "D" in "D-Iowa City" is no noun
_SENTENCE_ENDS = frozenset({".", "!", "?", ":", ";", "|", "--", "\u2013", "\u2014"})


def opens_sentence(token: Token) -> bool:
    """Whether ``token`` opens a sentence, a headline or the text, after any opening quote
    or bracket ("Coffee farmers ...", '"Cane farmers ...').

    >>> from geomap.nlp import load_nlp
    >>> doc = load_nlp().make_doc('Rain fell. "Cane farmers protest," he said.')
    >>> [t.text for t in doc if opens_sentence(t)]
    ['Rain', 'Cane']
    """
    doc = token.doc
    i = token.i
    while i > 0 and (doc[i - 1].is_quote or doc[i - 1].is_left_punct or doc[i - 1].is_space):
        i -= 1
    if token.is_quote or token.is_punct:
        return False
    return i == 0 or doc[i - 1].text in _SENTENCE_ENDS


def common_word(text: str, nlp: Language, least: float = COMMON_ZIPF) -> bool:
    """Whether ``text`` is one word whose lower-case form is a common English noun or
    adjective in the model's lemmatizer ("Coffee", "Lake", "Gardens"), at least ``least``
    on the Zipf scale, not a rare name.

    >>> from geomap.nlp import load_nlp
    >>> [common_word(w, load_nlp()) for w in ("Lake", "Jubilee", "Kisumu", "New York", "D")]
    [True, True, False, False, False]
    >>> common_word("Lake", load_nlp(), GENERIC_ZIPF), common_word("Glacier", load_nlp(), GENERIC_ZIPF)
    (True, False)
    """
    word = text.lower()
    if not word.isalpha() or len(word) < _SHORTEST or zipf(word) < least:
        return False
    nouns, adjectives = lemma_index(nlp, "noun"), lemma_index(nlp, "adj")
    return word in nouns or word in adjectives or (word.endswith("s") and word[:-1] in nouns)


def lone_first_word(ent: Span, start: int, end: int) -> bool:
    """Whether ``ent[start:end]`` (document token offsets) is the first word alone of a name
    of two words whose second word names something of its own: "Ras" Kitua, "Moi" Gardens,
    "Uhuru" Park. A park is named after people and events as often as after the town it is
    in, and a place with a name of two words is no place named by its first. A second word
    that says what kind of place or body the first names keeps it ("Garissa Town", "Baringo
    North", "Gatundu Market", "Kabul Province").

    >>> from geomap.nlp import load_nlp
    >>> doc = load_nlp().make_doc("They met at Moi Gardens, Ras Kitua and Garissa Town.")
    >>> [lone_first_word(doc[a:a + 2], a, a + n) for a, n in ((3, 1), (3, 2), (6, 1), (9, 1))]
    [True, False, True, False]
    """
    if not (start == ent.start and end == start + 1 == ent.end - 1):
        return False
    second = ent[-1].text
    return second in PARK_WORDS or not (
        second.lower() in TYPE_WORDS or second in NAME_SUFFIXES or second in DIRECTION_WORDS
        or second in INSTITUTION_WORDS or second.isupper() or not second[:1].isupper())


def capitalised_for_position(span: Span, nlp: Language) -> bool:
    """Whether ``span`` is one common word that opens a sentence or a headline, so that its
    capital tells nothing ("Coffee farmers cut down trees", "Cane farmers protest"): that it
    modifies a noun of local news ("farmers") makes it no place.

    >>> from geomap.nlp import load_nlp
    >>> doc = load_nlp().make_doc("Coffee farmers met Nakuru traders and Coffee buyers.")
    >>> [capitalised_for_position(doc[i:i + 1], load_nlp()) for i in (0, 3, 7)]
    [True, False, False]
    """
    return len(span) == 1 and opens_sentence(span[0]) and common_word(span.text, nlp)
