"""The geoparser: find every toponym in a text and resolve it in the document's context.

Examples
--------
>>> from geomap.geoparse import geoparse
>>> [(t.name, t.place.country_code) for t in geoparse("Protests in Basra.")]  # doctest: +SKIP
[('Basra', 'IQ')]
"""

from __future__ import annotations

from geomap.geoparse.parse import geoparse, geoparse_doc, geoparse_many, read_docs, read_texts
from geomap.geoparse.predictions import prediction_record

__all__ = ["geoparse", "geoparse_doc", "geoparse_many", "prediction_record", "read_docs",
           "read_texts"]
