"""Tests on the words of a parsed text around a name, for toponym recognition.

Trimming a span of articles and possessives, the feature class a generic word asks for
("Homs province"), capitalisation, a locative word before a name ("in Cottonport"), street
names ("Orchard St."), a name that modifies a noun of local news ("Roselle police") and a
capitalised area word after a name ("Cook County").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from geomap.gazetteer.names import TYPE_WORDS
from geomap.geoparse.lexicon import (
    ADDRESS_WORDS,
    AREA_PLURALS,
    DIRECTION_WORDS,
    LOCAL_NOUNS,
    LOCATIVE_WORDS,
    NAME_SUFFIXES,
    PLACE_PREPOSITIONS,
    ROAD_WORDS,
    STREET_WORDS,
    TOWN_PART_WORDS,
)

__all__ = ["bare_street", "is_capitalised", "is_locative", "is_street", "names_a_division",
           "names_a_local", "party_home", "trim_span", "type_class_near", "with_suffix"]

_YEAR = re.compile(r"1[89]\d\d|20\d\d")  # a number that is a year, no house number

_CAPITALISED = re.compile(r"^[A-Z][\w'’.-]*$")


def trim_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Trim a token range of a leading article and trailing possessive/punctuation."""
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in {"'s", "’s", "'"}):
        end -= 1
    return start, end


def type_class_near(doc: Doc, start: int, end: int) -> str:
    """The feature class asked for by a generic word around ``doc[start:end]``."""
    last = doc[end - 1].lower_
    if end - start > 1 and last in TYPE_WORDS:
        return TYPE_WORDS[last]
    if end < len(doc) and doc[end].lower_ in TYPE_WORDS:
        return TYPE_WORDS[doc[end].lower_]
    # "the city of Homs", "the province of Idlib"
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in TYPE_WORDS:
        return TYPE_WORDS[doc[start - 2].lower_]
    return ""


def is_capitalised(token: Token) -> bool:
    """A capitalised word that is no stop word ("The"), though "US" may be one ("us")."""
    return bool(_CAPITALISED.match(token.text)) and (
        not token.is_stop or (token.text.isupper() and len(token.text) > 1))


def is_locative(doc: Doc, i: int) -> bool:
    """Whether a word that makes a name a place leads in to ``doc[i]``: "in Cottonport", a
    legislator's party and home ("Rep. Smith, D-Raleigh"), a kind of area it is an example
    of ("districts like Morang") or an area it is part of ("the capital's Mohammadpur")."""
    return (i > 0 and doc[i - 1].lower_ in LOCATIVE_WORDS) or party_home(doc, i) \
        or _example_of_areas(doc, i) or (i > 1 and doc[i - 1].text in {"'s", "’s"}
                                          and doc[i - 2].lower_ in _HOLDING_AREAS)


# Areas whose part a name after their possessive is ("the capital's Mohammadpur").
_HOLDING_AREAS = frozenset({"capital", "city", "town", "province", "district", "state"})


def _example_of_areas(doc: Doc, i: int) -> bool:
    """Whether ``doc[i]`` opens an example of a kind of area ("districts like Morang",
    "provinces such as Helmand")."""
    if i > 1 and doc[i - 1].lower_ == "like":
        return doc[i - 2].lower_ in AREA_PLURALS
    return i > 2 and doc[i - 1].lower_ == "as" and doc[i - 2].lower_ == "such" \
        and doc[i - 3].lower_ in AREA_PLURALS


def is_located(doc: Doc, i: int) -> bool:
    """Whether a preposition of place leads in to ``doc[i]`` ("in Chemelil", "at Kapedo"),
    or "of" after a word for a kind of place ("the border town of Hulugho"): what says that
    even a local division's name is a place (not "of" alone, not "the").

    >>> from geomap.nlp import load_nlp
    >>> doc = load_nlp().make_doc("Clashes in Kattankudy, the town of Elwak and the March of Dimes.")
    >>> is_located(doc, 2), is_located(doc, 7), is_located(doc, 12)
    (True, True, False)
    """
    if i > 0 and doc[i - 1].lower_ in PLACE_PREPOSITIONS:
        return True
    return i > 1 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in TYPE_WORDS


