"""Text in, incidents out: parse each document once, geoparse it, read its incidents.

:func:`extract_incidents` reads each document once, on ``n_process`` processes
(:func:`geomap.engine.map_batches`): the model finds entities where a place may be named and
parses the sentences that may tell an event (:func:`geomap.geoparse.read_docs`); the
``Doc`` is geoparsed (:func:`geomap.geoparse.geoparse_doc`) and its incidents read
(:func:`geomap.events.incidents_of_doc`) in the same worker. Relative dates are
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
import functools
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geomap.document import Document
from geomap.errors import InputError, describe
from geomap.events import dateline_date, incidents_of_doc, prepare_docs
from geomap.events.actors import is_unidentified
from geomap.events.discourse import group_countries
from geomap.events.tokens import event_cues
from geomap.incidents import Incident, empty_incidents, incidents_frame, unique_ids
from geomap.io.text_inputs import Problem, skip_problem
from geomap.resources import Resources

__all__ = ["DATE_WINDOW_DAYS", "best_dates", "event_groups", "extract_incidents",
           "merge_incidents"]

log = logging.getLogger(__name__)

_BATCH = 16  # texts per batch a worker reads

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
                      date: str | dt.date | None = None, n_process: int = 1,
                      problems: list[Problem] | None = None, strict: bool = False,
                      resources: Resources | None = None) -> gpd.GeoDataFrame:
    """Return the incidents of ``inputs`` as a GeoDataFrame (EPSG:4326, the incident schema).

    Texts longer than :data:`geomap.nlp.PIECE_CHARS` are parsed in pieces (cut at
    paragraphs, then sentences: :func:`geomap.nlp.text_pieces`), so no length is refused.

    Parameters
    ----------
    inputs : str, Document or iterable of Document
        A text, or documents (see :func:`geomap.io.text_inputs.read_documents`).
    date : str or datetime.date, optional
        Reference date (``YYYY-MM-DD``) for documents without a ``published`` date.
    n_process : int
        Worker processes.
    problems : list of Problem, optional
        When given, a document that fails is logged with where it came from, added here
        and skipped; without it, the error is raised.
    strict : bool
        With ``problems``: stop at a failing document with an ``InputError`` instead.
    resources : Resources, optional
        The model, gazetteer, lexicon and registry to read with (default
        :meth:`geomap.resources.Resources.load`, once, before any worker forks).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per incident, made by :func:`geomap.incidents.incidents_frame`; each row's
        ``published`` is its report's date (the document's, else ``date``, else a dateline's).

    Examples
    --------
    >>> gdf = extract_incidents("Houthi rebels fired missiles at ships in the Red Sea.")  # doctest: +SKIP
    >>> gdf.loc[0, ["actor", "precision"]].tolist()  # doctest: +SKIP
    ['Houthis', 'water']
    """
    docs = _documents(inputs)
    fallback = _as_date(date)
    if not docs:
        return empty_incidents()
    res = Resources.given(resources).loaded()  # read once, before workers fork
    try:
        records = _records(docs, fallback, n_process, res)
    except Exception as err:
        if problems is None and not strict:
            raise
        log.debug("a batch of %d documents failed (%s); running them one by one", len(docs), err)
        records = []
        for document in docs:
            try:
                records.extend(_records([document], fallback, 1, res))
            except Exception as doc_err:  # noqa: BLE001  (reported, or raised by --strict)
                skip_problem(document.where or document.id,
                             f"cannot be processed ({describe(doc_err, 300)})",
                             strict=strict, problems=problems)
    return incidents_frame(records)


@dataclass(frozen=True, slots=True)
class _Piece:
    """(A piece of) a document's text, with what its incidents carry."""

    text: str
    doc_id: str
    source: str
    title: str
    reference: dt.date | None


def _records(docs: list[Document], fallback: dt.date | None, n_process: int,
             resources: Resources) -> list[Incident]:
    """Read ``docs`` (long texts in pieces) with ``resources`` and return their incidents,
    document by document."""
    from geomap.engine import map_batches
    from geomap.nlp import PIECE_CHARS, text_pieces

    event_cues(resources.nlp, resources.lexicon)  # made here, before workers fork
    limit = min(PIECE_CHARS, resources.nlp.max_length)
    references = [d.published or fallback or dateline_date(d.text) for d in docs]
    owners, pieces = [], []
    for k, doc in enumerate(docs):
        for _, text in text_pieces(doc.text, limit):
            owners.append(k)
            pieces.append(_Piece(text, doc.id, doc.source, doc.title, references[k]))
    found: dict[int, list[Incident]] = {}
    read = map_batches(functools.partial(_read_pieces, resources=resources), pieces,
                       workers=n_process, batch_size=_BATCH)
    for k, incidents in zip(owners, read, strict=True):
        found.setdefault(k, []).extend(incidents)
    records: list[Incident] = []
    for k, document in enumerate(docs):
        log.info("%s: %d incident(s)", document.id, len(found.get(k, [])))
        records.extend(_collapse(found.get(k, [])))
    return records


