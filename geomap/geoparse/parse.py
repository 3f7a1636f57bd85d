"""Geoparse texts: recognise toponyms, then resolve them in the context of their document.

The model reads each text once, and only its entities where a place may be named
(:func:`geomap.annotate.annotate`; no parse: metonymy and the other cues are read from the
words around a name); :func:`geoparse_doc` works on an already annotated ``Doc`` so that a
caller which parses for other reasons does not parse twice.

Examples
--------
>>> [(t.name, t.place.country_code) for t in geoparse("Clashes erupted in Mosul.")]  # doctest: +SKIP
[('Mosul', 'IQ')]
"""

from __future__ import annotations

import csv
import functools
import logging
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping

from spacy.tokens import Doc, Span

from geomap.annotate import annotate
from geomap.engine import map_batches
from geomap.gazetteer import GazetteerIndex, normalize_name
from geomap.gazetteer.sources import data_path
from geomap.geoparse.evidence import place_words
from geomap.geoparse.recognize import find_mentions
from geomap.geoparse.resolve import resolve_mentions
from geomap.geoparse.scoring import Weights
from geomap.nlp import prepare_text
from geomap.places import COUNTRY_CODES, Toponym
from geomap.resources import Resources

__all__ = ["geoparse", "geoparse_doc", "geoparse_many", "read_docs", "read_texts"]

log = logging.getLogger(__name__)

# The prior of a place of note (a town of some 10,000 people, a US state): a country's name
# that is also one ("Georgia", "Lebanon") tells no country inside an organisation's name.
_NOTABLE = 4.0


@functools.cache
def _division_words() -> dict[str, str]:
    """Words for divisions that only one country has ("upazila": Bangladesh), from
    ``geomap/data/division_words.csv``."""
    with data_path("division_words.csv").open(encoding="utf-8", newline="") as fh:
        return {row["word"]: row["country_code"] for row in csv.DictReader(fh)}


def _context_countries(doc: Doc, gaz: GazetteerIndex, weight: float) -> dict[str, float]:
    """Evidence of the document's countries besides its places: ``weight`` for each
    demonym ("Kenyan police"), for each country named inside an organisation's name when the
    name is no other prominent place's ("All Pakistan Clerks Association"; not "the Georgia
    Bureau of Investigation", "Lebanon Police Department"), and for each word for a division
    that only one country has ("Kashiani upazila").

    >>> res = Resources.load()
    >>> doc = res.nlp("Pakistani police patrolled the upazila.")
    >>> sorted(_context_countries(doc, res.gazetteer, 1.0).items())  # doctest: +SKIP
    [('BD', 1.0), ('PK', 1.0)]
    """
    votes: defaultdict[str, float] = defaultdict(float)
    named: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "NORP":
            iso = gaz.demonym(ent.text)
            if iso:
                votes[iso] += weight
        elif ent.label_ == "ORG":
            named |= {iso for t in ent if t.text[:1].isupper()
                      and (iso := _only_a_country(t.text, gaz)) is not None}
    for iso in named:
        votes[iso] += weight
    words = _division_words()
    for iso in {words[t.lower_] for t in doc if t.lower_ in words}:
        votes[iso] += weight
    return votes


def _only_a_country(word: str, gaz: GazetteerIndex) -> str | None:
    """The country ``word`` names when it names no other place of note, or ``None``."""
    ranked = gaz.ranked(word, limit=2)
    if not ranked or ranked[0][0].feature_code not in COUNTRY_CODES \
            or normalize_name(ranked[0][0].name) != normalize_name(word):
        return None
    return ranked[0][0].country_code if len(ranked) < 2 or ranked[1][1] < _NOTABLE else None


