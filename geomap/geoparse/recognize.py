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

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from geomap.gazetteer import GazetteerIndex, load_gazetteer, normalize_name
from geomap.places import COUNTRY_CODES

__all__ = ["STREET_WORDS", "TYPE_WORDS", "Mention", "dateline_span", "find_mentions",
           "is_metonymic"]

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
# First words of local institutions named after their town ("Lombard Police Department").
_INSTITUTION_WORDS = frozenset({"School", "High", "Elementary", "Middle", "Police", "Fire",
                                "Council", "City", "Hospital", "Library", "Board", "Chamber",
                                "Township", "Public", "Area", "Community", "Memorial",
                                "Regional", "Municipal", "Sheriff", "Schools", "Village",
                                "Town", "Water", "Park", "Parks", "Courthouse", "Planning",
                                "Volunteer", "Rotary", "Lions", "Historical", "Church"})
# First words of numbered roads ("Highway 19", "Interstate 45", "State Route 1").
_ROAD_WORDS = frozenset({"highway", "interstate", "route", "state", "county", "us", "u.s.",
                         "i", "sr", "hwy"})
# Nouns a town's name modifies in local news ("Grand Prairie police", "a Lombard settler").
_LOCAL_NOUNS = frozenset({"police", "man", "woman", "girl", "boy", "teen", "teenager",
                          "resident", "residents", "native", "family", "firefighters",
                          "officials", "officers", "mayor", "council", "schools", "settler",
                          "couple", "students", "voters", "businesses", "area", "home",
                          "homes", "neighborhood", "fire", "community"})
# Plural area words after a list of names ("Jackson and Madison counties").
_COUNTY_PLURALS = frozenset({"counties", "parishes", "county", "parish"})
# Leading words of an organisation's name that qualify the place after them ("Northeast
# Texas Community College", "Metro Vancouver"); "United Russia" is a party, not Russia.
_DIRECTION_WORDS = frozenset({"North", "South", "East", "West", "Northeast", "Northwest",
                              "Southeast", "Southwest", "Northern", "Southern", "Eastern",
                              "Western", "Central", "Metro", "Metropolitan", "Greater",
                              "Downtown", "Upper", "Lower"})
# Words after a name that make it a disease ("West Nile virus", "Marburg fever"): in a text
# that names one, the name is the disease throughout ("Ebola").
_DISEASE_WORDS = frozenset({"virus", "viruses", "fever", "disease", "flu", "strain",
                            "vaccine", "hemorrhagic", "haemorrhagic", "encephalitis"})
# Nouns a person's name modifies as often as a place's ("the Obama administration").
_PERSONAL_NOUNS = frozenset({"administration", "family", "campaign", "government", "era",
                             "presidency", "aide", "aides", "camp", "supporters", "team",
                             "policy", "policies", "estate", "case", "trial", "murder"})
# Places no reader takes for a person's name.
_MAJOR_CODES = frozenset({"PCLI", "PPLC", "ADM1"})
_CAPITALISED = re.compile(r"^[A-Z][\w'’.-]*$")
_JOINERS = frozenset({"al", "el", "de", "del", "la", "le", "of", "du", "da", "bin", "ibn"})
# Capitalised words that name times (and God), not places ("in March 2017", "through
# Thursday", "at Christmas").
_CALENDAR_WORDS = frozenset([*(w for w in (*calendar.month_name, *calendar.day_name) if w),
                             "Christmas", "Easter", "Thanksgiving", "Halloween", "Ramadan",
                             "Passover", "Hanukkah", "God"])
# Seats of government named for the government ("the White House said"): actors, never the
# place of an event, and what annotators leave out.
_SEATS = frozenset({"white house", "kremlin", "pentagon", "elysee", "elysee palace",
                    "downing street", "blue house", "zhongnanhai", "quai d orsay"})
# Words after a place joined by a hyphen ("Rock Hill-based", "U.S.-led").
_HYPHEN_SUFFIXES = frozenset({"based", "born", "led", "backed", "bound", "area", "made",
                              "owned", "run", "style", "wide"})