def _read_pieces(pieces: list[_Piece], resources: Resources) -> list[list[Incident]]:
    """The incidents of each piece: tokenised with sentence starts at lines and datelines,
    re-cased when in capitals, annotated (entities where a place may be named, the parse
    where an event may be told), geoparsed and read. In a worker, ``resources`` came by
    fork."""
    from geomap.geoparse import geoparse_doc, read_docs
    from geomap.nlp import prepare_text

    nlp, gaz = resources.nlp, resources.gazetteer
    lexicon, registry = resources.lexicon, resources.registry
    cues = event_cues(nlp, lexicon)
    docs = read_docs(prepare_docs(nlp, [prepare_text(p.text, gaz) for p in pieces]), resources,
                     parse=cues.to_parse)
    out = []
    for piece, doc in zip(pieces, docs, strict=True):
        toponyms = geoparse_doc(doc, resources, countries=group_countries(doc, registry))
        records = incidents_of_doc(doc, toponyms, doc_id=piece.doc_id,
                                   source=piece.source, title=piece.title,
                                   reference=piece.reference, gaz=gaz, lexicon=lexicon,
                                   registry=registry)
        for record in records:
            record.published = piece.reference.isoformat() if piece.reference else ""
        out.append(records)
    return out


def _same_day(a: str, b: str) -> bool:
    """Inside one report: an unknown date matches any; a month or year matches what it holds."""
    if not a or not b:
        return True
    return a.startswith(b) or b.startswith(a)


def _same_event(a: Incident, b: Incident) -> bool:
    """Inside one report: an unnamed actor ("Unidentified Armed Group ...") of another
    sentence matches any, and a date that is only the report's own matches any."""
    if a.sentence == b.sentence:  # "police arrested ..., and militiamen arrested ...": two
        one, two = a.actor.casefold(), b.actor.casefold()
    else:
        one, two = (_named_actor(i).casefold() for i in (a, b))
    if one != two and one and two:
        return False
    return _same_day(_told_date(a), _told_date(b))


def _named_actor(inc: Incident) -> str:
    return "" if is_unidentified(inc.actor) else inc.actor


def _told_date(inc: Incident) -> str:
    return "" if inc.date_precision == "report" else inc.date


def _collapse(records: Iterable[Incident]) -> list[Incident]:
    """Keep one record per event of one report, in input order: the most confident, listing
    every source. A report without actor or date matches one with them."""
    ordered = list(records)
    kept: list[tuple[int, Incident]] = []
    by_place: dict[tuple[str, object], list[Incident]] = {}
    for pos, rec in sorted(enumerate(ordered), key=lambda p: -p[1].confidence):
        group = by_place.setdefault((rec.action, rec.geonameid or rec.place_name), [])
        twin = next((k for k in group if _same_event(k, rec)), None)
        if twin is None:
            kept.append((pos, rec))
            group.append(rec)
            continue
        twin.sources = list(dict.fromkeys(twin.sources + (rec.sources or [rec.doc_id])))
        twin.date = twin.date or rec.date
    return [rec for _, rec in sorted(kept, key=lambda p: p[0])]


def _text_column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[name].fillna("").astype(str)


def best_dates(frame: pd.DataFrame) -> pd.Series:
    """Return each incident's best date: its own ``date``, else its report's ``published``.

    >>> from geomap.incidents import Incident, incidents_frame
    >>> gdf = incidents_frame([Incident("d1", "s", "", "assault", "Mosul", 43.1, 36.3, "point",
    ...                                 date="2023-05-01", published="2023-05-03"),
    ...                        Incident("d2", "s", "", "assault", "Mosul", 43.1, 36.3, "point",
    ...                                 published="2023-06-10")])
    >>> best_dates(gdf).tolist()
    ['2023-05-01', '2023-06-10']
    """
    own = _text_column(frame, "date")
    return own.where(own != "", _text_column(frame, "published"))


