"""Fatalities as the text states them (ACLED's column): "killing three", "13 soldiers were killed".

Only deaths the sentence states count: a number (digits or words, "at least", "a", "an")
before a death verb or adjective ("were killed", "died", "dead", "lost their lives"), after
"killing" / "killed", or as a death toll. "No one was killed" and "no casualties" give 0.
A sentence that says nothing of deaths gives ``None`` (empty, not zero).

Examples
--------
>>> fatalities("At least four people were killed and 14 injured.")
4
>>> fatalities("Gunmen stormed the village, killing three.")
3
>>> fatalities("The attack left 2 soldiers and 5 civilians dead."), fatalities("Police arrested 5.")
(7, None)
>>> fatalities("A policeman was shot dead."), fatalities("There were no casualties.")
(1, 0)
>>> fatalities("A bomb killed three people.")
3
"""

from __future__ import annotations

import re

from geomap.events.number_words import NUMBER, number

__all__ = ["fatalities"]

# "<n> [people|soldiers ...] (were|was|have been) killed/dead/died"
_BEFORE = re.compile(rf"\b(?:at least |some |about |around |nearly |more than |over )?{NUMBER}"
                     r"((?: [a-z'\-]+){0,4}?)"
                     r"(?: (?:were|was|have been|has been|had been|are|is|reportedly|reported|also|later|all))*"
                     r" (?:killed|dead|died|slain|murdered|executed|lynched|beheaded|"
                     r"lost (?:their|his|her) li(?:ves|fe)|shot dead|hacked to death|burnt to death|"
                     r"burned to death|stabbed to death|beaten to death)\b")
# "killing <n>", "killed <n>", "death toll of/rose to <n>"
_AFTER = re.compile(rf"\b(?:killing|killed|kills|kill|massacred|death toll (?:of|rose to|at|to|is|stands at))"
                    rf" (?:at least |some |about |around |nearly |more than |over )?{NUMBER}\b")
_LEFT_DEAD = re.compile(rf"\bleft {NUMBER}((?: [a-z'\-]+){{0,3}}?(?: and {NUMBER}(?: [a-z'\-]+){{0,3}}?)?) dead\b")
_NONE_PLAIN = re.compile(r"\bno (?:casualties|fatalities|deaths)\b|\bno one was killed\b|\bnobody was killed\b")


def fatalities(sentence: str) -> int | None:
    """Return the number of people the sentence says were killed, or ``None``."""
    s = " ".join(sentence.lower().replace("\u2019", "'").split())
    if m := _LEFT_DEAD.search(s):
        first = number(m.group(1), m.group(2)) or 0
        second = number(m.group(4), m.group(5)) if m.group(4) else 0
        return first + (second or 0)
    if m := _AFTER.search(s):
        return number(m.group(1), m.group(2))
    total = 0
    found = False
    for m in _BEFORE.finditer(s):
        value = number(m.group(1), m.group(2))
        if value is not None and value < 100000:
            total += value
            found = True
    if found:
        return total
    if _NONE_PLAIN.search(s):
        return 0
    return None