# A dateline: "BAGHDAD, Iraq (Reuters) -", "WASHINGTON -", "Alexandria, La. —".
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z'’-]+(?: [A-Z][A-Za-z'’-]+){0,3})(?:\s*,\s*[A-Z][A-Za-z .]{1,30})?"
    r"\s*(?:\([^)]{1,40}\))?\s*(?:[-–—]{1,2}|:)\s"
)
# An upper-case dateline after a headline: "... work. ATLANTA - A former ..."
_CAPS_DATELINE = re.compile(
    r"(?:^|[.!?\n]\s*)(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})"
    r"(?:\s*,\s*[A-Z][A-Za-z .]{1,30})?\s*(?:\([^)]{1,40}\))?\s*(?:[-–—]{1,3}|:)\s"
)
_DATELINE_REACH = 400


def dateline_span(text: str) -> tuple[int, int] | None:
    """Return the character span of the dateline's place ("BAGHDAD, Iraq -"), or ``None``.

    The dateline opens the text, or follows a headline as an upper-case place name before a
    dash ("Pastor picked. MANSFIELD -- The mayor ...").

    >>> text = "BAGHDAD, Iraq (AP) - Strikes hit."
    >>> span = dateline_span(text); text[span[0]:span[1]]
    'BAGHDAD'
    >>> text = "Roads closed. ATLANTA - Snow fell."
    >>> span = dateline_span(text); text[span[0]:span[1]]
    'ATLANTA'
    """
    match = _DATELINE.match(text) or _CAPS_DATELINE.search(text, 0, _DATELINE_REACH)
    if match is None:
        return None
    return match.start("place"), match.end("place")




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
    """A capitalised word that is no stop word ("The"), though "US" may be one ("us")."""
    return bool(_CAPITALISED.match(token.text)) and (
        not token.is_stop or (token.text.isupper() and len(token.text) > 1))


def _person_names(ents: Iterable[Span], gaz: GazetteerIndex) -> set[str]:
    """Each word of every multi-word person name among ``ents`` ("Lloyd", "Austin"), leaving
    out names that are whole places ("Glen Allen", "Sri Lanka" read as people) and words that
    name a country, capital or first-level division ("Sudan" in "Sudan Preoccupy Egypt")."""
    names: set[str] = set()
    for ent in ents:
        if ent.label_ == "PERSON" and len(ent) > 1 and not gaz.has_name(ent.text):
            names.update(tok.text for tok in ent if tok.is_alpha and tok.is_title
                         and not _major_place(tok.text, gaz, COUNTRY_CODES))
    return names


def _major_place(text: str, gaz: GazetteerIndex, codes: frozenset[str] = _MAJOR_CODES) -> bool:
    ranked = gaz.ranked(text, limit=1)
    return bool(ranked) and ranked[0][0].feature_code in codes


def _misread_place(span: Span, gaz: GazetteerIndex, known: set[str],
                   persons: set[str]) -> bool:
    """Whether a span the model read as a person or an organisation is a place.

    "Anderson County" (an area word ends it), "Jackson and Madison counties"; else a
    gazetteer name that is no word of a person's full name, and that the text names as a
    place elsewhere, that a locative word leads in to ("in Gainesville", "of Grovetown"),
    that modifies a common noun ("Alexandria woman", "the Gainesville sewer system"), or
    that is a country, a capital or a first-level division ("Sri Lanka's former president",
    "Tbilisi has denied").
    """
    text = span.text
    if len(span) > 1 and span[-1].text in _NAME_SUFFIXES:
        return True
    if set(text.split()) & persons or not gaz.has_name(text):
        return False
    doc = span.doc
    if normalize_name(text) in known or _locative(doc, span.start) or (
            span.end < len(doc) and doc[span.end].lower_ in _COUNTY_PLURALS):
        return True
    root = span.root
    if root.dep_ == "compound" and root.head.tag_ in {"NN", "NNS"} and root.head.is_lower \
            and root.head.lower_ not in _PERSONAL_NOUNS:
        return True
    return _major_place(text, gaz)


