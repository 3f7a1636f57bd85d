"""Geoparse texts: recognise toponyms, then resolve them in the context of their document.

The pipeline parses each text once with :func:`geomap.nlp.load_nlp` (without the
lemmatizer, which geoparsing does not use); :func:`geoparse_doc` works on an already parsed
``Doc`` so that a caller which parses for other reasons does not parse twice.

Examples
--------
>>> [(t.name, t.place.country_code) for t in geoparse("Clashes erupted in Mosul.")]  # doctest: +SKIP
[('Mosul', 'IQ')]
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from geomap.gazetteer import GazetteerIndex, load_gazetteer
from geomap.geoparse.recognize import find_mentions
from geomap.geoparse.resolve import Weights, resolve_mentions
from geomap.nlp import load_nlp
from geomap.places import Toponym

__all__ = ["geoparse", "geoparse_doc", "geoparse_many", "UNUSED_COMPONENTS"]

log = logging.getLogger(__name__)

# spaCy components geoparsing does not need (the parser stays: metonymy reads it).
UNUSED_COMPONENTS = ("lemmatizer",)


def _demonym_countries(doc: Doc, gaz: GazetteerIndex, weight: float) -> Counter[str]:
    votes: Counter[str] = Counter()
    for ent in doc.ents:
        if ent.label_ == "NORP":
            iso = gaz.demonym(ent.text)
            if iso:
                votes[iso] += weight
    return votes


def geoparse_doc(doc: Doc, *, gaz: GazetteerIndex | None = None,
                 weights: Weights | None = None, demonyms: bool = False) -> list[Toponym]:
    """Return the toponyms of a parsed ``doc``, each resolved in the document's context.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        Parsed by :func:`geomap.nlp.load_nlp` (entities and dependency parse).
    gaz : GazetteerIndex, optional
        Default :func:`geomap.gazetteer.load_gazetteer`.
    weights : Weights, optional
        Resolution evidence weights.
    demonyms : bool
        Also return demonyms ("Iraqi") as toponyms of their country (role ``"actor"``).

    Returns
    -------
    list of Toponym
        In text order; ``doc.text[t.start:t.end] == t.name``.

    Examples
    --------
    >>> doc = load_nlp()("Troops left Basra.")
    >>> [t.name for t in geoparse_doc(doc)]  # doctest: +SKIP
    ['Basra']
    """
    gaz = gaz or load_gazetteer()
    weights = weights or Weights()
    mentions = find_mentions(doc, gaz, demonyms=demonyms)
    return resolve_mentions(doc.text, mentions, gaz=gaz, weights=weights,
                            context_countries=_demonym_countries(doc, gaz, weights.demonym))


def geoparse(text: str, *, demonyms: bool = False) -> list[Toponym]:
    """Return the toponyms of ``text``, resolved in context.

    Examples
    --------
    >>> [t.role for t in geoparse("Washington said it struck Houthi targets in Yemen.")]  # doctest: +SKIP
    ['actor', 'location']
    """
    return geoparse_doc(load_nlp()(text, disable=list(UNUSED_COMPONENTS)), demonyms=demonyms)


def geoparse_many(texts: Iterable[str], n_process: int = 1, batch_size: int = 32, *,
                  demonyms: bool = False) -> Iterator[list[Toponym]]:
    """Geoparse many texts, parsing them in batches on ``n_process`` processes.

    Yields one list of toponyms per text, in input order.

    Examples
    --------
    >>> [len(ts) for ts in geoparse_many(["Rain in Oslo.", "No places."])]  # doctest: +SKIP
    [1, 0]
    """
    nlp = load_nlp()
    gaz = load_gazetteer()
    weights = Weights()
    docs = nlp.pipe(texts, n_process=n_process, batch_size=batch_size,
                    disable=list(UNUSED_COMPONENTS))
    for doc in docs:
        yield geoparse_doc(doc, gaz=gaz, weights=weights, demonyms=demonyms)
