"""The weapon of a generic attack: what the sentence or the report tells it was done with.

A sentence or a report often tells an attack twice: once with its weapon ("a bomb went off",
"dynamited", "shelled") and once without ("the attack", "were killed"). The generic one is
the explosion ACLED codes:

- :func:`specific`: in one sentence, every generic assault ("two soldiers were killed in an
  IED explosion");
- :func:`one_kind_of_weapon`: across a report, the word "attack" at a place where the only
  weapon told is explosives, or anywhere when explosives are the report's only weapon
  ("Banks were the targets of new attacks in X. Two bombs exploded at the banks in X");
- :func:`the_explosion`: "the attack" told after an explosion, in the report's order.

Examples
--------
>>> bomb = Incident("d", "s", "", "assault", "X", 0.0, 0.0, "point", trigger="bomb",
...                 action_mode="explosives", acled_event_type="Explosions/Remote violence",
...                 acled_sub_event_type="Remote explosive/landmine/IED")
>>> attack = Incident("d", "s", "", "assault", "X", 0.0, 0.0, "point", trigger="attacks",
...                   acled_event_type="Violence against civilians", acled_sub_event_type="Attack")
>>> shot = Incident("d", "s", "", "assault", "Y", 0.0, 0.0, "point", trigger="shot",
...                 action_mode="firearms", acled_event_type="Violence against civilians",
...                 acled_sub_event_type="Attack")
>>> one_kind_of_weapon([attack, bomb, shot])[0].acled_event_type
'Explosions/Remote violence'
"""

from __future__ import annotations

import re
from collections.abc import Collection

from geomap.events.lexicon import Mode
from geomap.incidents import Incident

__all__ = ["one_kind_of_weapon", "specific", "the_explosion"]


def specific(found: list[Incident], only_attacks: bool = False,
             weapon: tuple[str, str, str] | None = None) -> list[Incident]:
    """A generic attack of a sentence that also tells how ("dynamited", "shelled") is that.

    Generic: an assault told without a weapon ("attacked", "killed", "were injured"): "two
    soldiers were killed in an IED explosion" is the explosion, whoever was hit. Across a
    report (``only_attacks``) only one told as an attack is ("the attack", "were killed in
    an attack"): other deaths may be another event's. ``weapon``: the (mode, ACLED type,
    sub-type) to give when none of ``found`` tells one.

    >>> a = Incident("d", "s", "", "assault", "X", 0.0, 0.0, "point", trigger="attack",
    ...              acled_event_type="Violence against civilians", acled_sub_event_type="Attack")
    >>> b = Incident("d", "s", "", "assault", "Y", 0.0, 0.0, "point", trigger="dynamited",
    ...              action_mode="explosives", acled_event_type="Explosions/Remote violence",
    ...              acled_sub_event_type="Remote explosive/landmine/IED")
    >>> specific([a, b])[0].acled_event_type
    'Explosions/Remote violence'
    """
    how = next(((i.action_mode, i.acled_event_type, i.acled_sub_event_type) for i in found
                if i.action == "assault" and i.action_mode
                and i.acled_event_type == "Explosions/Remote violence"), weapon)
    if how is None:
        return found
    for inc in found:
        if inc.action == "assault" and not inc.action_mode and (
                not only_attacks or inc.trigger.lower().startswith("attack")
                or _AN_ATTACK.search(inc.sentence)):
            inc.action_mode, inc.acled_event_type, inc.acled_sub_event_type = how
    return found


_AN_ATTACK = re.compile(r"\battacks?\b", re.IGNORECASE)


def _modes(found: list[Incident]) -> set[str]:
    return {i.action_mode for i in found if i.action == "assault" and i.action_mode}


def one_kind_of_weapon(found: list[Incident], told: Collection[Mode] = ()) -> list[Incident]:
    """A report's generic attacks take its weapon when explosives are the only one told,
    in the whole report (its events and its weapon words, ``told``) or at their place.

    "A bomb went off at the market. The attack was the third this week": the attack is the
    explosion; so are "seven guards were killed in an attack" of a report that says a car
    bomb damaged their bus. A report that also tells of guns (or aircraft) leaves its
    attacks as they are, except at a place where it tells explosives only: "new attacks in
    Bogota ... two bombs exploded in Bogota" are those bombs, whatever was shot elsewhere.
    """
    if _modes(found) | {m.mode for m in told} == {"explosives"}:
        weapon = next(((m.mode, m.acled_event_type, m.acled_sub_event_type) for m in told
                       if m.acled_event_type), None)
        return specific(found, only_attacks=True, weapon=weapon)
    by_place: dict[str, list[Incident]] = {}
    for inc in found:
        if inc.precision != "country":  # a country holds every event told without a place
            by_place.setdefault(str(inc.geonameid or inc.place_name), []).append(inc)
    for here in by_place.values():
        if _modes(here) == {"explosives"}:
            specific(here, only_attacks=True)
    return found


#: A new attack told between an explosion and "the attack": that attack is the one meant.
_ANOTHER_ATTACK = re.compile(r"\b(?:an?|another)\s+(?:[\w-]+\s+)?attack\b|\bopened\s+fire\b",
                             re.IGNORECASE)


def _between(text: str, first: str, then: str) -> str:
    """The text after sentence ``first`` and before sentence ``then``."""
    start = text.find(first)
    end = text.find(then, start)
    return text[start + len(first):end] if start >= 0 and end >= 0 else ""


_THE_ATTACK = re.compile(r"\b(?:the|this|these|today's|yesterday's)\s+(?:[\w-]+\s+)?attacks?\b",
                        re.IGNORECASE)


def the_explosion(found: list[Incident], text: str = "") -> list[Incident]:
    """"The attack" told after an explosion, with no weapon of its own, is that explosion.

    "A bomb went off in the market. The attack killed two": the report's last explosion
    before it gives its kind (not a first "attack", nor one told before the bomb, nor one
    after a new attack told since: "an attack on his car"). The order is the report's
    (``text``): an explosion told without a place is as early as its sentence, though it
    is placed last.
    """
    last: Incident | None = None
    for inc in sorted(found, key=lambda i: text.find(i.sentence)):
        if inc.action == "assault" and inc.action_mode == "explosives":
            last = inc
        elif last is not None and inc.action == "assault" and not inc.action_mode \
                and inc.trigger.lower().startswith("attack") and _THE_ATTACK.search(inc.sentence) \
                and not _ANOTHER_ATTACK.search(_between(text, last.sentence, inc.sentence)):
            inc.action_mode = last.action_mode
            inc.acled_event_type, inc.acled_sub_event_type = (last.acled_event_type,
                                                              last.acled_sub_event_type)
    return found