def _people_places(doc: Doc, people: list[tuple[int, int]], gaz: GazetteerIndex,
                   known: set[str], persons: set[str],
                   placeish: Callable[[str], bool]) -> list[tuple[int, int, str, str]]:
    """Places among the spans the model read as people: whole ("in Gainesville"; a later
    mention counts the earlier ones as the text naming it a place), or at the start of a
    title ("Anderson County Sheriff Greg Taylor", "Huntsville Fire Chief Tom Grisham")."""
    found: list[tuple[int, int, str, str]] = []
    pending = list(people)
    for _ in range(2):  # once more with the names the first pass found
        later = []
        for start, end in pending:
            if _misread_place(doc[start:end], gaz, known, persons):
                found.append((start, _with_suffix(doc, end), "PERSON>GPE", "location"))
                known.add(normalize_name(doc[start:end].text))
            else:
                later.append((start, end))
        pending = later
    for start, end in pending:
        for s, e in _org_places(doc[start:end], placeish, gaz)[:1]:
            if doc[e - 1].text in _NAME_SUFFIXES or (e < end and doc[e].text in _INSTITUTION_WORDS):
                found.append((s, e, "PERSON>GPE", "actor"))
    return found


def _locative(doc: Doc, i: int) -> bool:
    """Whether a word that makes a name a place leads in to ``doc[i]``: "in Cottonport", or
    a legislator's party and home ("Rep. Smith, D-Raleigh")."""
    if i > 0 and doc[i - 1].lower_ in LOCATIVE_WORDS:
        return True
    return i > 1 and doc[i - 1].text == "-" and doc[i - 2].text in {"D", "R", "I", "DFL"}


def _gazetteer_spans(doc: Doc, gaz: GazetteerIndex, taken: list[bool],
                     known: set[str]) -> Iterable[tuple[int, int]]:
    """Capitalised runs the model missed that are places: after a locative word when the
    gazetteer knows them ("in Cottonport"), before a hyphenated suffix ("Rock Hill-based"),
    anywhere when the text named them as a place elsewhere (``known`` lookup keys)."""
    i = 0
    n = len(doc)
    while i < n:
        if taken[i] or not _capitalised(doc[i]) or doc[i].text in _CALENDAR_WORDS:
            i += 1
            continue
        locative = _locative(doc, i)
        j = i + 1
        while j < n and not taken[j] and (_capitalised(doc[j]) or (
                doc[j].lower_ in _JOINERS and j + 1 < n and _capitalised(doc[j + 1]))):
            j += 1
        hyphen = j + 1 < n and doc[j].text == "-" and doc[j + 1].lower_ in _HYPHEN_SUFFIXES
        # an abbreviation in brackets after its place: "Democratic Republic of Congo (DRC)"
        locative = locative or (i > 1 and doc[i - 1].text == "(" and j < n and doc[j].text == ")"
                                and taken[i - 2])
        # the longest prefix that is a place ("Cottonport area" -> "Cottonport")
        for k in range(j, i, -1):
            if doc[k - 1].lower_ in _JOINERS:
                continue
            text = doc[i:k].text
            if normalize_name(text) in known or (
                    (locative or (hyphen and k == j) or _names_a_local(doc[k - 1]))
                    and gaz.has_name(text)):
                yield i, k
                break
        i = j


def _street(span: Span) -> bool:
    """Whether ``span`` names a street or a road ("Orchard St.", "Highway 19", "Route 1")."""
    if len(span) < 2:
        return False
    if span[-1].lower_.rstrip(".") in STREET_WORDS:
        return True
    return span[0].lower_ in _ROAD_WORDS and any(t.like_num for t in span[1:])


def _names_a_local(token: Token) -> bool:
    """Whether ``token`` ends a name that modifies a common noun of local news ("Roselle
    police", "the Meadow Grove man")."""
    head = token.head
    return token.dep_ == "compound" and head.i == token.i + 1 and head.lower_ in _LOCAL_NOUNS


def _hyphen_places(doc: Doc, gaz: GazetteerIndex) -> Iterable[tuple[int, int]]:
    """Character spans of places fused with a hyphenated suffix in one token ("U.S.-based")."""
    for token in doc:
        head, dash, tail = token.text.rpartition("-")
        if dash and head[:1].isupper() and tail.lower() in _HYPHEN_SUFFIXES \
                and _strong_place(head, gaz):
            yield token.idx, token.idx + len(head)


