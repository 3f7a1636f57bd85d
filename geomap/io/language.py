"""Detect texts that are not English, so they are reported instead of mis-parsed.

The detector is py3langid (a maintained fork of langid.py); it loads on first use.

Examples
--------
>>> foreign_language("Die Vereinigten Staaten haben Angriffe im Irak durchgeführt.")
'de'
>>> foreign_language("The United States has conducted strikes in Iraq.") is None
True
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["foreign_language"]

# Below this length a language guess is too unreliable to refuse a text on.
MIN_CHARS = 40
# Refuse only confident guesses: short English news text sometimes scores low for "en".
MIN_PROBABILITY = 0.9


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def foreign_language(text: str) -> str | None:
    """Return the ISO 639-1 code of ``text``'s language when it is confidently not English.

    Returns ``None`` for English, for short texts and for unsure guesses.
    """
    sample = text[:5000]
    if len(sample.strip()) < MIN_CHARS:
        return None
    lang, prob = _identifier().classify(sample)
    if lang != "en" and prob >= MIN_PROBABILITY:
        return str(lang)
    return None
