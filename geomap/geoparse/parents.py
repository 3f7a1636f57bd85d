"""Parent and child constraints: a mention named as lying in another ("Alexandria, Louisiana").

The text links a place to its parent by a comma or by "of" / "in" ("the Eastleigh district
of Nairobi", "La Esperanza farm, Santa Elena jurisdiction, Usulutan Department"); a parent's
reading is the one that holds a reading of its child.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from geomap.geoparse.candidates import MentionState
from geomap.geoparse.hierarchy import lies_inside, place_level
from geomap.places import Place

__all__ = ["holds_child", "link_containers", "named_parents"]

# Generic words between a place and its parent ("X village, Y province, Z").
_LINK_WORDS = ("province|governorate|state|region|oblast|prefecture|county|parish|district|"
               "department|territory|municipality|jurisdiction|canton|commune|city|town|"
               "village|hamlet|township|borough|suburb|neighbou?rhood|farm|estate|area|"
               "sector|section|ward|zone")
_PARENT_LINK = re.compile(rf"(?:\s+(?:{_LINK_WORDS}))?\s*(?:,\s*(?:in\s+)?|\s+(?:of|in)\s+|\s*\(\s*)"
                          r"(?:the\s+)?", re.IGNORECASE)
# Words that join the names of a list ("Denver, Indianapolis and Louisville").
_LIST_LINK = re.compile(r"\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or|&)\s+", re.IGNORECASE)
_MAX_PARENTS = 3
_CHILD_READINGS = 10  # readings of a child that may make its parent's reading


def link_containers(text: str, states: Sequence[MentionState]) -> None:
    """Link a mention to the named place it lies in: "Alexandria, Louisiana", "La Esperanza
    farm, Santa Elena jurisdiction, Usulutan Department", "the Eastleigh district of
    Nairobi", "Kitungati village (Kitui)"."""
    for k in range(len(states) - 1):
        here, after = states[k].mention, states[k + 1].mention
        link = _PARENT_LINK.fullmatch(text, here.end, after.start)
        if link:
            states[k].container = k + 1
            states[k].comma = "," in link.group()
            states[k].pair = states[k].comma and not (
                _listed(text, states, k - 1) or _listed(text, states, k + 1))


def _listed(text: str, states: Sequence[MentionState], k: int) -> bool:
    """Whether mention ``k`` and the next one are joined as a list ("X, Y", "X and Y")."""
    return 0 <= k < len(states) - 1 and _LIST_LINK.fullmatch(
        text, states[k].mention.end, states[k + 1].mention.start) is not None


def named_parents(states: Sequence[MentionState], k: int) -> list[Place]:
    """The places chosen for the named parents of mention ``k``, nearest first.

    A parent is larger than what it holds: in "Michigan, Oregon, New Mexico" or "Denver,
    Indianapolis, Louisville" the commas list peers; only "of" / "in", or a comma between
    two names that no list goes on from, lets a town hold a place ("the Eastleigh district
    of Nairobi", "Mtongwe, Mombasa").
    """
    found: list[Place] = []
    child = states[k]
    level = 3 if not child.ranked or child.mention.type_class == "P" \
        else place_level(child.ranked[child.choice][0])
    outer = child.container
    while outer is not None and len(found) < _MAX_PARENTS and states[outer].ranked:
        parent = states[outer].ranked[states[outer].choice][0]
        if place_level(parent) > level or (
                place_level(parent) == level and ((child.comma and not child.pair) or level < 3)):
            break
        found.append(parent)
        child, level, outer = states[outer], place_level(parent), states[outer].container
    return found


def holds_child(place: Place, children: Sequence[MentionState]) -> bool:
    """Whether ``place`` holds a reading of a mention named as lying in it ("Atlanta,
    Georgia" is the US state: it holds an Atlanta)."""
    return any(place_level(c) > place_level(place) and lies_inside(c, place)
               for child in children for c, _ in child.ranked[:_CHILD_READINGS])