def geoparse_doc(doc: Doc, resources: Resources, *, weights: Weights | None = None,
                 demonyms: bool = True,
                 countries: Mapping[str, float] | None = None) -> list[Toponym]:
    """Return the toponyms of an annotated ``doc``, each resolved in the document's context.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        Read by :func:`read_texts` (or by ``resources.nlp``, any pipeline that finds
        entities), from the text made ready by :func:`geomap.nlp.prepare_text` (upper-case
        text re-cased, offsets kept).
    resources : Resources
        The model that read ``doc`` and the gazetteer (:meth:`Resources.load`).
    weights : Weights, optional
        Resolution evidence weights.
    demonyms : bool
        Return demonyms ("Iraqi") as toponyms of their country, role ``"actor"`` (they
        name a place without being where anything happens; LGL annotates them).
    countries : mapping of str to float, optional
        More evidence of the document's countries (ISO alpha-2 -> weight), added to its
        demonyms', e.g. the countries of the groups it names.

    Returns
    -------
    list of Toponym
        In text order; ``doc.text[t.start:t.end] == t.name``.

    Examples
    --------
    >>> res = Resources.load()
    >>> [t.name for t in geoparse_doc(res.nlp("Troops left Basra."), res)]  # doctest: +SKIP
    ['Basra']
    """
    gaz = resources.gazetteer
    weights = weights or Weights()
    mentions = find_mentions(doc, gaz, resources.nlp, demonyms=demonyms)
    evidence = _context_countries(doc, gaz, weights.demonym)
    for code, weight in (countries or {}).items():
        evidence[code] += weight
    return resolve_mentions(doc.text, mentions, gaz=gaz, weights=weights,
                            context_countries=evidence)


def geoparse(text: str, *, demonyms: bool = True,
             resources: Resources | None = None) -> list[Toponym]:
    """Return the toponyms of ``text``, resolved in context, read with ``resources``
    (default: :meth:`Resources.load`).

    Examples
    --------
    >>> [t.role for t in geoparse("Washington said it struck Houthi targets in Yemen.")]  # doctest: +SKIP
    ['actor', 'location']
    """
    res = Resources.given(resources)
    found = geoparse_doc(read_texts([text], res)[0], res, demonyms=demonyms)
    return _named_as_written(found, text)


def _named_as_written(toponyms: list[Toponym], text: str) -> list[Toponym]:
    """Name each toponym as ``text`` writes it (the model read a re-cased copy)."""
    for toponym in toponyms:
        toponym.name = text[toponym.start:toponym.end]
    return toponyms


def read_docs(docs: list[Doc], resources: Resources, *,
              parse: Callable[[list[Span]], Collection[int]] | None = None) -> list[Doc]:
    """Annotate tokenised ``docs`` as the geoparser reads them, with the model and gazetteer
    of ``resources``: entities around the words that may name a place
    (:func:`geomap.geoparse.evidence.place_words`), and the parse of the sentences ``parse``
    picks of each document, if any (:func:`geomap.annotate.annotate`)."""
    gaz = resources.gazetteer
    return list(annotate(resources.nlp, docs, entities=lambda sent: place_words(sent, gaz),
                         parse=parse))


def read_texts(texts: list[str], resources: Resources) -> list[Doc]:
    """The docs of ``texts`` as the geoparser reads them (:func:`read_docs`), re-cased first
    when written in capitals.

    >>> [e.text for e in read_texts(["It rained. Troops left Basra."], Resources.load())[0].ents]
    ['Basra']
    """
    nlp, gaz = resources.nlp, resources.gazetteer
    return read_docs([nlp.make_doc(prepare_text(t, gaz)) for t in texts], resources)


def _geoparse_batch(texts: list[str], resources: Resources,
                    demonyms: bool) -> list[list[Toponym]]:
    """Read and resolve one batch of texts (in a worker, ``resources`` came by fork)."""
    return [_named_as_written(geoparse_doc(doc, resources, demonyms=demonyms), text)
            for doc, text in zip(read_texts(texts, resources), texts, strict=True)]


def geoparse_many(texts: Iterable[str], n_process: int = 1, batch_size: int = 32, *,
                  demonyms: bool = True,
                  resources: Resources | None = None) -> Iterator[list[Toponym]]:
    """Geoparse many texts in batches, on ``n_process`` processes.

    Each worker process parses *and* resolves whole batches, so only the small toponym
    lists cross between processes (not parsed documents), and resolution runs in parallel
    too. The spaCy model and the gazetteer (``resources``, default :meth:`Resources.load`)
    are loaded before the workers fork, once.

    Yields one list of toponyms per text, in input order.

    Examples
    --------
    >>> [len(ts) for ts in geoparse_many(["Rain in Oslo.", "No places."])]  # doctest: +SKIP
    [1, 0]
    """
    res = Resources.given(resources).loaded(events=False)  # read once, before workers fork
    work = functools.partial(_geoparse_batch, resources=res, demonyms=demonyms)
    return map_batches(work, texts, workers=n_process, batch_size=batch_size)
