"""The :class:`Document` every reader produces and every later step takes.

Examples
--------
>>> doc = Document(id="a1", text="Protesters gathered in Basra.")
>>> doc.source
''
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["Document"]


@dataclass(frozen=True, slots=True)
class Document:
    """One article: its id, text and what the input says about it.

    ``published`` is the article's date when the input gives one; relative dates in the
    text ("last week") are resolved against it. ``where`` says where it was read (a path,
    ``feed.jsonl:12``, a URL), so that a document that fails can be reported by its line.
    """

    id: str
    text: str
    title: str = ""
    published: dt.date | None = None
    source: str = ""
    where: str = ""
