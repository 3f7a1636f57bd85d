"""Gazetteer evidence for toponym recognition: places the model missed or misread.

Rules that hold the model's entities and the text's capitalised words against the
gazetteer: the words of people's names, places read as people or organisations ("in
Gainesville", "Anderson County Sheriff"), places named inside an organisation's name
("Avoyelles Parish Sheriff's Office"), capitalised runs the model left out ("in
Cottonport", "Rock Hill-based") and places fused with a hyphenated suffix ("U.S.-based").
Names that are no places at all are in :mod:`geomap.geoparse.no_places`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from geomap.annotate import lemma_index
from geomap.gazetteer import GazetteerIndex, normalize_name
from geomap.geoparse.common_words import capitalised_for_position, common_word, lone_first_word
from geomap.geoparse.lexicon import (
    AREA_PLURALS,
    CALENDAR_WORDS,
    DIRECTION_WORDS,
    GENERIC_WORDS,
    HYPHEN_SUFFIXES,
    INSTITUTION_WORDS,
    JOINERS,
    MAJOR_CODES,
    NAME_SUFFIXES,
    PERSONAL_NOUNS,
)
from geomap.geoparse.spans import (
    is_capitalised,
    is_located,
    is_locative,
    is_street,
    names_a_division,
    names_a_local,
    trim_span,
    with_suffix,
)
from geomap.nlp import zipf
from geomap.places import COUNTRY_CODES

__all__ = [
    "gazetteer_spans",
    "hyphen_places",
    "misread_place",
    "org_places",
    "people_places",
    "person_names",
    "place_words",
    "plain_opening",
    "strong_place",
    "weak_word",
]

# Ranking prior of a "strong" place (see geomap.gazetteer.build.prior): log10 of ~30,000.
_STRONG_PRIOR = 4.5
_MAJOR_PRIOR = 5.5  # a city of some 300,000 people or more, or a country
_NAME_ZIPF = 3.5  # a capitalised word rarer than this in English is a name ("Briar", "Giorgi")


_LIST_WORDS = frozenset({",", "and", "or"})


def person_names(ents: Iterable[Span], gaz: GazetteerIndex) -> set[str]:
    """Each word of every multi-word person name among ``ents`` ("Lloyd", "Austin"), leaving
    out names that are whole places ("Glen Allen", "Sri Lanka's" read as people) and words that
    name a country, capital or first-level division ("Sudan" in "Sudan Preoccupy Egypt")."""
    names: set[str] = set()
    for ent in ents:
        if ent.label_ != "PERSON" or len(ent) < 2 or gaz.has_name(ent.text):
            continue
        start, end = trim_span(ent.doc, ent.start, ent.end)
        name = ent.doc[start:end].text
        if (end - start > 1 and gaz.has_name(name)) or _major_place(name, gaz):
            continue  # "Sri Lanka's former president", "Kampong Speu's provincial hall"
        names.update(tok.text for tok in ent if tok.is_alpha and tok.is_title
                     and not _major_place(tok.text, gaz, COUNTRY_CODES))
    return names


def _major_place(text: str, gaz: GazetteerIndex, codes: frozenset[str] = MAJOR_CODES) -> bool:
    ranked = gaz.ranked(text, limit=1)
    return bool(ranked) and ranked[0][0].feature_code in codes


def _common_noun(token: Token, nlp: Language) -> bool:
    """Whether ``token`` reads as a common noun that a name before it modifies ("Alexandria
    woman", "the Gainesville sewer system"): a lower-case content word that is not a verb
    form, an adverb or a personal noun ("the Clinton administration")."""
    word = token.text
    return (token.is_lower and token.is_alpha and not token.is_stop and len(word) > 2
            and not word.endswith(("ed", "ing", "ly")) and word not in PERSONAL_NOUNS
            and _is_noun(word, nlp))


def _described_noun(doc: Doc, i: int, nlp: Language) -> bool:
    """Whether ``doc[i]`` is an adjective in lower case before a common noun ("the Jaffna
    divisional secretariat", "the Gainesville public library")."""
    word = doc[i].text
    return i + 1 < len(doc) and doc[i].is_lower and word in lemma_index(nlp, "adj") \
        and word not in lemma_index(nlp, "noun") and _common_noun(doc[i + 1], nlp)


def _is_noun(word: str, nlp: Language) -> bool:
    """Whether the model's lemmatizer knows ``word`` as a noun, or as the plural of one that
    is no verb ("woman", "residents"; not "says")."""
    nouns = lemma_index(nlp, "noun")
    return word in nouns or (word.endswith("s") and word[:-1] in nouns
                             and word[:-1] not in lemma_index(nlp, "verb"))


# Zipf frequency from which a one-word name is a common English word ("City", "March",
# "But"): a sentence is worth the entity recogniser for it only when it names a prominent
# place ("Turkey", "Georgia").
_COMMON_ZIPF = 5.0
_LONGEST_NAME = 4  # words of the longest name looked up from one capitalised word
_ACRONYM_LETTERS = 5  # "INGO", "KANU": an upper-case word this short in mixed case


def place_words(sent: Span, gaz: GazetteerIndex) -> list[int]:
    """The capitalised words of ``sent`` that may name a place: a demonym ("Iraqi"), the
    start of a gazetteer name of several words ("New York"), one that is no common word
    ("Gainesville") or a prominent place ("Turkey"), a word after a locative one ("in
    Godapitiya") or before a street word ("Lois Street"). The entity recogniser reads the
    words around them (:func:`geomap.annotate.annotate`).

    >>> from geomap.gazetteer import load_gazetteer
    >>> from geomap.nlp import load_nlp
    >>> doc = load_nlp().make_doc("But it rained in March. Iraqi troops left.")
    >>> place_words(doc[0:6], load_gazetteer()), place_words(doc[6:], load_gazetteer())
    ([], [6])
    """
    doc = sent.doc
    return [tok.i for tok in sent if tok.text[:1].isupper() and tok.text not in CALENDAR_WORDS
            and _may_name_place(doc, tok.i, sent.end, gaz)]


def _may_name_place(doc: Doc, i: int, end: int, gaz: GazetteerIndex) -> bool:
    text = doc[i].text
    if is_locative(doc, i) or is_street(doc[i:i + 2]) or gaz.demonym(text) is not None:
        return True
    if any(gaz.has_name(doc[i:k].text) for k in range(i + 2, min(i + _LONGEST_NAME, end) + 1)):
        return True
    return gaz.has_name(text) and not weak_word(text, gaz)


def weak_word(text: str, gaz: GazetteerIndex) -> bool:
    """Whether ``text`` is one common English word ("Police", "University", "March") or an
    acronym ("INGO") that names no prominent place: capitalised for its position in the
    sentence or in an organisation's name, so no place on its own word.

    >>> from geomap.gazetteer import load_gazetteer
    >>> [weak_word(w, load_gazetteer()) for w in ("Police", "INGO", "Turkey", "Gainesville")]
    [True, True, False, False]
    """
    if " " in text:
        return False
    acronym = text.isupper() and len(text.strip(".")) <= _ACRONYM_LETTERS
    return (acronym or zipf(text.lower()) >= _COMMON_ZIPF) and not strong_place(text, gaz)


def misread_place(span: Span, gaz: GazetteerIndex, known: set[str],
                  persons: set[str], nlp: Language) -> bool:
    """Whether a span the model read as a person or an organisation is a place.

    "Anderson County" (an area word ends it), "Jackson and Madison counties"; else a
    gazetteer name that is no word of a person's full name, and that the text names as a
    place elsewhere, that a locative word leads in to ("in Gainesville", "of Grovetown";
    only a preposition of place makes a local division's name one, "in Chemelil"), that
    stands in brackets after a place ("Kitungati village (Kitui)"), that modifies a
    common noun ("Alexandria woman", "the Gainesville sewer system", "the Jaffna divisional
    secretariat"; not a common word that opens the sentence: "Cane farmers protest"), or
    that is a country, a capital or a first-level division ("Sri Lanka's former president",
    "Tbilisi has denied").
    """
    text = span.text
    if len(span) > 1 and span[-1].text in NAME_SUFFIXES:
        return True
    doc = span.doc
    located = is_located(doc, span.start) or _bracketed_after_place(span, known)
    if set(text.split()) & persons or not gaz.has_name(text, local=located) \
            or weak_word(text, gaz):
        return False
    if located or normalize_name(text) in known or is_locative(doc, span.start) or (
            span.end < len(doc) and doc[span.end].lower_ in AREA_PLURALS) \
            or _listed_with_place(span, known):
        return True
    if plain_opening(span, gaz, nlp):
        return False  # "Cane farmers protest": nothing below tells a place from a word
    if span.end < len(doc) and (_common_noun(doc[span.end], nlp) or names_a_local(span[-1])
                                or _described_noun(doc, span.end, nlp)):
        return True
    return _major_place(text, gaz)


def plain_opening(span: Span, gaz: GazetteerIndex, nlp: Language) -> bool:
    """Whether ``span`` is a common word capitalised for opening a sentence ("Coffee
    farmers cut down trees") that names no prominent place ("Mobile police said")."""
    return capitalised_for_position(span, nlp) and not strong_place(span.text, gaz)


def _bracketed_after_place(span: Span, known: set[str]) -> bool:
    """Whether ``span`` stands in brackets right after a name the text reads as a place
    ("residents in Kitungati village (Kitui)")."""
    doc = span.doc
    if span.start < 2 or span.end >= len(doc) or doc[span.start - 1].text != "(" \
            or doc[span.end].text != ")":
        return False
    return any(normalize_name(doc[max(0, span.start - 1 - width):span.start - 1].text) in known
               for width in (1, 2, 3))


def _listed_with_place(span: Span, known: set[str]) -> bool:
    """Whether ``span`` stands in a list next to a name the text reads as a place
    ("Lunugamwehera, Tangalla and Hambantota")."""
    doc = span.doc
    for width in (1, 2, 3):
        before = span.start - 1 - width
        if before >= 0 and doc[span.start - 1].lower_ in _LIST_WORDS \
                and normalize_name(doc[before:span.start - 1].text) in known:
            return True
        after = span.end + 1 + width
        if after <= len(doc) and doc[span.end].lower_ in _LIST_WORDS \
                and normalize_name(doc[span.end + 1:after].text) in known:
            return True
    return False


def people_places(doc: Doc, people: list[tuple[int, int]], gaz: GazetteerIndex,
                  known: set[str], persons: set[str],
                  placeish: Callable[[str], bool],
                  nlp: Language) -> list[tuple[int, int, str, str]]:
    """Places among the spans the model read as people: whole ("in Gainesville"; a later
    mention counts the earlier ones as the text naming it a place), or at the start of a
    title ("Anderson County Sheriff Greg Taylor", "Huntsville Fire Chief Tom Grisham")."""
    found: list[tuple[int, int, str, str]] = []
    pending = list(people)
    for _ in range(2):  # once more with the names the first pass found
        later = []
        for start, end in pending:
            if misread_place(doc[start:end], gaz, known, persons, nlp):
                found.append((start, with_suffix(doc, end), "PERSON>GPE", "location"))
                known.add(normalize_name(doc[start:end].text))
            else:
                later.append((start, end))
        pending = later
    for start, end in pending:
        for s, e in org_places(doc[start:end], placeish, gaz, nlp)[:1]:
            if doc[e - 1].text in NAME_SUFFIXES or (e < end and doc[e].text in INSTITUTION_WORDS):
                found.append((s, e, "PERSON>GPE", "actor"))
    return found


def gazetteer_spans(doc: Doc, gaz: GazetteerIndex, taken: list[bool],
                    known: set[str], nlp: Language) -> Iterable[tuple[int, int]]:
    """Capitalised runs the model missed that are places: after a locative word when the
    gazetteer knows them ("in Cottonport"), before a hyphenated suffix ("Rock Hill-based"),
    in a list with a place ("Tangalla and Hambantota"), before a noun of local news ("Roselle
    police") or a word for a division ("Swabi district"; not a common word that opens the
    sentence, "Coffee farmers", read by ``nlp``'s lemmatizer), anywhere when the text named
    them as a place elsewhere (``known`` lookup keys). A place found inside a longer run of
    capitalised words follows a common word, a demonym or a joiner; a run that opens with a
    name is one name ("Briar Vista area" is not Vista)."""
    i = 0
    n = len(doc)
    while i < n:
        if taken[i] or not is_capitalised(doc[i]) or doc[i].text in CALENDAR_WORDS:
            i += 1
            continue
        locative = is_locative(doc, i)
        j = i + 1
        while j < n and not taken[j] and (is_capitalised(doc[j]) or (
                doc[j].lower_ in JOINERS and j + 1 < n and is_capitalised(doc[j + 1]))):
            j += 1
        hyphen = j + 1 < n and doc[j].text == "-" and doc[j + 1].lower_ in HYPHEN_SUFFIXES
        # an abbreviation in brackets after its place: "Democratic Republic of Congo (DRC)"
        locative = locative or (i > 1 and doc[i - 1].text == "(" and j < n and doc[j].text == ")"
                                and taken[i - 2])
        # the longest prefix that is a place ("Cottonport area" -> "Cottonport")
        for k in range(j, i, -1):
            if doc[k - 1].lower_ in JOINERS:
                continue
            text = doc[i:k].text
            local = names_a_local(doc[k - 1]) or names_a_division(doc[i:k])
            if normalize_name(text) in known or (
                    gaz.has_name(text, local=local or is_located(doc, i))
                    and (locative or (hyphen and k == j) or _listed_with_place(doc[i:k], known)
                         or (local and not plain_opening(doc[i:k], gaz, nlp)))
                    and not weak_word(text, gaz)
                    and not (lone_first_word(doc[i:j], i, k) and not strong_place(text, gaz))):
                yield i, k
                i = j
                break
        else:  # no place opens the run: one may start inside it after a common word
            # ("Residents of Witu", "Northern Kano"), not inside a name ("Briar Vista area")
            # (the name runs to a joiner: "Rebekah Zoz of West Chester")
            i = next((k for k in range(i + 1, j) if doc[k].lower_ in JOINERS), j) \
                if _opens_a_name(doc[i], gaz) else i + 1


def _opens_a_name(token: Token, gaz: GazetteerIndex) -> bool:
    """Whether a capitalised word inside a sentence is the first word of a name: a rare word
    that names no place ("Briar" Vista, "Giorgi" Bolashvili); not a word of English
    ("Residents", "Distinctly", "Northeast"), a demonym or a place ("Old Alton Edwardsville
    Road")."""
    text = token.text
    return not token.is_sent_start and zipf(text.lower()) < _NAME_ZIPF \
        and gaz.demonym(text) is None and not gaz.has_name(text)


def hyphen_places(doc: Doc, gaz: GazetteerIndex) -> Iterable[tuple[int, int]]:
    """Character spans of places fused with a hyphenated suffix in one token ("U.S.-based")."""
    for token in doc:
        head, dash, tail = token.text.rpartition("-")
        if dash and head[:1].isupper() and tail.lower() in HYPHEN_SUFFIXES \
                and strong_place(head, gaz):
            yield token.idx, token.idx + len(head)


def strong_place(text: str, gaz: GazetteerIndex) -> bool:
    """Whether ``text`` names a place prominent enough to be read as one inside a name.

    A country, capital or first-level division, or a town of some 30,000 people or more,
    and not a directional or institutional word ("Central Command", "University Hospital").
    """
    if text.split()[0] in GENERIC_WORDS:
        return False
    ranked = gaz.ranked(text, limit=1)
    return bool(ranked) and ranked[0][1] >= _STRONG_PRIOR


def _acronym(word: str) -> bool:
    """Whether a word is a body's acronym ("JSQM", "PML-N"), before the town of its branch."""
    letters = word.replace("-", "")
    return 2 < len(letters) <= _ACRONYM_LETTERS and letters.isalpha() and letters.isupper()


def _branch_town(text: str, gaz: GazetteerIndex, nlp: Language) -> bool:
    """Whether ``text``, after a body's acronym, names the town of its branch ("JSQM Sukkur",
    "CDC Atlanta"): a town or a division, and a large one if its name is a word of English
    ("PRIDE Spring", "WIVB Channel" are none)."""
    ranked = gaz.ranked(text, limit=1)
    if not ranked or ranked[0][0].feature_class not in {"P", "A"}:
        return False
    return ranked[0][1] >= _MAJOR_PRIOR or not common_word(text, nlp)


def org_places(ent: Span, placeish: Callable[[str], bool], gaz: GazetteerIndex, nlp: Language,
               lead: frozenset[str] = DIRECTION_WORDS) -> list[tuple[int, int]]:
    """The places an organisation is named after: at its start ("Avoyelles Parish" Sheriff's
    Office), after a directional word ("Northeast Texas" Community College), after "of"
    ("University of Pennsylvania", "Bank of Canada"); a town of any size before a word of a
    local institution ("East Bank" Middle School, "Charleston" Gold Dome Lions Club is not:
    "Gold" is no such word); after "in" or "at", where the model ran a place into the name
    ("Ariyalai in Jaffna"); after a body's acronym, its branch's town ("JSQM Sukkur")."""
    found: list[tuple[int, int]] = []
    starts = [0] + [i + 1 for i in range(len(ent) - 1)
                    if ent[i].lower_ in {"of", "in", "at"} or (i == 0 and (
                        ent[0].text in lead or _acronym(ent[0].text)))]
    for first in starts:
        if first < len(ent) and ent[first].lower_ == "the":
            first += 1
        # the whole name is never its own place here (it was read as an organisation)
        for k in range(len(ent) - (1 if first == 0 else 0), first, -1):
            piece = ent[first:k]
            if not all(is_capitalised(t) or t.lower_ in JOINERS for t in piece) \
                    or piece[-1].lower_ in JOINERS:
                continue
            local = k < len(ent) and ent[k].text in INSTITUTION_WORDS and gaz.has_name(piece.text)
            if first == 1 and _acronym(ent[0].text) and not _branch_town(piece.text, gaz, nlp):
                continue  # "PRIDE Spring Cleanup", "WIVB Channel 4"
            if (piece[-1].text in NAME_SUFFIXES and len(piece) > 1) or (
                    piece[0].text not in GENERIC_WORDS and (placeish(piece.text) or local)):
                found.append((piece.start, piece.end))
                break
    return found
