"""Toponym recognition: which spans of a parsed text name places, and in what role.

spaCy's entities are the starting point (``GPE``, ``LOC``, ``FAC``; ``NORP`` and ``ORG``
only when the whole span is a gazetteer name and not a people or a group), corrected with
gazetteer evidence:

- capitalised words the model left out are added when the gazetteer knows them and a
  locative word introduces them ("in Cottonport", "near Homs");
- a capitalised area word right after a place joins it ("Rapides Parish", "Cook County");
- people are dropped, and so is a later mention of one of their names alone ("Lloyd
  Austin ... Austin said");
- a place named inside an organisation's name ("Avoyelles Parish Sheriff's Office") is kept
  as a toponym of role ``"actor"``: it names a place, but the text is about the institution;
- a common word that opens a sentence is no place where the text names it only there
  ("Jurors heard ..."), unless a prominent place ("Mobile was calm") or in a list;
- a place entity the gazetteer lacks stands for the place named inside it ("Boone County"
  Jail), but never for a common word ("Lake" Turkana) or the first word of a park's name
  ("Moi" Gardens), see :mod:`geomap.geoparse.common_words`;
- metonymy: a place that is the grammatical subject of a speech or decision verb
  ("Washington said", "Washington and its allies have intervened") or the possessor of a
  government or armed force ("Iran's strikes") gets role ``"actor"``.

The word lists are in :mod:`geomap.geoparse.lexicon`, datelines in
:mod:`geomap.geoparse.dateline`, metonymy in :mod:`geomap.geoparse.metonymy`, and the
gazetteer rules in :mod:`geomap.geoparse.evidence` (over :mod:`geomap.geoparse.spans`).
This module holds the :class:`Mention` and :func:`find_mentions`, which combines them.

Examples
--------
>>> from geomap.gazetteer import load_gazetteer
>>> from geomap.nlp import load_nlp
>>> nlp = load_nlp()
>>> doc = nlp("Defense Secretary Lloyd Austin said troops in Baghdad were safe.")
>>> [(m.name, m.role) for m in find_mentions(doc, load_gazetteer(), nlp)]  # doctest: +SKIP
[('Baghdad', 'location')]
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from geomap.dateline import dateline_span
from geomap.gazetteer import GazetteerIndex, normalize_name
from geomap.gazetteer.names import TYPE_WORDS
from geomap.geoparse.common_words import (
    GENERIC_ZIPF,
    common_word,
    lone_first_word,
)
from geomap.geoparse.evidence import (
    gazetteer_spans,
    hyphen_places,
    misread_place,
    org_places,
    people_places,
    person_names,
    plain_opening,
    strong_place,
)
from geomap.geoparse.lexicon import (
    CALENDAR_WORDS,
    GENERIC_WORDS,
    INSTITUTION_WORDS,
    NAME_SUFFIXES,
    PLACE_LABELS,
    SEATS,
)
from geomap.geoparse.metonymy import is_metonymic
from geomap.geoparse.no_places import (
    bracketed_acronym,
    disease_names,
    initialled_names,
    persons_keys,
    shouted_acronym,
)
from geomap.geoparse.spans import (
    bare_street,
    is_capitalised,
    is_located,
    is_street,
    party_home,
    trim_span,
    type_class_near,
    with_suffix,
)

__all__ = ["Mention", "find_mentions"]

_LIST_WORDS = frozenset({",", "and", "or", "-"})  # "Dakota, Otoe and Washington counties"


@dataclass(slots=True)
class Mention:
    """A place name found in a parsed text, before resolution.

    ``type_class`` is the GeoNames feature class a neighbouring generic word asks for
    ("Homs province" -> ``"A"``), or ``""``. ``label`` is where the span came from: a spaCy
    entity label, ``"GAZ"`` for a span added from gazetteer evidence. ``country`` is set for
    a demonym ("Iraqi" -> ``"IQ"``): the mention stands for that country.
    """

    start: int
    end: int
    name: str
    label: str
    role: str = "location"
    type_class: str = ""
    metonymic: bool = False
    country: str = ""


def find_mentions(doc: Doc, gaz: GazetteerIndex, nlp: Language, *,
                  demonyms: bool = True) -> list[Mention]:
    """Return the place mentions of an annotated ``doc`` in text order.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        A text read by :func:`geomap.nlp.load_nlp` (its entities; no parse is needed).
    gaz : GazetteerIndex
        The gazetteer (:func:`geomap.gazetteer.load_gazetteer`).
    nlp : spacy.language.Language
        The model that read ``doc``: its lemmatizer tells common nouns.
    demonyms : bool
        Return demonyms ("Iraqi", "Americans") as mentions of their country, role
        ``"actor"`` (some annotation schemes count them as toponyms, some do not).

    Returns
    -------
    list of Mention
        Non-overlapping mentions, ``doc.text[m.start:m.end] == m.name``.

    Examples
    --------
    >>> from geomap.nlp import load_nlp
    >>> doc = load_nlp()("Protesters gathered in Basra.")
    >>> from geomap.gazetteer import load_gazetteer
    >>> [m.name for m in find_mentions(doc, load_gazetteer(), load_nlp())]  # doctest: +SKIP
    ['Basra']
    """
    ents = doc.ents  # a property that builds new spans on every access: read it once
    persons = person_names(ents, gaz)
    initialled = initialled_names(ents)  # "Tyrise M. Bell" ... "shot Bell": never a place
    spans: list[tuple[int, int, str, str]] = []  # token start, end, label, role
    countries: dict[int, str] = {}  # token start of a demonym -> its country
    others: list[tuple[int, int, str]] = []  # NORP/ORG spans, read once the places are known
    for ent in ents:
        start, end = trim_span(doc, ent.start, ent.end)
        if start >= end or not doc[start].text[:1].isupper():
            continue
        text = doc[start:end].text
        if text in CALENDAR_WORDS or normalize_name(text) in SEATS \
                or (end < len(doc) and doc[end].ent_type_ == "PRODUCT"):
            continue  # "the Toyota Hilux": a maker before its product is no place
        if ent.label_ in PLACE_LABELS:
            if end - start == 1 and text in persons:
                continue
            end = _whole_name(doc, start, end, gaz)  # "Kampong" Speu: the model stopped short
            text = doc[start:end].text
            if plain_opening(doc[start:end], gaz, nlp) \
                    and end < len(doc) and doc[end].lower_ not in _LIST_WORDS \
                    and sum(t.text == text for t in doc) == 1:
                continue  # "Jurors heard", "Teams from MSF": no place named once, first
            label = ent.label_
            street = is_street(doc[start:end]) and not gaz.has_name(text)
            if (label == "FAC" and street) or bare_street(doc[start:end]):
                label = "STREET"  # placed at the town the text puts it in
            elif "," in text and not gaz.ranked(text, limit=1):
                # "Kisauni, Mombasa County" read as one name: each part is one
                spans.extend((s, with_suffix(doc, e), label, "location")
                             for s, e in _comma_parts(doc, start, end)
                             if gaz.ranked(doc[s:e].text, limit=1))
                continue
            elif not gaz.ranked(text, limit=1):
                # "Boone County Jail", "Lamar County Commissioners", "United Georgia"
                inner = org_places(doc[start:end], gaz.has_name, gaz, nlp, GENERIC_WORDS)
                weak = [(s, e) for s, e in inner if _weak_inner(doc[start:end], s, e, gaz, nlp)]
                inner = [piece for piece in inner if piece not in weak][:1]
                if label == "FAC":  # a facility of a county or a town's institution
                    inner = [(s, e) for s, e in inner if doc[e - 1].text in NAME_SUFFIXES
                             or doc[e].text in INSTITUTION_WORDS]
                if inner:
                    start, end = inner[0]
                elif label == "FAC":
                    continue
                elif weak and street:  # "King Street" is no King County
                    label = "STREET"
            spans.append((start, with_suffix(doc, end), label, "location"))
        elif ent.label_ in {"ORG", "PERSON"} and is_street(doc[start:end]) \
                and not gaz.has_name(text):  # "Avalon Boulevard" read as a company
            spans.append((start, end, "STREET", "location"))
        elif end - start > 2 and party_home(doc, start + 2) \
                and gaz.has_name(doc[start + 2:end].text):  # "D-Charleston" read as a body
            spans.append((start + 2, end, ent.label_ + ">GPE", "location"))
        elif ent.label_ in {"NORP", "ORG", "PERSON"}:
            others.append((start, end, ent.label_))
    # One sense per discourse: a name the model read as a place elsewhere in the text is a
    # place here too, even when weak ("Cottonport Fire Station" after "in Cottonport").
    known = {normalize_name(doc[s:e].text) for s, e, _, _ in spans}

    def placeish(text: str) -> bool:
        return normalize_name(text) in known or strong_place(text, gaz)

    people: list[tuple[int, int]] = []
    for start, end, label in others:
        text = doc[start:end].text
        if label == "PERSON":
            people.append((start, end))
            continue
        iso = gaz.demonym(text) if label == "NORP" else None
        if iso is not None and _named_with_demonym(doc, start, end, gaz):
            longer = _whole_name(doc, start, end, gaz)  # "in Thai Nguyen province"
            spans.append((start, with_suffix(doc, longer), "NORP>GPE", "location"))
        elif iso is not None:
            if demonyms:
                countries[start] = iso
                spans.append((start, end, "NORP", "actor"))
        elif text not in initialled and (placeish(text) or (
                label == "ORG" and misread_place(doc[start:end], gaz, known, persons, nlp))) \
                and gaz.has_name(text, local=is_located(doc, start)) \
                and gaz.demonym(text) is None:
            spans.append((start, with_suffix(doc, end), label + ">GPE", "location"))
        elif label == "ORG":
            iso = gaz.demonym(doc[start].text) if end - start > 1 else None
            if iso is not None:  # "the Russian Foreign Ministry"
                if demonyms:
                    countries[start] = iso
                    spans.append((start, start + 1, "NORP", "actor"))
                continue
            for inner_start, inner_end in org_places(doc[start:end], placeish, gaz, nlp):
                # "San Miguel Department", "Lamu County": a division the model took for an
                # organisation is a place; "Kenya Airways" is an actor
                division = TYPE_WORDS.get(doc[end - 1].lower_) == "A" and inner_end == end - 1
                located = doc[inner_start - 1].lower_ in {"in", "at"}  # "Ariyalai in Jaffna"
                spans.append((inner_start, with_suffix(doc, end) if division else inner_end,
                              "ORG>GPE" if division or located else "ORG",
                              "location" if division or located else "actor"))
    spans.extend(people_places(doc, people, gaz, known, persons, placeish, nlp))
    taken = [False] * len(doc)
    for start, end, _, _ in spans:
        for i in range(start, end):
            taken[i] = True
    written = doc.text  # a property that joins every token: read it once
    dateline = dateline_span(written)
    if dateline is not None:  # "COLUMBUS, Ohio (AP) -" the model often leaves out
        span = doc.char_span(dateline.start, dateline.end)
        # "ISLAMABAD: ..." opens Pakistani and Indian news, but "LOCATION:" or "SOURCE:" is
        # a field label: before a colon only a prominent place counts
        if span is not None and not any(taken[span.start:span.end]) \
                and gaz.has_name(span.text) and (not dateline.by_colon
                                                 or strong_place(span.text, gaz)):
            spans.append((span.start, span.end, "DATELINE", "location"))
            taken[span.start:span.end] = [True] * len(span)
    for ent in ents:  # never add gazetteer spans inside a person's or organisation's name
        if ent.label_ in {"PERSON", "ORG", "LAW"}:
            for i in range(ent.start, ent.end):
                taken[i] = True
    spans.extend((s, e, "GAZ", "location")
                 for s, e in gazetteer_spans(doc, gaz, taken, known - persons_keys(persons), nlp))
    found = [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), s, e, label, role)
             for s, e, label, role in spans]
    found.extend((s, e, -1, -1, "GAZ", "location") for s, e in hyphen_places(doc, gaz))
    found.sort()
    diseases = disease_names(doc)
    mentions: list[Mention] = []
    last_end = -1
    for start_char, end_char, start, end, label, role in found:
        if start_char < last_end or normalize_name(written[start_char:end_char]) in diseases \
                or (start >= 0 and (shouted_acronym(doc[start:end], gaz)
                                    or bracketed_acronym(doc[start:end], gaz))):
            continue
        last_end = end_char
        if start < 0:  # a place inside one token ("U.S.-based")
            mentions.append(Mention(start=start_char, end=end_char,
                                    name=written[start_char:end_char], label=label, role=role))
            continue
        span = doc[start:end]
        metonymic = role == "location" and is_metonymic(span)
        mentions.append(Mention(start=start_char, end=end_char, name=span.text,
                                label=label, role=role,
                                type_class=type_class_near(doc, start, end),
                                metonymic=metonymic, country=countries.get(start, "")))
    return mentions


def _whole_name(doc: Doc, start: int, end: int, gaz: GazetteerIndex) -> int:
    """The end of the longest gazetteer name that ``doc[start:end]`` opens with the
    capitalised words after it ("Kampong Speu" of a place read as "Kampong"), or with "and"
    and a capitalised word ("Newfoundland and Labrador"), else ``end``."""
    for k in range(min(end + _LONGER_BY, len(doc)), end, -1):
        if all(is_capitalised(t) or (t.lower_ == "and" and t.i < k - 1) for t in doc[end:k]) \
                and gaz.ranked(doc[start:k].text, limit=1):
            return k
    return end


_LONGER_BY = 2  # words a place name may run on past where the model stopped


def _named_with_demonym(doc: Doc, start: int, end: int, gaz: GazetteerIndex) -> bool:
    """Whether the demonym ``doc[start:end]`` opens a longer place name that the text gives
    as a place: after a preposition of place or before a word for a division ("in Thai
    Nguyen province"), not "the Indian Army".

    >>> from geomap.gazetteer import load_gazetteer
    >>> from geomap.nlp import load_nlp
    >>> doc = load_nlp().make_doc("Mining in Thai Nguyen province.")
    >>> _named_with_demonym(doc, 2, 3, load_gazetteer())  # doctest: +SKIP
    True
    """
    longer = _whole_name(doc, start, end, gaz)
    return longer > end and (is_located(doc, start) or (
        longer < len(doc) and TYPE_WORDS.get(doc[longer].lower_) == "A"))


def _comma_parts(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of ``doc[start:end]`` between its commas."""
    parts, first = [], start
    for i in range(start, end + 1):
        if i == end or doc[i].text == ",":
            if i > first:
                parts.append((first, i))
            first = i + 1
    return parts


def _weak_inner(ent: Span, start: int, end: int, gaz: GazetteerIndex, nlp: Language) -> bool:
    """Whether the piece ``start:end`` of a place entity the gazetteer lacks is too weak to
    stand for it: a common word ("Lake" Turkana, "Mount" Elgon) or the lone first word of a
    park's name ("Moi" Gardens), unless a prominent place ("Nairobi" Gardens)."""
    piece = ent.doc[start:end].text
    return ((end - start == 1 and common_word(piece, nlp, GENERIC_ZIPF))
             or lone_first_word(ent, start, end)) \
        and not strong_place(piece, gaz)