def _strong_place(text: str, gaz: GazetteerIndex) -> bool:
    """Whether ``text`` names a place prominent enough to be read as one inside a name.

    A country, capital or first-level division, or a town of some 30,000 people or more,
    and not a directional or institutional word ("Central Command", "University Hospital").
    """
    if text.split()[0] in _GENERIC_WORDS:
        return False
    ranked = gaz.ranked(text, limit=1)
    return bool(ranked) and ranked[0][1] >= _STRONG_PRIOR


def _org_places(ent: Span, placeish: Callable[[str], bool], gaz: GazetteerIndex,
                lead: frozenset[str] = _DIRECTION_WORDS) -> list[tuple[int, int]]:
    """The places an organisation is named after: at its start ("Avoyelles Parish" Sheriff's
    Office), after a directional word ("Northeast Texas" Community College), or after "of"
    ("University of Pennsylvania", "Bank of Canada"); a town of any size before a word of a
    local institution ("East Bank" Middle School, "Charleston" Gold Dome Lions Club is not:
    "Gold" is no such word)."""
    found: list[tuple[int, int]] = []
    starts = [0] + [i + 1 for i in range(len(ent) - 1)
                    if ent[i].lower_ == "of" or (i == 0 and ent[0].text in lead)]
    for first in starts:
        if first < len(ent) and ent[first].lower_ == "the":
            first += 1
        # the whole name is never its own place here (it was read as an organisation)
        for k in range(len(ent) - (1 if first == 0 else 0), first, -1):
            piece = ent[first:k]
            if not all(_capitalised(t) or t.lower_ in _JOINERS for t in piece) \
                    or piece[-1].lower_ in _JOINERS:
                continue
            local = k < len(ent) and ent[k].text in _INSTITUTION_WORDS and gaz.has_name(piece.text)
            if (piece[-1].text in _NAME_SUFFIXES and len(piece) > 1) or (
                    piece[0].text not in _GENERIC_WORDS and (placeish(piece.text) or local)):
                found.append((piece.start, piece.end))
                break
    return found


def _with_suffix(doc: Doc, end: int) -> int:
    """Extend a name over a capitalised area word ("Rapides Parish", "Cook County")."""
    return end + 1 if end < len(doc) and doc[end].text in _NAME_SUFFIXES else end