def is_street(span: Span) -> bool:
    """Whether ``span`` names a street or a road ("Orchard St.", "Highway 19", "Route 1", "on
    Southland Vista Court")."""
    if len(span) < 2:
        return False
    if span[-1].lower_.rstrip(".") in STREET_WORDS:
        return True
    # "on Southland Vista Court", "of 17 Guy Place"; not "a 2007 U.S. Supreme Court"
    before = span.doc[span.start - 1].text if span.start else ""
    if span[-1].lower_ in ADDRESS_WORDS and (
            before.lower() == "on" or (before.isdigit() and not _YEAR.fullmatch(before))):
        return True
    return span[0].lower_ in ROAD_WORDS and any(t.like_num for t in span[1:])


def bare_street(span: Span) -> bool:
    """Whether ``span`` is a direction and a street word or a word for a part of a town alone
    ("West Street", "North Road", "North Side"): a street or a quarter of the town the text
    names, never the town its last word names ("Street", Somerset) or the town once so
    called ("North Side", Oildale).

    >>> from geomap.nlp import load_nlp
    >>> doc = load_nlp().make_doc("parked in West Street near Street")
    >>> bare_street(doc[2:4]), bare_street(doc[5:6])
    (True, False)
    """
    return len(span) == 2 and span[0].text in DIRECTION_WORDS \
        and (span[1].lower_.rstrip(".") in STREET_WORDS or span[1].lower_ in TOWN_PART_WORDS)


def party_home(doc: Doc, i: int) -> bool:
    """Whether ``doc[i]`` opens a legislator's home after the party ("Rep. Gilliard,
    D-Charleston, said"): a place.

    >>> from geomap.nlp import load_nlp
    >>> doc = load_nlp().make_doc("Rep. Gilliard, D-Charleston, said on D-Day")
    >>> party_home(doc, 5), party_home(doc, 1), party_home(doc, 11)
    (True, False, False)
    """
    return i > 2 and doc[i - 1].text == "-" and doc[i - 2].text in {"D", "R", "I", "DFL"} \
        and doc[i - 3].lower_ in {",", "(", "both"}  # not "the D-Day invasion"


def names_a_local(token: Token) -> bool:
    """Whether ``token`` ends a name that modifies a common noun of local news ("Roselle
    police", "the Meadow Grove man"): the noun follows it, written in lower case."""
    doc = token.doc
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return following is not None and following.is_lower and following.text in LOCAL_NOUNS


def names_a_division(span: Span) -> bool:
    """Whether ``span`` is a whole name before a word, in lower case, for a division or a
    town ("Khyber Pakhtunkhwa's Swabi district", "Heze city"); not the end of a longer name
    ("Kasai Occidental province", "Cuvette-Ouest region") nor a direction ("the Eastern
    province").

    >>> from geomap.nlp import load_nlp
    >>> doc = load_nlp().make_doc("Attacks in the Swabi district and in Kasai Occidental province.")
    >>> names_a_division(doc[3:4]), names_a_division(doc[8:9])
    (True, False)
    """
    doc = span.doc
    following = doc[span.end] if span.end < len(doc) else None
    return following is not None and following.is_lower \
        and TYPE_WORDS.get(following.text) in {"A", "P"} and span.text not in DIRECTION_WORDS \
        and (span.start == 0 or not (doc[span.start - 1].text[:1].isupper()
                                     or doc[span.start - 1].text == "-"))


def with_suffix(doc: Doc, end: int) -> int:
    """Extend a name over a capitalised area word ("Rapides Parish", "Cook County")."""
    return end + 1 if end < len(doc) and doc[end].text in NAME_SUFFIXES else end
