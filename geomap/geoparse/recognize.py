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
- metonymy: a place that is the grammatical subject of a speech or decision verb
  ("Washington said", "Washington and its allies have intervened") or the possessor of a
  government or armed force ("Iran's strikes") gets role ``"actor"``.

Examples
--------
>>> from geomap.nlp import load_nlp
>>> doc = load_nlp()("Defense Secretary Lloyd Austin said troops in Baghdad were safe.")
>>> [(m.name, m.role) for m in find_mentions(doc)]  # doctest: +SKIP
[('Baghdad', 'location')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from geomap.gazetteer import GazetteerIndex, load_gazetteer, normalize_name

__all__ = ["STREET_WORDS", "TYPE_WORDS", "Mention", "find_mentions", "is_metonymic"]

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Words before a name that make it a place ("in Cottonport", "outside Mosul").
LOCATIVE_WORDS = frozenset({
    "in", "near", "at", "outside", "from", "to", "into", "across", "toward", "towards",
    "around", "through", "throughout", "inside", "within", "via", "between", "northwest",
    "northeast", "southwest", "southeast", "north", "south", "east", "west", "of",
})
# Generic words that say what kind of place a name is, mapped to GeoNames feature classes
# ("Homs province" is an area, "the city of Homs" a populated place).
TYPE_WORDS: dict[str, str] = {
    "province": "A", "provinces": "A", "governorate": "A", "state": "A", "region": "A",
    "oblast": "A", "prefecture": "A", "county": "A", "parish": "A", "district": "A",
    "department": "A", "territory": "A", "country": "A", "emirate": "A", "canton": "A",
    "city": "P", "town": "P", "village": "P", "township": "P", "capital": "P",
    "borough": "P", "suburb": "P", "neighborhood": "P", "neighbourhood": "P",
    "river": "H", "sea": "H", "lake": "H", "gulf": "H", "bay": "H", "strait": "H",
    "ocean": "H", "island": "T", "islands": "T", "mountain": "T", "mountains": "T",
    "desert": "T", "peninsula": "T", "valley": "T",
}
# Last words of street names ("Orchard St.", "Dublin Road"): not in any gazetteer, they are
# kept and placed at the town the text puts them in.
STREET_WORDS = frozenset({"street", "st", "road", "rd", "avenue", "ave", "drive", "dr", "lane",
                          "ln", "boulevard", "blvd", "highway", "hwy", "parkway", "pkwy",
                          "pike", "turnpike", "square", "plaza"})
# Capitalised area words that belong to the name they follow ("Cook County").
_NAME_SUFFIXES = frozenset({"County", "Parish", "Province", "Governorate", "District",
                            "Region", "Oblast", "Prefecture", "Township", "Borough"})
# Verbs whose subject, when a country or capital, stands for its government.
_SPEECH_VERBS = frozenset(["say", "tell", "announce", "claim", "accuse", "deny", "warn", "decide", "agree", "intervene", "condemn", "vow", "insist", "respond", "urge", "demand", "reject", "threaten", "sanction", "impose", "confirm", "state", "declare", "argue", "call", "blame", "pledge", "promise", "refuse", "plan", "seek", "want", "hope", "believe", "expect", "approve", "order", "retaliate", "vote", "negotiate", "sign", "recognize", "recognise", "welcome", "criticize", "criticise", "protest", "denounce", "insist", "dismiss", "oppose", "support", "back", "push", "pressure", "ask", "propose", "offer", "allege", "acknowledge", "admit", "announce", "report"])
_IRREGULAR = {"said": "say", "says": "say", "told": "tell", "sought": "seek",
              "thought": "think", "held": "hold", "made": "make", "gave": "give"}
# Nouns whose possessor, when a place, is its government or armed force ("Iran's strikes").
_ACTOR_NOUNS = frozenset(["government", "regime", "military", "army", "navy", "forces", "troops", "strikes", "strike", "attack", "attacks", "missiles", "ministry", "officials", "leaders", "leader", "president", "ambassador", "envoy", "foreign", "defense", "defence", "parliament", "administration", "allies", "response", "retaliation", "decision"])
# Words that open organisation names without naming a place ("Central Command").
_GENERIC_WORDS = frozenset(["Central", "North", "South", "East", "West", "Northeast", "Northwest", "Southeast", "Southwest", "Northern", "Southern", "Eastern", "Western", "Mid", "Middle", "Upper", "Lower", "Greater", "City", "University", "College", "Federal", "National", "State", "Metro", "Metropolitan", "United", "International", "Continental", "Royal", "General", "Union", "Supreme", "Superior", "Community", "County", "Regional", "Police", "Port", "Air", "Border", "Justice", "Hope", "Mercy", "Unity", "Liberty", "Victoria"])
# Ranking prior of a "strong" place (see geomap.gazetteer.build.prior): log10 of ~30,000.
_STRONG_PRIOR = 4.5
_CAPITALISED = re.compile(r"^[A-Z][\w'’.-]*$")
_JOINERS = frozenset({"al", "el", "de", "del", "la", "le", "of", "du", "da", "bin", "ibn"})


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


def _verb_base(token: Token) -> str:
    if token.lemma_ and token.lemma_ != token.text:
        return token.lemma_.lower()
    word = token.text.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""),
                         ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: len(word) - len(suffix)] + repl
            if stem in _SPEECH_VERBS or stem + "e" in _SPEECH_VERBS:
                return stem if stem in _SPEECH_VERBS else stem + "e"
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in _SPEECH_VERBS:
                return stem[:-1]
    return word


