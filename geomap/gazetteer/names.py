"""Place-name normalisation: the one key under which names are indexed and looked up.

A key is the name folded for matching: Unicode-normalised, lower case, accents removed,
Latin-script names transliterated to ASCII (``Şalāḩ ad Dīn`` -> ``salah ad din``),
apostrophes and dots dropped (``Sana'a`` -> ``sanaa``, ``U.S.`` -> ``us``), hyphens and other
punctuation turned into single spaces, a leading article ``the`` removed, and ``St``, ``Mt``,
``Ft`` before another word read as ``saint``, ``mount``, ``fort``. Names in
other scripts keep their letters (case-folded), so ``بغداد`` is found through the
alternate names that carry it.

Directional qualifiers (``southern Red Sea``, ``western Yemen``) are not part of a key:
:func:`split_qualifier` separates them, and the gazetteer resolves such a name to the base
place (its representative point, no offset) when the full name is not itself a place
("South Sudan", "West Bank" and "North Korea" are places and match first).

Examples
--------
>>> normalize_name("  The Sana'a ")
'sanaa'
>>> normalize_name("U.S."), normalize_name("Ain al-Asad"), normalize_name("Kyïv")
('us', 'ain al asad', 'kyiv')
>>> split_qualifier("southern Red Sea")
('southern', 'red sea')
>>> split_qualifier("Red Sea")
(None, 'red sea')
"""

from __future__ import annotations

import functools
import re
import unicodedata

from unidecode import unidecode

__all__ = [
    "TYPE_WORDS",
    "article_variant",
    "normalize_name",
    "split_key_qualifier",
    "split_qualifier",
    "strip_area_suffix",
]

#: Generic words before or after a name and the GeoNames feature class they ask for
#: ("Idlib province", "the city of Homs").
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

# Directional words that qualify a place ("northern Iraq") rather than name one.
_QUALIFIER_RE = re.compile(
    r"^(?:(?:far|mid)\s+)?(?P<q>(?:north|south)(?:\s?(?:east|west))?(?:ern)?|"
    r"(?:east|west)(?:ern)?|central|upper|lower)\s+(?P<rest>.+)$"
)
# Generic words after a name ("Anbar province", "Donetsk region", "Ain al-Asad air base").
_AREA_SUFFIX_RE = re.compile(
    r"^(?P<rest>.+?)\s+(?:province|governorate|region|oblast|state|district|prefecture|"
    r"county|city|town|village|area|territory|territories|township|tehsil|taluka|"
    r"upazila|upazilla|upozila|sub ?county|municipality|constituency|commune|"
    r"air ?base|air ?field|airport|"
    r"(?:military |naval |army )?base|port|dam)$"
)
# Transliterations of the Arabic article ("el", "ad-", "ez-"...), all read as "al".
_ARTICLES = frozenset({"el", "al", "ad", "ar", "as", "at", "az", "an", "ash", "ath", "ed", "er",
                       "es", "et", "ez", "ul"})
# Abbreviated words of place names, expanded when another word follows ("St. Louis").
_EXPAND = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "point"}
_APOSTROPHES = "'`´ʻʼʽʾʿ‘’′"
_DROP = str.maketrans("", "", _APOSTROPHES + ".")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def _is_latin(text: str) -> bool:
    if text.isascii():
        return True
    for char in text:
        if char.isalpha() and not unicodedata.name(char, "").startswith("LATIN"):
            return False
    return True


@functools.lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """Return the lookup key of a place name (see the module docstring for the rules).

    Parameters
    ----------
    name : str
        A place name as written.

    Returns
    -------
    str
        The key; empty when the name has no letters or digits.

    Examples
    --------
    >>> normalize_name("Kiev"), normalize_name("São Paulo"), normalize_name("the Gaza Strip")
    ('kiev', 'sao paulo', 'gaza strip')
    >>> normalize_name("St. Petersburg") == normalize_name("Saint Petersburg")
    True
    """
    text = unicodedata.normalize("NFKC", name).casefold().translate(_DROP)
    if _is_latin(text):
        text = unidecode(text).lower().translate(_DROP)
    else:
        text = "".join(c for c in unicodedata.normalize("NFKD", text)
                       if not unicodedata.combining(c))
    text = _NON_WORD.sub(" ", text).replace("_", " ").strip()
    tokens = text.split()
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    return " ".join([_EXPAND.get(tok, tok) if i < len(tokens) - 1 else tok
                     for i, tok in enumerate(tokens)])


def split_qualifier(name: str) -> tuple[str | None, str]:
    """Split a leading directional qualifier off a name: ``(qualifier or None, base key)``.

    >>> split_qualifier("North-western Syria")
    ('north western', 'syria')
    """
    return split_key_qualifier(normalize_name(name))


def split_key_qualifier(key: str) -> tuple[str | None, str]:
    """:func:`split_qualifier` of a key that is already normalised.

    >>> split_key_qualifier("western yemen")
    ('western', 'yemen')
    """
    match = _QUALIFIER_RE.match(key)
    if match is None:
        return None, key
    return match.group("q"), match.group("rest")


def strip_area_suffix(key: str) -> str | None:
    """Return ``key`` without a trailing generic word, or ``None`` when it has none.

    Generic words are kinds of area (province, region, city...) and of facility (air base,
    airport, port, dam): the gazetteer tries the rest when the whole name is not a place.

    >>> strip_area_suffix("anbar province"), strip_area_suffix("baghdad")
    ('anbar', None)
    >>> strip_area_suffix("ain al asad air base")
    'ain al asad'
    """
    match = _AREA_SUFFIX_RE.match(key)
    return None if match is None else match.group("rest")


def article_variant(key: str) -> str | None:
    """Return ``key`` with every transliterated Arabic article read as ``al``, if that differs.

    Applied to index keys and to lookups alike, so "Deir ez-Zor", "Deir al-Zor" and
    "Deir el Zor" meet. An article is a token followed by another token.

    >>> article_variant("deir ez zor"), article_variant("deir al zor"), article_variant("as")
    ('deir al zor', None, None)
    """
    tokens = key.split(" ")
    changed = [("al" if tok in _ARTICLES and i < len(tokens) - 1 else tok)
               for i, tok in enumerate(tokens)]
    return None if changed == tokens else " ".join(changed)
