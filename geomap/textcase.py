"""True-casing of upper-case text (wire news "SAN SALVADOR, 3 JAN 90 -- ...") before the model.

spaCy's small English model reads names from their capitals: on text in capitals only it
finds nothing, or everything. :func:`truecase` rewrites such text in ordinary case, keeping
every character offset (only the case of letters changes, so toponym and sentence offsets
into the true-cased text are offsets into the original):

- every word is lower-cased, then the first word of each sentence is capitalised;
- a run of words that is a known name (a place of the gazetteer, an actor of the registry) is capitalised ("San Salvador",
  "Usulutan") unless it is one ordinary English word ("may", "police": by its frequency in
  English, from ``wordfreq``);
- a word that is an acronym of the actor registry, or no English word and no place at all
  but shaped like an acronym (no vowel, or 2-5 letters in a bracket), stays in capitals
  ("FMLN", "[ARENA]").

Text that is not mostly in capitals is returned unchanged.

Examples
--------
>>> truecase("THE FMLN ATTACKED A POST IN THE TOWN.", is_place=lambda w: False)
'The FMLN attacked a post in the town.'
>>> truecase("Mixed case stays as it is.", is_place=lambda w: True)
'Mixed case stays as it is.'
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable

from wordfreq import zipf_frequency

__all__ = ["is_upper_case_text", "truecase"]

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_SENTENCE_END = re.compile(r"(?:[.!?]|--|\n)\s*$")
_EDGE_WORDS = frozenset({"the", "of", "and", "in", "a", "an", "to", "at", "on", "for", "by"})
#: A word at least this frequent in English (Zipf scale) is an ordinary word, not a name.
COMMON_ZIPF = 4.0
_MAX_NAME_WORDS = 4


def is_upper_case_text(text: str) -> bool:
    """Whether ``text`` is written in capitals (at least 80 % of its letters).

    >>> is_upper_case_text("GUNMEN KILLED TWO PEASANTS"), is_upper_case_text("Gunmen killed two")
    (True, False)
    """
    letters = [c for c in text[:20000] if c.isalpha()]
    return len(letters) >= 20 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


@functools.lru_cache(maxsize=65536)
def _common(word: str) -> bool:
    return zipf_frequency(word, "en") >= COMMON_ZIPF


def _acronym(word: str, registry_acronyms: frozenset[str]) -> bool:
    lower = word.lower()
    if lower in registry_acronyms and not _common(lower):
        return True
    return len(word) >= 2 and not any(c in "aeiouy" for c in lower) and not _common(lower)


def truecase(text: str, *, is_place: Callable[[str], bool],
             acronyms: frozenset[str] = frozenset()) -> str:
    """Return ``text`` in ordinary case when it is written in capitals, else unchanged.

    Parameters
    ----------
    text : str
        The document text.
    is_place : callable
        Whether a (lower-case, possibly multiword) name is a known name: a place
        (:meth:`geomap.gazetteer.GazetteerIndex.has_name`) or an actor.
    acronyms : frozenset of str
        Lower-case acronyms that stay in capitals (the actor registry's, "fmln").
    """
    if not is_upper_case_text(text):
        return text
    words = list(_WORD.finditer(text))
    out = list(text.lower())
    k = 0
    while k < len(words):
        match = words[k]
        span = _place_run(text, words, k, is_place)
        if span:
            for m in words[k:k + span]:
                out[m.start()] = m.group()[0].upper()
            k += span
            continue
        word = match.group()
        if _acronym(word, acronyms):
            out[match.start():match.end()] = word
        elif _SENTENCE_END.search(text[:match.start()]) or match.start() == 0:
            out[match.start()] = word[0].upper()
        k += 1
    return "".join(out)


def _place_run(text: str, words: list[re.Match[str]], k: int,
               is_place: Callable[[str], bool]) -> int:
    """The number of words from ``k`` that form a place name (longest first), or 0."""
    for n in range(min(_MAX_NAME_WORDS, len(words) - k), 0, -1):
        run = words[k:k + n]
        if any(re.search(r"[^ \-]", text[a.end():b.start()]) for a, b in itertools.pairwise(run)):
            continue  # a name does not run over punctuation
        name = " ".join(m.group().lower() for m in run)
        if n == 1 and (_common(name) or len(name) < 3):
            return 0
        first, last = run[0].group().lower(), run[-1].group().lower()
        if n > 1 and (first in _EDGE_WORDS or last in _EDGE_WORDS
                      or all(_common(m.group().lower()) for m in run)):
            continue
        if is_place(name):
            return n
    return 0
