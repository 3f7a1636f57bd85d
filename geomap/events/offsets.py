"""A stated distance and direction from a named place ("25 km north of Mosul"): the event
happened near the place, not at it.

The offset is read from the words before the place's mention: a number (digits or words),
a unit (kilometres or miles), a direction of the compass and "of" or "from", with up to
three words naming the reference ("160km south of the Sri Lankan capital Colombo").
"""

from __future__ import annotations

import re
from typing import NamedTuple

from geomap.events.number_words import NUMBER, number
from geomap.places import Toponym

__all__ = ["Offset", "not_references", "stated_offset"]


class Offset(NamedTuple):
    """A stated distance and direction from a named place: "25 km north of X"."""

    km: float
    direction: str
    bearing: float


_BEARINGS = {"north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0, "south": 180.0,
             "southwest": 225.0, "west": 270.0, "northwest": 315.0}
_UNITS_KM = {"km": 1.0, "kms": 1.0, "kilometers": 1.0, "kilometres": 1.0, "kilometer": 1.0,
             "kilometre": 1.0, "mi": 1.609344, "mile": 1.609344, "miles": 1.609344}
_OFFSET = re.compile(rf"\b(?:(\d+\.\d+)|{NUMBER})\s*-?\s*(km|kms|kilomet(?:er|re)s?|mi|miles?)\s+"
                     r"(?:to\s+the\s+)?(north|south|east|west)(?:[- ]?(east|west))?(?:ern)?\s+"
                     r"(?:of|from)\s+(?:the\s+)?(?:[a-z'’]+\s+){0,2}(?:[a-z]+\s+(?:of\s+)?)?$",
                     re.IGNORECASE)


def stated_offset(text: str, topo: Toponym) -> Offset | None:
    """Return the distance and direction the text states before a place ("25 km north of X").

    >>> t = "an ambush 25 km north of Mosul"
    >>> stated_offset(t, Toponym(25, 30, "Mosul"))
    Offset(km=25.0, direction='north', bearing=0.0)
    >>> stated_offset("10 miles south-east of the town of Bor", Toponym(35, 38, "Bor")).bearing
    135.0
    >>> t = "seven kilometers south-west of the breakaway region's capital Tskhinvali"
    >>> stated_offset(t, Toponym(len(t) - 10, len(t), "Tskhinvali"))
    Offset(km=7.0, direction='southwest', bearing=225.0)
    >>> t = "160km south of the Sri Lankan capital Colombo"
    >>> stated_offset(t, Toponym(38, 45, "Colombo")).km
    160.0
    """
    found = _OFFSET.search(text[max(0, topo.start - 80):topo.start])
    if found is None:
        return None
    amount, word, unit_word, unit, direction, second = found.groups()
    size = float(amount) if amount else number(word.lower(), unit_word and unit_word.lower())
    if size is None:
        return None
    direction = direction.lower() + (second or "").lower()
    return Offset(size * _UNITS_KM[unit.lower()], direction, _BEARINGS[direction])


def not_references(places: list[Toponym], text: str) -> list[Toponym]:
    """The places that are not only the reference of a stated distance, when there are such
    ("in Akuressa, some 160km south of Colombo": Akuressa)."""
    named = [t for t in places if stated_offset(text, t) is None]
    return named or places