def _day(value: str) -> int | None:
    if len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value).toordinal()
    except ValueError:
        return None


def event_groups(frame: pd.DataFrame, window_days: int = DATE_WINDOW_DAYS) -> list[int]:
    """Label each row with its event: the position of the group's first row.

    Rows are one event when they share action, actor (ignoring case) and place (geonameid,
    else name) and their best dates (:func:`best_dates`) fall in one window: sorted by day,
    a window opens at its first day and holds the days at most ``window_days`` after it.
    Rows dated only by month or year are one event with rows of exactly that period; rows
    with no date stay alone. Sorting makes this O(n log n).

    >>> from geomap.incidents import Incident, incidents_frame
    >>> gdf = incidents_frame([Incident(f"d{i}", "s", "", "assault", "Mosul", 43.1, 36.3,
    ...                                 "point", date=d)
    ...                        for i, d in enumerate(["2023-05-01", "2023-05-03", "2023-05-05",
    ...                                               "", ""])])
    >>> event_groups(gdf, window_days=2)
    [0, 0, 2, 3, 4]
    """
    best = best_dates(frame).tolist()
    place = pd.to_numeric(frame["geonameid"], errors="coerce").astype("Int64").astype("string")
    place = place.fillna("name:" + _text_column(frame, "place_name")).tolist()
    actor = _text_column(frame, "actor").str.casefold().tolist()
    action = _text_column(frame, "action").tolist()
    labels = list(range(len(frame)))
    dated: list[tuple[tuple[str, str, str], int, int]] = []
    periods: dict[tuple[tuple[str, str, str], str], int] = {}
    for row, when in enumerate(best):
        key = (action[row], place[row], actor[row])
        day = _day(when)
        if day is not None:
            dated.append((key, day, row))
        elif when and len(when) in (4, 7) and when[:4].isdigit():
            labels[row] = periods.setdefault((key, when), row)
    dated.sort()
    group_key: tuple[str, str, str] | None = None
    opened = first = 0
    for key, day, row in dated:
        if key != group_key or day - opened > window_days:
            group_key, opened, first = key, day, row
        labels[row] = first
    return _first_rows(labels)


def _first_rows(labels: list[int]) -> list[int]:
    """Relabel each group by the smallest row position in it."""
    smallest: dict[int, int] = {}
    for row, label in enumerate(labels):
        smallest.setdefault(label, row)
    return [smallest[label] for label in labels]


def _sources(value: Iterable[object] | float | None, doc_id: object) -> list[str]:
    """A row's sources (a list, an array read from Parquet, or missing), else its doc id."""
    items = [] if value is None or isinstance(value, float) else [str(v) for v in value]
    return items or [str(doc_id)]


def merge_incidents(frames: Iterable[gpd.GeoDataFrame], *,
                    window_days: int = DATE_WINDOW_DAYS) -> gpd.GeoDataFrame:
    """Concatenate incident frames, collapsing reports of the same event into one row.

    Rows with the same action, actor and place whose best dates (the incident's ``date``,
    else its report's ``published``) fit in one window of ``window_days`` are one event
    (:func:`event_groups`): the most confident row is kept, its ``sources`` lists every
    source of the group, and rows that cannot be dated are never merged. Ids are made
    unique in the result.

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
    parts = [f for f in frames if f is not None and not f.empty]
    if not parts:
        return empty_incidents()
    frame = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs="EPSG:4326")
    labels = event_groups(frame, window_days)
    confidence = pd.to_numeric(frame["confidence"], errors="coerce").fillna(0.0).tolist()
    dates = _text_column(frame, "date").tolist()
    sources, doc_ids = frame["sources"].tolist(), frame["doc_id"].tolist()
    keeper: dict[int, int] = {}
    merged: dict[int, list[str]] = {}
    for row in sorted(range(len(frame)), key=lambda r: -confidence[r]):  # stable: input order
        label = labels[row]
        if label not in keeper:
            keeper[label] = row
            merged[label] = _sources(sources[row], doc_ids[row])
            continue
        merged[label] += _sources(sources[row], doc_ids[row])
        dates[keeper[label]] = dates[keeper[label]] or dates[row]
    keep = sorted(keeper.values())
    out = frame.iloc[keep].reset_index(drop=True)
    out["sources"] = [list(dict.fromkeys(merged[labels[row]])) for row in keep]
    out["date"] = [dates[row] for row in keep]
    out["incident_id"] = unique_ids(out["incident_id"])
    return out
