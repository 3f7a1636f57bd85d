"""The actor registry: surface forms of actors to a canonical actor, its country and type.

The registry is data (``geomap/data/actors.csv``: surface form, canonical actor, ISO3
country, type, backer; a group known by an acronym is named as ACLED names it, "ELN:
National Liberation Army", so either form of the name finds it);
``geomap/data/actors_heads.csv`` gives the type of a generic head noun ("militia" ->
militia, "protesters" -> protesters). A phrase is resolved, in order,
by the registry (whole phrase, then without its leading words), by a demonym with a state
head noun ("Iraqi forces" -> Iraq, through the gazetteer), by a country name, and by its
head noun. "X-backed" / "X-aligned" set the backer ("Iran-backed militia" keeps backer
IRN). A phrase nothing knows is kept as written, never dropped.

Examples
--------
>>> reg = load_registry()
>>> a = reg.resolve("the US military")
>>> a.name, a.country, a.type
('United States', 'USA', 'state military')
>>> reg.resolve("Iran-backed militia").backer, reg.resolve("Iran-backed militia").type
('IRN', 'militia')
>>> reg.resolve("Iran-backed rebel group controlling western Yemen").name
'Houthis'
>>> reg.resolve("Wagner commanders").name
'Wagner commanders'
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

import pycountry

from geomap.places import COUNTRY_CODES

if TYPE_CHECKING:
    from geomap.gazetteer import GazetteerIndex
    from geomap.places import Toponym

__all__ = [
    "ARMED_TYPES",
    "STATE_TYPES",
    "Actor",
    "ActorRegistry",
    "country_name",
    "generic_actor",
    "is_unidentified",
    "iso2_of",
    "iso3",
    "load_registry",
    "normalize_phrase",
]

_BACKED = re.compile(r"\b([a-z]+)\s*-\s*(?:backed|aligned|affiliated|supported|sponsored|allied)\b")
_LEADING = re.compile(r"^(?:the|a|an|its|their|his|her|several|some|two|three|four|five|"
                      r"dozens of|hundreds of|thousands of)\s+")
#: Actor types of a state: its armed forces, police and government.
STATE_TYPES = frozenset({"state military", "police", "government"})
#: Actor types that bear arms: an attack on one of them is a battle.
ARMED_TYPES = frozenset({"state military", "police", "non-state armed group", "militia"})
_CROWD_TYPES = frozenset({"protesters", "rioters", "civilians"})
_NAME_WORDS = 5  # words of a group's name that may come before a place in it


@dataclass(frozen=True, slots=True)
class Actor:
    """A normalised actor: canonical ``name``, ISO3 ``country``, ``type`` and ``backer``.

    ``known`` is false for an actor kept as written because nothing recognised it.
    """

    name: str
    country: str = ""
    type: str = ""
    backer: str = ""
    known: bool = True


@functools.lru_cache(maxsize=1024)
def _country(code: str) -> Any:
    """The pycountry record of an alpha-2 or alpha-3 code, or ``None``."""
    if len(code) == 2:
        return pycountry.countries.get(alpha_2=code.upper())
    return pycountry.countries.get(alpha_3=code.upper()) if len(code) == 3 else None


def iso3(iso2: str) -> str:
    """Return the ISO 3166-1 alpha-3 code of an alpha-2 code, or ``""``.

    >>> iso3("IQ"), iso3("")
    ('IRQ', '')
    """
    country = _country(iso2)
    return country.alpha_3 if country else ""


def iso2_of(code3: str) -> str:
    """Return the ISO 3166-1 alpha-2 code of an alpha-3 code, or ``""``.

    >>> iso2_of("IRQ"), iso2_of("")
    ('IQ', '')
    """
    country = _country(code3)
    return country.alpha_2 if country else ""


@functools.lru_cache(maxsize=512)
def country_name(code3: str) -> str:
    """Return the short English name of an ISO alpha-3 country, as ACLED writes it.

    >>> country_name("KEN"), country_name("IRN"), country_name("")
    ('Kenya', 'Iran', '')
    """
    country = _country(code3)
    if country is None:
        return ""
    name = getattr(country, "common_name", None) or country.name
    return name.split(",")[0]


_UNIDENTIFIED = "Unidentified Armed Group"
#: ACLED's generic actors, by actor type: the form of the name with the country.
_GENERIC = {
    "police": "Police Forces of {}",
    "state military": "Military Forces of {}",
    "non-state armed group": _UNIDENTIFIED + " ({})",
    "militia": _UNIDENTIFIED + " ({})",
    "protesters": "Protesters ({})",
    "rioters": "Rioters ({})",
    "civilians": "Civilians ({})",
}


def is_unidentified(name: str) -> bool:
    """Whether an actor's name is ACLED's generic unnamed armed group: nobody named.

    >>> is_unidentified("Unidentified Armed Group (Kenya)"), is_unidentified("Al-Shabaab")
    (True, False)
    """
    return name.startswith(_UNIDENTIFIED)


def generic_actor(kind: str, code3: str) -> Actor | None:
    """Return ACLED's generic actor of this type in this country (without a country when
    the text does not say it), or ``None`` for a type that has none.

    >>> generic_actor("police", "KEN").name, generic_actor("rioters", "IND").name
    ('Police Forces of Kenya', 'Rioters (India)')
    >>> generic_actor("rioters", "").name, generic_actor("police", "").name
    ('Rioters', 'Police Forces')
    """
    form = _GENERIC.get(kind)
    if form is None:
        return None
    name = country_name(code3)
    if not name:
        return Actor(form.replace(" ({})", "").replace(" of {}", ""), "", kind)
    return Actor(form.format(name), code3, kind)


def normalize_phrase(text: str) -> str:
    """Lower-case ``text``, unify quotes and hyphens, drop determiners and a possessive.

    >>> normalize_phrase("The U.S. military’s")
    'u.s. military'
    """
    s = text.replace("\u2019", "'").replace("\u2013", "-").lower().strip(" ,.;:\"'()")
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"\s*-\s*", "-", s)
    s = re.sub(r"'s$|'$", "", s)
    while True:
        shorter = _LEADING.sub("", s)
        if shorter == s:
            return s
        s = shorter


def _bare_word(word: str) -> str:
    """A word of running text without the punctuation after or around it ("union," "(TTP)",
    a sentence's last "union."), keeping an abbreviation's dots ("u.s.").

    >>> [_bare_word(w) for w in ["union,", "(ttp)", "union.", "u.s."]]
    ['union', 'ttp', 'union', 'u.s.']
    """
    word = word.strip(",;:()[]\"")
    return word[:-1] if word.endswith(".") and word.count(".") == 1 else word


class ActorRegistry:
    """Resolve actor phrases to :class:`Actor` through the registry data and the gazetteer."""

    def __init__(self, rows: list[dict[str, str]], heads: dict[str, str]) -> None:
        self._rows = {r["surface"]: Actor(r["actor"], r["country"], r["type"], r["backer"])
                      for r in rows}
        self._firsts = {surface.split()[0] for surface in self._rows if surface.split()}
        self._heads = heads

    def lookup(self, text: str) -> Actor | None:
        """Return the registry entry of ``text`` (whole phrase or its last words), or ``None``."""
        words = normalize_phrase(text).split()
        for k in range(len(words)):
            hit = self._rows.get(" ".join(words[k:]))
            if hit is not None:
                return hit
        return None

    def find_named(self, text: str, crowds: bool = False) -> Actor | None:
        """Return the named actor whose surface occurs in ``text`` (the longest), or ``None``.

        Protesters, rioters and civilians are no named actors, unless ``crowds`` (a named
        movement still tells its country: "the Bharatiya Kisan Union").

        >>> load_registry().find_named("gunmen believed to be members of al shabaab").name
        'Al-Shabaab'
        """
        words = [_bare_word(w) for w in normalize_phrase(text).split()]
        starts = [k for k, word in enumerate(words) if word in self._firsts]  # the few that may
        for n in range(min(6, len(words)), 0, -1):
            for k in starts:
                if k + n > len(words):
                    continue
                hit = self._rows.get(" ".join(words[k:k + n]))
                if hit is not None and (crowds or hit.type not in _CROWD_TYPES):
                    return hit
        return None

    def names_a_group_abroad(self, written: str, topo: Toponym) -> bool:
        """Whether the place ``topo`` of the text ``written`` ends the name of a group from
        another country, and so is no place of its events ("Al Qaeda in the Indian
        Subcontinent"; but "death squads in El Salvador", and "the United Nations Interim
        Force in Lebanon", a force of no country).

        >>> from geomap.places import Toponym
        >>> text = "a member of Al Qaeda in the Indian Subcontinent"
        >>> load_registry().names_a_group_abroad(text, Toponym(28, 47, "Indian Subcontinent"))
        True
        >>> text = "al Shabaab fighters in Somalia"
        >>> load_registry().names_a_group_abroad(text, Toponym(23, 30, "Somalia"))
        False
        """
        words = written[max(0, topo.start - 60):topo.start].split()[-_NAME_WORDS:]
        group = self.find_named(" ".join([*words, topo.name]), crowds=True)
        if group is None or not group.country or group in (
                self.find_named(" ".join(words), crowds=True),
                self.find_named(topo.name, crowds=True)):
            return False
        return topo.place is None or iso3(topo.place.country_code) != group.country

    def head_type(self, text: str) -> str:
        """Return the actor type of the phrase's head noun ("Iraqi militia" -> militia)."""
        words = normalize_phrase(text).split()
        if len(words) >= 2 and " ".join(words[-2:]) in self._heads:
            return self._heads[" ".join(words[-2:])]
        return self._heads.get(words[-1], "") if words else ""

    def resolve(self, text: str, gaz: GazetteerIndex | None = None) -> Actor:
        """Return the canonical actor of ``text``; unknown phrases are kept as written."""
        norm = normalize_phrase(text)
        backer = ""
        found = _BACKED.search(norm)
        if found:
            backer = self._country_code(found.group(1), gaz)
        hit = self.lookup(norm) or (self.lookup(_BACKED.sub("", norm).strip()) if found else None)
        if hit is not None:
            return Actor(hit.name, hit.country, hit.type, hit.backer or backer)
        head = self.head_type(norm)
        if head:  # "Hamas fighters", "suspected al shabaab attackers": a known actor before a head
            owner = self.find_named(" ".join(_BACKED.sub("", norm).replace("'s ", " ").split()[:-1]))
            if owner is not None:
                armed_wing = owner.type == "political party" and head in ARMED_TYPES
                return Actor(owner.name, owner.country,  # "OLF rebels": the party's armed men
                             head if head in STATE_TYPES or armed_wing else owner.type,
                             owner.backer or backer)
        if gaz is not None:
            names = {w.lower() for w in re.findall(r"[A-Za-z][\w.'-]*", text) if w[0].isupper()}
            country = self._country_of_words(_BACKED.sub("", norm).split(), gaz, names)
            if country is not None:
                name, code = country
                if head in STATE_TYPES or not head:
                    return Actor(name, code, head or "state military", backer)
                return Actor(_as_written(text), code, head, backer)
        return Actor(_as_written(text), "", head, backer, known=bool(head))

    def _country_code(self, word: str, gaz: GazetteerIndex | None) -> str:
        hit = self._rows.get(word)
        if hit is not None and hit.country:
            return hit.country
        if gaz is not None:
            found = self._country_of_words([word], gaz, {word})
            if found is not None:
                return found[1]
        return ""

    @staticmethod
    def _country_of_words(words: list[str], gaz: GazetteerIndex,
                          names: set[str]) -> tuple[str, str] | None:
        """The country a phrase names by a demonym ("iraqi") or by a country name ("iraq").

        A country name counts only when written as a name (``names``: the words written with
        a capital): "the car" is no Central African Republic.
        """
        for word in words:
            iso2 = gaz.demonym(word)
            if iso2:
                place = gaz.country(iso2)
                return (place.name if place else word.title()), iso3(iso2)
        phrase = " ".join(words)
        if len(words) <= 3 and phrase and all(w in names for w in words):
            for place in gaz.candidates(phrase, limit=3):
                if place.feature_code in COUNTRY_CODES:
                    return place.name, iso3(place.country_code)
        return None


def _as_written(text: str) -> str:
    s = re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip(" ,.;:\"'()")
    s = re.sub(r"'s$", "", s)
    return re.sub(r"^(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+", "", s)


def _read(name: str) -> list[dict[str, str]]:
    with resources.files("geomap.data").joinpath(name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@functools.lru_cache(maxsize=1)
def load_registry() -> ActorRegistry:
    """Return the actor registry (read once per process from the package data)."""
    heads = {r["word"]: r["type"] for r in _read("actors_heads.csv")}
    return ActorRegistry(_read("actors.csv"), heads)
