"""geomap: news text in, a map of incidents out.

The library and the ``geomap`` command call the same functions. Nothing here does work at
import time; heavy parts (spaCy, the gazetteer index) load on first use.

The house, from the top floor down; each floor imports only the floors below it:

- ``cli/``: the ``geomap`` command, one thin module per command; the options that several
  commands share (INPUT, ``-o``, ``--workers``, ``--date``, the filters) are declared once,
  in ``cli/options.py``.
- ``batch/``: resumable runs of an archive, partition by partition, on local processes or
  Dask; it commits to a store and never the other way round.
- ``tools/``: questions asked of incidents. ``plan.run_query(source, Query(...))`` is the
  one query plan (read with push-down into PostGIS, merge, filter, summarise, areas);
  ``query``, ``aggregate`` and ``hotspots`` are its vectorised pieces.
- ``run.py``: ``run(inputs)``, articles in and merged incidents out, the one way every
  command runs the pipeline.
- ``pipeline.py``: text to incidents (``extract_incidents``) and the merge of reports.
- ``geoparse/``, ``render/``, ``geocoders.py``, ``doctor.py``: toponyms recognised and
  resolved in context; the Folium map; geopy geocoders (the offline gazetteer and online
  services); the health checks.
- ``resources.py``: ``Resources``, what the pipeline reads besides the text (the spaCy
  model, the gazetteer index, the event lexicon, the actor registry) as one frozen value,
  each field loaded when first read (``geoparse`` never loads the lexicon, ``query`` never
  the model), and the ``Settings`` its default loaders read (the command reads them once,
  at its start, and keeps one ``Resources`` for the run). The entry points (``extract_incidents``, ``run``, ``geoparse``,
  ``geoparse_many``, ``render_map``, ``run_query`` and the area look-ups) take an optional
  ``resources``; without it they call ``Resources.load``; a command that calls several of
  them (``map``, ``query``) makes one at its start and passes it to each. ``Resources`` is
  the one place the library calls the cached default loaders (``load_nlp``,
  ``load_gazetteer``, ``load_lexicon``, ``load_registry``); every function below the entry
  points takes the one it reads as a parameter, and so takes the setting it reads (a cache
  folder, a size limit) instead of reading the environment.
  ``batch`` workers are processes of their own (spawned, or Dask's): each loads the
  defaults once.
- ``events/``, ``nlp.py``: who did what to whom (tokens, lexicon senses, syntax, locations,
  roles, discourse, dates, fatalities, records, the document loop); the spaCy model.
- ``gazetteer/``, ``store/``: the offline gazetteer; where incidents are kept between runs:
  the ``Store`` protocol, a GeoParquet folder, PostGIS (functions over a connection the
  caller opens), ``open_store``.
- ``boundaries.py``, ``io/``: country polygons; readers and writers.
- ``settings.py``, ``extras.py``: ``Settings`` (the cache folder, the spaCy model names,
  the largest text), read from the environment once per process by ``current_settings``,
  the one place the ``GEOMAP_*`` variables are read; optional imports naming their extra.
- the ground: ``engine.py`` (``map_batches``, the one way ``geoparse`` and ``extract`` run
  batches on forked worker processes: the work, with the resources it holds, reaches them
  by the fork, so the model, index and lexicon load once, before it; and
  ``default_workers``, the one ``--workers`` default), ``annotate.py`` (what the model reads
  of a text: entities only around words that may name a place, the parse only of sentences
  that may tell an event; the callers say which), ``incidents.py`` (the record, the one
  place points are made, and ``normalize_incidents``, the one place column types are
  restored), ``crs.py`` (EPSG:4326, lon/lat, the one reprojection), ``geodesy.py`` (the one
  haversine and the one lon/lat order, distances, circles and destinations on the sphere
  and the WGS84 ellipsoid: a point is ``(lon, lat)`` everywhere, geopy's ``(lat, lon)`` is
  converted in ``geocoders.py``),
  ``places.py`` (the vocabulary: ``Place``, ``Toponym``, the ``Precision`` enum with its
  rank, the GeoNames feature-code sets), ``dateline.py`` (the dateline patterns of place),
  ``geocoder_cache.py``, ``document.py``, ``errors.py``.

Examples
--------
>>> import geomap
>>> geomap.__version__
'0.1.0'
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("geomap")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = [
    "Query",
    "Resources",
    "__version__",
    "extract_incidents",
    "geoparse",
    "load_gazetteer",
    "merge_incidents",
    "query",
    "read_incidents",
    "render_map",
    "run_query",
    "write_incidents",
]

# Public names: "module:attribute", or "module" for a public module; imported on first use.
_LAZY: dict[str, str] = {
    # The subpackage, whatever was imported first (``import geomap.geoparse`` binds it too):
    # geomap.geoparse.geoparse(text), geomap.geoparse.geoparse_many(texts).
    "geoparse": "geomap.geoparse",
    "extract_incidents": "geomap.pipeline:extract_incidents",
    "merge_incidents": "geomap.pipeline:merge_incidents",
    "render_map": "geomap.render:render_map",
    "read_incidents": "geomap.io.incident_files:read_incidents",
    "write_incidents": "geomap.io.incident_files:write_incidents",
    "load_gazetteer": "geomap.gazetteer:load_gazetteer",
    "query": "geomap.tools.query",  # geomap.query.within(...), near(...), count_by(...)
    "Query": "geomap.tools.selection:Query",
    "Resources": "geomap.resources:Resources",  # geomap.extract_incidents(text, resources=...)
    "run_query": "geomap.tools.plan:run_query",  # geomap.run_query(source, Query(...))
}


def __getattr__(name: str) -> Any:
    """Import a public function or module the first time it is asked for."""
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'geomap' has no attribute {name!r}")
    module_name, _, attr = target.partition(":")
    module = importlib.import_module(module_name)
    value = getattr(module, attr) if attr else module
    globals()[name] = value
    return value
