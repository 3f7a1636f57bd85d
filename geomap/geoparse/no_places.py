"""Names that are no places, whatever the gazetteer holds: acronyms shouted in mixed-case
text ("a SWAT team") or given in brackets after the name they shorten ("Nepali Congress
(NC)"), the words of names written with a middle initial ("Tyrise M. Bell"), the words of
people's names, and the names a disease word follows ("Ebola virus").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span

from geomap.gazetteer import GazetteerIndex, normalize_name
from geomap.geoparse.lexicon import DISEASE_WORDS, MAJOR_CODES
from geomap.geoparse.spans import is_capitalised

__all__ = ["bracketed_acronym", "disease_names", "initialled_names", "persons_keys",
           "shouted_acronym"]

_INITIAL = re.compile(r"[A-Z]\.")


def shouted_acronym(span: Span, gaz: GazetteerIndex) -> bool:
    """Whether a word of three or four capitals in mixed-case text is an acronym, not the
    place whose name it spells ("a SWAT team" is no Swat Valley): the place's own name is
    written in lower case, and it is no country or first-level division ("US", "IOWA" stay places).

    >>> from geomap.nlp import load_nlp
    >>> from geomap.gazetteer import load_gazetteer
    >>> doc = load_nlp()("A SWAT team entered the house in Swat.")
    >>> shouted_acronym(doc[1:2], load_gazetteer()), shouted_acronym(doc[7:8], load_gazetteer())
    (True, False)
    """
    text, doc = span.text, span.doc
    after = doc[span.end].text if span.end < len(doc) else ""
    if len(span) != 1 or not text.isupper() or not 3 <= len(text) <= 4 \
            or after[:1] in {"-", "\u2013", "\u2014", ":", "("} \
            or sum(c.islower() for c in doc.text) < len(doc.text) / 4:
        return False  # "WA" is a state's abbreviation, "HUME -" a dateline
    ranked = gaz.ranked(text, limit=1)
    if not ranked:
        return False
    place = ranked[0][0]
    spelled = normalize_name(place.name).split()[:1] == [normalize_name(text)]  # not "NYC"
    return spelled and not place.name.isupper() and \
        place.feature_code not in MAJOR_CODES


def bracketed_acronym(span: Span, gaz: GazetteerIndex) -> bool:
    """Whether ``span`` is the acronym in brackets after the name of a body it shortens ("the
    Nepali Congress (NC)", "Punjab Assembly (PA)"): its capitals are the initials of the
    words before the bracket, and those words name no place ("New South Wales (NSW)" is
    one), nor is the bracket a state's after a town ("Raleigh (NC)").

    >>> from geomap.nlp import load_nlp
    >>> from geomap.gazetteer import load_gazetteer
    >>> doc = load_nlp().make_doc("The Nepali Congress (NC) met in New South Wales (NSW).")
    >>> gaz = load_gazetteer()
    >>> bracketed_acronym(doc[4:5], gaz), bracketed_acronym(doc[12:13], gaz)
    (True, False)
    """
    doc, text = span.doc, span.text.replace(".", "")
    start = span.start
    if len(span) != 1 or not text.isupper() or not 2 <= len(text) <= 6 or start < 2 \
            or doc[start - 1].text != "(" or span.end >= len(doc) or doc[span.end].text != ")":
        return False
    words = [t for t in doc[max(0, start - 1 - 2 * len(text)):start - 1]
             if t.text[:1].isupper() and t.is_alpha][-len(text):]
    if len(words) < len(text) or "".join(t.text[0] for t in words) != text:
        return False
    return not gaz.has_name(doc[words[0].i:start - 1].text)


def initialled_names(ents: Iterable[Span]) -> set[str]:
    """The words of names written with a middle initial, whatever the model calls them: a
    person's even where the word is a strong place name ("Tyrise M. Bell" ... "shot Bell")."""
    return {tok.text for ent in ents if any(_INITIAL.fullmatch(t.text) for t in ent[1:-1])
            for tok in ent if tok.is_alpha and tok.is_title}


def disease_names(doc: Doc) -> set[str]:
    """Lookup keys of the capitalised names a disease word follows ("Ebola virus", "West
    Nile fever") in ``doc``."""
    names: set[str] = set()
    for token in doc:
        if token.lower_ in DISEASE_WORDS and token.i > 0 and doc[token.i - 1].text[:1].isupper():
            start = token.i - 1
            while start > 0 and is_capitalised(doc[start - 1]):
                start -= 1
            names.add(normalize_name(doc[start:token.i].text))
    return names


def persons_keys(persons: set[str]) -> set[str]:
    """Lookup keys of person-name words (never added as places from context alone)."""
    return {normalize_name(p) for p in persons}
