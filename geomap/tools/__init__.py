"""Operations over incident frames: spatial queries, aggregation, hotspots.

The functions live in :mod:`geomap.tools.query` (with :func:`~geomap.tools.query.count_by`
and :func:`~geomap.tools.query.hotspots` re-exported there); nothing is imported here.
"""

__all__: list[str] = []