def is_metonymic(span: Span) -> bool:
    """Return whether ``span`` stands for an actor rather than a location.

    True when it is the subject (or a conjunct of the subject) of a speech or decision verb
    ("Washington said", "Washington and its allies have intervened") or the possessor of a
    government or armed-force noun ("Iran's strikes").
    """
    root = span.root
    subject = root
    if subject.dep_ == "conj" and subject.head.dep_ in {"nsubj", "nsubjpass"}:
        subject = subject.head
    if subject.dep_ == "nsubj" and subject.head.tag_[:2] in {"VB", "MD"}:
        return _verb_base(subject.head) in _SPEECH_VERBS
    if root.dep_ == "poss":
        return root.head.lower_ in _ACTOR_NOUNS
    return False


def _strip(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Trim a token range of a leading article and trailing possessive/punctuation."""
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in {"'s", "’s", "'"}):
        end -= 1
    return start, end


def _type_class(doc: Doc, start: int, end: int) -> str:
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


def _capitalised(token: Token) -> bool:
    return bool(_CAPITALISED.match(token.text)) and not token.is_stop


def _person_names(ents: Iterable[Span]) -> set[str]:
    """Each word of every multi-word person name among ``ents`` ("Lloyd", "Austin")."""
    names: set[str] = set()
    for ent in ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            names.update(tok.text for tok in ent if tok.is_alpha and tok.is_title)
    return names


def _gazetteer_spans(doc: Doc, gaz: GazetteerIndex, taken: list[bool],
                     known: set[str]) -> Iterable[tuple[int, int]]:
    """Capitalised runs the model missed that are places: after a locative word when the
    gazetteer knows them ("in Cottonport"), anywhere when the text named them as a place
    elsewhere (``known`` lookup keys)."""
    i = 0
    n = len(doc)
    while i < n:
        if taken[i] or not _capitalised(doc[i]):
            i += 1
            continue
        locative = i > 0 and doc[i - 1].lower_ in LOCATIVE_WORDS
        j = i + 1
        while j < n and not taken[j] and (_capitalised(doc[j]) or (
                doc[j].lower_ in _JOINERS and j + 1 < n and _capitalised(doc[j + 1]))):
            j += 1
        # the longest prefix that is a place ("Cottonport area" -> "Cottonport")
        for k in range(j, i, -1):
            if doc[k - 1].lower_ in _JOINERS:
                continue
            text = doc[i:k].text
            if normalize_name(text) in known or (locative and gaz.has_name(text)):
                yield i, k
                break
        i = j


def _strong_place(text: str, gaz: GazetteerIndex) -> bool:
    """Whether ``text`` names a place prominent enough to be read as one inside a name.

    A country, capital or first-level division, or a town of some 30,000 people or more,
    and not a directional or institutional word ("Central Command", "University Hospital").
    """
    if text.split()[0] in _GENERIC_WORDS:
        return False
    ranked = gaz.ranked(text, limit=1)
    return bool(ranked) and ranked[0][1] >= _STRONG_PRIOR


def _org_place(ent: Span, gaz: GazetteerIndex,
               placeish: Callable[[str], bool]) -> tuple[int, int] | None:
    """The place an organisation is named after ("Avoyelles Parish" Sheriff's Office)."""
    for k in range(len(ent) - 1, 0, -1):
        piece = ent[:k]
        if not all(_capitalised(t) or t.lower_ in _JOINERS for t in piece):
            continue
        if (piece[-1].text in _NAME_SUFFIXES and len(piece) > 1) or (
                piece[0].text not in _GENERIC_WORDS and placeish(piece.text)):
            return ent.start, ent.start + k
    return None


def _with_suffix(doc: Doc, end: int) -> int:
    """Extend a name over a capitalised area word ("Rapides Parish", "Cook County")."""
    return end + 1 if end < len(doc) and doc[end].text in _NAME_SUFFIXES else end


def persons_keys(persons: set[str]) -> set[str]:
    """Lookup keys of person-name words (never added as places from context alone)."""
    return {normalize_name(p) for p in persons}


def find_mentions(doc: Doc, gaz: GazetteerIndex | None = None, *,
                  demonyms: bool = True) -> list[Mention]:
    """Return the place mentions of a parsed ``doc`` in text order.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        A text parsed by :func:`geomap.nlp.load_nlp` (entities; the dependency parse, when
        present, is used for metonymy).
    gaz : GazetteerIndex, optional
        The gazetteer (default :func:`geomap.gazetteer.load_gazetteer`).
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
    >>> [m.name for m in find_mentions(doc)]  # doctest: +SKIP
    ['Basra']
    """
    gaz = gaz or load_gazetteer()
    ents = doc.ents  # a property that builds new spans on every access: read it once
    persons = _person_names(ents)
    parsed = doc.has_annotation("DEP")
    spans: list[tuple[int, int, str, str]] = []  # token start, end, label, role
    countries: dict[int, str] = {}  # token start of a demonym -> its country
    others: list[tuple[int, int, str]] = []  # NORP/ORG spans, read once the places are known
    for ent in ents:
        start, end = _strip(doc, ent.start, ent.end)
        if start >= end or not doc[start].text[:1].isupper():
            continue
        text = doc[start:end].text
        if ent.label_ in PLACE_LABELS:
            if end - start == 1 and text in persons:
                continue
            label = ent.label_
            if label == "FAC" and not gaz.has_name(text):
                if doc[end - 1].lower_.rstrip(".") not in STREET_WORDS:
                    continue
                label = "STREET"  # placed at the town the text puts it in
            spans.append((start, _with_suffix(doc, end), label, "location"))
        elif ent.label_ in {"NORP", "ORG", "PERSON"}:
            others.append((start, end, ent.label_))
    # One sense per discourse: a name the model read as a place elsewhere in the text is a
    # place here too, even when weak ("Cottonport Fire Station" after "in Cottonport").
    known = {normalize_name(doc[s:e].text) for s, e, _, _ in spans}

    def placeish(text: str) -> bool:
        return normalize_name(text) in known or _strong_place(text, gaz)

    for start, end, label in others:
        text = doc[start:end].text
        if label == "PERSON":
            # a town the model took for a person: never a word of a person's full name;
            # a place when the text names it as one elsewhere or a locative word leads in
            if not (set(text.split()) & persons) and gaz.has_name(text) and (
                    normalize_name(text) in known
                    or (start > 0 and doc[start - 1].lower_ in LOCATIVE_WORDS)):
                spans.append((start, _with_suffix(doc, end), "PERSON>GPE", "location"))
            continue
        iso = gaz.demonym(text) if label == "NORP" else None
        if iso is not None:
            if demonyms:
                countries[start] = iso
                spans.append((start, end, "NORP", "actor"))
        elif placeish(text) and gaz.has_name(text) and gaz.demonym(text) is None:
            spans.append((start, _with_suffix(doc, end), label + ">GPE", "location"))
        elif label == "ORG":
            inner = _org_place(doc[start:end], gaz, placeish)
            if inner is not None:
                # "San Miguel Department", "Lamu County": a division the model took for an
                # organisation is a place; "Kenya Airways" is an actor
                division = TYPE_WORDS.get(doc[end - 1].lower_) == "A" and inner[1] == end - 1
                spans.append((inner[0], _with_suffix(doc, end) if division else inner[1],
                              "ORG>GPE" if division else "ORG",
                              "location" if division else "actor"))
    taken = [False] * len(doc)
    for start, end, _, _ in spans:
        for i in range(start, end):
            taken[i] = True
    for ent in ents:  # never add gazetteer spans inside a person's or organisation's name
        if ent.label_ in {"PERSON", "ORG", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"}:
            for i in range(ent.start, ent.end):
                taken[i] = True
    spans.extend((s, e, "GAZ", "location")
                 for s, e in _gazetteer_spans(doc, gaz, taken, known - persons_keys(persons)))
    spans.sort()
    mentions: list[Mention] = []
    last_end = -1
    for start, end, label, role in spans:
        if start < last_end:
            continue
        last_end = end
        span = doc[start:end]
        metonymic = parsed and role == "location" and is_metonymic(span)
        mentions.append(Mention(start=span.start_char, end=span.end_char, name=span.text,
                                label=label, role=role, type_class=_type_class(doc, start, end),
                                metonymic=metonymic, country=countries.get(start, "")))
    return mentions
