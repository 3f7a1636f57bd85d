"""Text in, incidents out: parse each document once, geoparse it, read its incidents.

:func:`extract_incidents` runs the spaCy pipeline once per document (``nlp.pipe``, on
``n_process`` processes), geoparses the parsed ``Doc`` (:func:`geomap.geoparse.geoparse_doc`)
and reads its incidents (:func:`geomap.events.incidents_of_doc`). Relative dates are
resolved against the document's ``published`` date, else the ``date=`` argument, else a
dated dateline. Repeats of one event inside a document (a headline and its first
sentence) collapse; :func:`merge_incidents` collapses repeats across documents.

Examples
--------
>>> gdf = extract_incidents("Protesters rallied in Basra on Friday.", date="2024-03-10")  # doctest: +SKIP
>>> gdf[["action", "place_name", "date"]].values.tolist()  # doctest: +SKIP
[['protest', 'Basra', '2024-03-08']]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import fields

import geopandas as gpd
import pandas as pd

from geomap.document import Document
from geomap.errors import InputError
from geomap.events import dateline_date, incidents_of_doc, load_lexicon, load_registry, prepare_docs
from geomap.incidents import Incident, empty_incidents, incidents_frame

__all__ = ["DATE_WINDOW_DAYS", "extract_incidents", "merge_incidents"]

log = logging.getLogger(__name__)

#: Two reports of the same actor, action and place at most this many days apart are one event.
DATE_WINDOW_DAYS = 2


def _documents(inputs: str | Document | Iterable[Document]) -> list[Document]:
    if isinstance(inputs, str):
        digest = hashlib.blake2b(inputs.encode("utf-8"), digest_size=6).hexdigest()
        return [Document(id=f"text-{digest}", text=inputs)]
    if isinstance(inputs, Document):
        return [inputs]
    docs = list(inputs)
    for doc in docs:
        if not isinstance(doc, Document):
            raise InputError(f"extract_incidents takes text or Documents, not {type(doc).__name__}: "
                             "read files with geomap.io.text_inputs.read_documents")
    return docs


def _as_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"invalid date {value!r}: give it as YYYY-MM-DD") from None


def extract_incidents(inputs: str | Document | Iterable[Document], *,
                      date: str | dt.date | None = None, n_process: int = 1) -> gpd.GeoDataFrame:
    """Return the incidents of ``inputs`` as a GeoDataFrame (EPSG:4326, the incident schema).

    Parameters
    ----------
    inputs : str, Document or iterable of Document
        A text, or documents (see :func:`geomap.io.text_inputs.read_documents`).
    date : str or datetime.date, optional
        Reference date (``YYYY-MM-DD``) for documents without a ``published`` date.
    n_process : int
        Processes for spaCy's ``nlp.pipe``.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per incident, made by :func:`geomap.incidents.incidents_frame`.

    Examples
    --------
    >>> gdf = extract_incidents("Houthi rebels fired missiles at ships in the Red Sea.")  # doctest: +SKIP
    >>> gdf.loc[0, ["actor", "precision"]].tolist()  # doctest: +SKIP
    ['Houthis', 'water']
    """
    from geomap.gazetteer import load_gazetteer
    from geomap.geoparse import geoparse_doc
    from geomap.nlp import load_nlp

    docs = _documents(inputs)
    fallback = _as_date(date)
    if not docs:
        return empty_incidents()
    nlp, gaz = load_nlp(), load_gazetteer()
    lexicon, registry = load_lexicon(), load_registry()
    records: list[Incident] = []
    parsed = nlp.pipe(prepare_docs(nlp, (d.text for d in docs)), n_process=n_process,
                      batch_size=16)
    for document, doc in zip(docs, parsed):
        reference = document.published or fallback or dateline_date(document.text)
        found = incidents_of_doc(doc, geoparse_doc(doc, gaz=gaz), doc_id=document.id,
                                 source=document.source, title=document.title,
                                 reference=reference, gaz=gaz, lexicon=lexicon,
                                 registry=registry)
        log.info("%s: %d incident(s)", document.id, len(found))
        records.extend(_collapse(found))
    return incidents_frame(records)


def _within(a: str, b: str, days: int, loose: bool) -> bool:
    """Dates ``a`` and ``b`` at most ``days`` apart; unknown dates match only when ``loose``."""
    if not a or not b:
        return loose or a == b
    if len(a) < 10 or len(b) < 10:  # a month or a year: the same period or one inside the other
        return a.startswith(b) or b.startswith(a)
    try:
        return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days) <= days
    except ValueError:
        return a == b


def _same_event(a: Incident, b: Incident, days: int, loose: bool) -> bool:
    if a.action != b.action:
        return False
    if (a.geonameid or a.place_name) != (b.geonameid or b.place_name):
        return False
    if a.actor.casefold() != b.actor.casefold() and not (loose and not (a.actor and b.actor)):
        return False
    return _within(a.date, b.date, days, loose)


def _collapse(records: Iterable[Incident], *, days: int = 0, loose: bool = True) -> list[Incident]:
    """Keep one record per event, in input order: the most confident, listing every source.

    ``loose`` (inside one document): a report without actor or date matches one with them.
    """
    ordered = list(records)
    kept: list[tuple[int, Incident]] = []
    for pos, rec in sorted(enumerate(ordered), key=lambda p: -p[1].confidence):
        twin = next((k for _, k in kept if _same_event(k, rec, days, loose)), None)
        if twin is None:
            kept.append((pos, rec))
            continue
        twin.sources = list(dict.fromkeys(twin.sources + (rec.sources or [rec.doc_id])))
        twin.date = twin.date or rec.date
    return [rec for _, rec in sorted(kept, key=lambda p: p[0])]


def merge_incidents(frames: Iterable[gpd.GeoDataFrame], *,
                    window_days: int = DATE_WINDOW_DAYS) -> gpd.GeoDataFrame:
    """Concatenate incident frames, collapsing reports of the same event into one row.

    Rows with the same actor, action and place whose dates are at most ``window_days``
    apart (or both unknown) are one event: the most confident row is kept and its
    ``sources`` lists every source of the group.

    Examples
    --------
    >>> from geomap.incidents import Incident, incidents_frame
    >>> a = incidents_frame([Incident("d1", "s", "Iran", "assault", "Idlib", 36.6, 35.9, "point",
    ...                               date="2024-01-16", sources=["a.txt"], confidence=0.9)])
    >>> b = incidents_frame([Incident("d2", "t", "Iran", "assault", "Idlib", 36.6, 35.9, "point",
    ...                               date="2024-01-17", sources=["b.txt"], confidence=0.5)])
    >>> merged = merge_incidents([a, b])
    >>> len(merged), merged.loc[0, "sources"], merged.loc[0, "doc_id"]
    (1, ['a.txt', 'b.txt'], 'd1')
    """
    names = [f.name for f in fields(Incident)]
    records: list[Incident] = []
    for frame in frames:
        if frame is None or frame.empty:
            continue
        for row in frame.to_dict("records"):
            geom = row.pop("geometry")
            values = {k: row.get(k) for k in names if k not in {"lon", "lat"}}
            values["geonameid"] = None if pd.isna(values["geonameid"]) else int(values["geonameid"])
            values["sources"] = list(values["sources"]) if values["sources"] is not None else []
            values = {k: ("" if v is None and k not in {"geonameid"} else v) for k, v in values.items()}
            values["confidence"] = float(values["confidence"] or 0.0)
            records.append(Incident(lon=geom.x, lat=geom.y, **values))
    return incidents_frame(_collapse(records, days=window_days, loose=False))
