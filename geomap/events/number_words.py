"""Numbers as news writes them: digits ("1,200") or words ("seven", "twenty-five").

The one list of number words, for counts of the dead, distances and spans of time.

Examples
--------
>>> number("1,200"), number("twenty", "five"), number("several")
(1200, 25, None)
>>> import re
>>> re.fullmatch(NUMBER, "twenty-five").groups()
('twenty', 'five')
"""

from __future__ import annotations

__all__ = ["NUMBER", "NUMBER_WORDS", "number"]

#: Number words and their values ("a dozen", "both", "a couple" included).
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "both": 2,
    "couple": 2,
}
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
#: A number in lower case, as two groups: digits or a word, and the unit word of "twenty-five".
NUMBER = (r"(\d[\d,]*|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
          + rf")(?:[- ]({_UNITS}))?")


def number(word: str, unit: str | None = None) -> int | None:
    """The value of a number word or numeral, with the unit word of a compound ("twenty" +
    "five"), or ``None`` for a word that is no number."""
    if word[0].isdigit():
        return int(word.replace(",", ""))
    value = NUMBER_WORDS.get(word)
    if value is None:
        return None
    return value + (NUMBER_WORDS.get(unit, 0) if unit else 0)