def _disease_names(doc: Doc) -> set[str]:
    """Lookup keys of the capitalised names a disease word follows ("Ebola virus", "West
    Nile fever") in ``doc``."""
    names: set[str] = set()
    for token in doc:
        if token.lower_ in _DISEASE_WORDS and token.i > 0 and doc[token.i - 1].text[:1].isupper():
            start = token.i - 1
            while start > 0 and _capitalised(doc[start - 1]):
                start -= 1
            names.add(normalize_name(doc[start:token.i].text))
    return names


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
    persons = _person_names(ents, gaz)
    parsed = doc.has_annotation("DEP")
    spans: list[tuple[int, int, str, str]] = []  # token start, end, label, role
    countries: dict[int, str] = {}  # token start of a demonym -> its country
    others: list[tuple[int, int, str]] = []  # NORP/ORG spans, read once the places are known
    for ent in ents:
        start, end = _strip(doc, ent.start, ent.end)
        if start >= end or not doc[start].text[:1].isupper():
            continue
        text = doc[start:end].text
        if text in _CALENDAR_WORDS or normalize_name(text) in _SEATS:
            continue
        if ent.label_ in PLACE_LABELS:
            if end - start == 1 and text in persons:
                continue
            label = ent.label_
            if label == "FAC" and _street(doc[start:end]) and not gaz.has_name(text):
                label = "STREET"  # placed at the town the text puts it in
            elif not gaz.ranked(text, limit=1):
                # "Boone County Jail", "Lamar County Commissioners", "United Georgia"
                inner = _org_places(doc[start:end], lambda t: gaz.has_name(t), gaz,
                                    _GENERIC_WORDS)[:1]
                if label == "FAC":  # a facility of a county or a town's institution
                    inner = [(s, e) for s, e in inner if doc[e - 1].text in _NAME_SUFFIXES
                             or doc[e].text in _INSTITUTION_WORDS]
                if inner:
                    start, end = inner[0]
                elif label == "FAC":
                    continue
            spans.append((start, _with_suffix(doc, end), label, "location"))
        elif ent.label_ in {"ORG", "PERSON"} and _street(doc[start:end]) \
                and not gaz.has_name(text):  # "Avalon Boulevard" read as a company
            spans.append((start, end, "STREET", "location"))
        elif ent.label_ in {"NORP", "ORG", "PERSON"}:
            others.append((start, end, ent.label_))
    # One sense per discourse: a name the model read as a place elsewhere in the text is a
    # place here too, even when weak ("Cottonport Fire Station" after "in Cottonport").
    known = {normalize_name(doc[s:e].text) for s, e, _, _ in spans}

    def placeish(text: str) -> bool:
        return normalize_name(text) in known or _strong_place(text, gaz)

    people: list[tuple[int, int]] = []
    for start, end, label in others:
        text = doc[start:end].text
        if label == "PERSON":
            people.append((start, end))
            continue
        iso = gaz.demonym(text) if label == "NORP" else None
        if iso is not None:
            if demonyms:
                countries[start] = iso
                spans.append((start, end, "NORP", "actor"))
        elif (placeish(text) or (label == "ORG" and _misread_place(doc[start:end], gaz, known,
                                                                     persons))) \
                and gaz.has_name(text) and gaz.demonym(text) is None:
            spans.append((start, _with_suffix(doc, end), label + ">GPE", "location"))
        elif label == "ORG":
            iso = gaz.demonym(doc[start].text) if end - start > 1 else None
            if iso is not None:  # "the Russian Foreign Ministry"
                if demonyms:
                    countries[start] = iso
                    spans.append((start, start + 1, "NORP", "actor"))
                continue
            for inner_start, inner_end in _org_places(doc[start:end], placeish, gaz):
                # "San Miguel Department", "Lamu County": a division the model took for an
                # organisation is a place; "Kenya Airways" is an actor
                division = TYPE_WORDS.get(doc[end - 1].lower_) == "A" and inner_end == end - 1
                spans.append((inner_start, _with_suffix(doc, end) if division else inner_end,
                              "ORG>GPE" if division else "ORG",
                              "location" if division else "actor"))
    spans.extend(_people_places(doc, people, gaz, known, persons, placeish))
    taken = [False] * len(doc)
    for start, end, _, _ in spans:
        for i in range(start, end):
            taken[i] = True
    for ent in ents:  # never add gazetteer spans inside a person's or organisation's name
        if ent.label_ in {"PERSON", "ORG", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"}:
            for i in range(ent.start, ent.end):
                taken[i] = True
    dateline = dateline_span(doc.text)
    if dateline is not None:  # "COLUMBUS, Ohio (AP) -" the model often leaves out
        span = doc.char_span(*dateline)
        if span is not None and not any(taken[span.start:span.end]) \
                and gaz.has_name(span.text):
            spans.append((span.start, span.end, "DATELINE", "location"))
            taken[span.start:span.end] = [True] * len(span)
    spans.extend((s, e, "GAZ", "location")
                 for s, e in _gazetteer_spans(doc, gaz, taken, known - persons_keys(persons)))
    found = [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), s, e, label, role)
             for s, e, label, role in spans]
    found.extend((s, e, -1, -1, "GAZ", "location") for s, e in _hyphen_places(doc, gaz))
    found.sort()
    diseases = _disease_names(doc)
    mentions: list[Mention] = []
    last_end = -1
    for start_char, end_char, start, end, label, role in found:
        if start_char < last_end or normalize_name(doc.text[start_char:end_char]) in diseases:
            continue
        last_end = end_char
        if start < 0:  # a place inside one token ("U.S.-based")
            mentions.append(Mention(start=start_char, end=end_char,
                                    name=doc.text[start_char:end_char], label=label, role=role))
            continue
        span = doc[start:end]
        metonymic = parsed and role == "location" and is_metonymic(span)
        mentions.append(Mention(start=start_char, end=end_char, name=span.text,
                                label=label, role=role, type_class=_type_class(doc, start, end),
                                metonymic=metonymic, country=countries.get(start, "")))
    return mentions
