"""Detect texts that are not English, so they are reported instead of mis-parsed.

The detector is py3langid (a maintained fork of langid.py); it loads on first use. English
text that quotes names in other scripts ("Xihe Town (simplified Chinese: 西河镇 ...)") is
judged on its Latin-script part, and text where common English function words are frequent is
English whatever the detector says.

Examples
--------
>>> foreign_language("Die Vereinigten Staaten haben Angriffe im Irak durchgeführt.")
'de'
>>> foreign_language("The United States has conducted strikes in Iraq.") is None
True
>>> foreign_language("Xihe Town (simplified Chinese: 西河镇; traditional Chinese: 西河鎮; "
...                  "pinyin: Xihe Zhen) is a town in Xinhua County, Hunan.") is None
True
>>> foreign_language("Пожар на складе в Донецке потушили утром, сообщили спасатели.")
'ru'
"""

from __future__ import annotations

import functools
import re
from typing import Any

__all__ = ["foreign_language"]

# Below this length a language guess is too unreliable to refuse a text on.
MIN_CHARS = 40
# Refuse only confident guesses: short English news text sometimes scores low for "en".
MIN_PROBABILITY = 0.9
# In English prose about a third of the words are these; in German or French text a few
# percent ("in", "a"), so a share this high settles the question.
ENGLISH_SHARE = 0.2
_ENGLISH_WORDS = frozenset(
    ["the", "of", "and", "to", "in", "is", "was", "for", "on", "that", "with", "as", "by", "at", "from", "it", "are", "be", "has", "have", "said", "an", "a", "its", "were", "which", "this", "he", "she", "they"]
)
_WORD = re.compile(r"[A-Za-z]+")
_LATIN_END = 0x250  # Basic Latin to Latin Extended-B


def _latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(ord(c) < _LATIN_END for c in letters) / len(letters) if letters else 1.0


def _latin_part(text: str) -> str:
    """``text`` with the letters of other scripts blanked."""
    return "".join(" " if c.isalpha() and ord(c) >= _LATIN_END else c for c in text)


def _english_share(text: str) -> float:
    words = _WORD.findall(text.lower())
    return sum(w in _ENGLISH_WORDS for w in words) / len(words) if words else 0.0


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def foreign_language(text: str) -> str | None:
    """Return the ISO 639-1 code of ``text``'s language when it is confidently not English.

    Returns ``None`` for English, for short texts and for unsure guesses in Latin script;
    text mostly in another script is never English (``"und"`` when the guess is English).
    """
    sample = text[:5000]
    if len(sample.strip()) < MIN_CHARS:
        return None
    if _latin_share(sample) < 0.5:  # mostly another script: not English, whatever the guess
        lang = str(_identifier().classify(sample)[0])
        return lang if lang != "en" else "und"
    if _english_share(sample) >= ENGLISH_SHARE:
        return None
    lang, prob = _identifier().classify(_latin_part(sample))
    if lang != "en" and prob >= MIN_PROBABILITY:
        return str(lang)
    return None
