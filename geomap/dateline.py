"""Datelines: the place a news report opens with ("BAGHDAD, Iraq (Reuters) -").

The one home of the dateline patterns of place: :func:`dateline_span` finds the dateline's
place (the geoparser's recognition adds it when the model left it out, resolution gives its
country extra weight); :data:`DATELINE` finds a dateline at the start of any line (a sentence
starts after it; the event reader takes the report's place from it). The date a dateline
gives is read by :func:`geomap.events.dates.dateline_date`.

Examples
--------
>>> DATELINE.match("KYIV (Reuters) - Drones struck.").group()
'KYIV (Reuters) - '
"""

from __future__ import annotations

import re

__all__ = ["DATELINE", "by_colon", "dateline_span"]

#: A dateline at the start of a line: "BAGHDAD, Iraq –", "KYIV (Reuters) -",
#: "SAN SALVADOR, 3 JAN 90 --".
DATELINE = re.compile(r"^[ \t]*[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]*)*(?:,[ \t]*[A-Za-z0-9 .'-]+)?[ \t]*"
                      r"(?:\([^)]*\))?[ \t]*(?:--|[-\u2013\u2014])+[ \t]*", re.MULTILINE)

# A dateline: "BAGHDAD, Iraq (Reuters) -", "WASHINGTON -", "Alexandria, La. —".
_OPENING_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z'’-]+(?: [A-Z][A-Za-z'’-]+){0,3})(?:\s*,\s*[A-Z][A-Za-z .]{1,30})?"
    r"\s*(?:\([^)]{1,40}\))?\s*(?:[-–—]{1,2}|:)\s"
)
# An upper-case dateline after a headline: "... work. ATLANTA - A former ..."
_CAPS_DATELINE = re.compile(
    r"(?:^|[.!?\n]\s*)(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})"
    r"(?:\s*,\s*[A-Z][A-Za-z .]{1,30})?\s*(?:\([^)]{1,40}\))?\s*(?:[-–—]{1,3}|:)\s"
)
_DATELINE_REACH = 400
# What may stand between a dateline's place and a colon: ", Pakistan", "(APP)".
_TO_COLON = re.compile(r"(?:\s*,\s*[A-Z][A-Za-z .]{1,30})?\s*(?:\([^)]{1,40}\))?\s*:")


def dateline_span(text: str) -> tuple[int, int] | None:
    """Return the character span of the dateline's place ("BAGHDAD, Iraq -"), or ``None``.

    The dateline opens the text, or follows a headline as an upper-case place name before a
    dash ("Pastor picked. MANSFIELD -- The mayor ...").

    >>> text = "BAGHDAD, Iraq (AP) - Strikes hit."
    >>> span = dateline_span(text); text[span[0]:span[1]]
    'BAGHDAD'
    >>> text = "Roads closed. ATLANTA - Snow fell."
    >>> span = dateline_span(text); text[span[0]:span[1]]
    'ATLANTA'
    """
    match = _OPENING_DATELINE.match(text) or _CAPS_DATELINE.search(text, 0, _DATELINE_REACH)
    if match is None:
        return None
    return match.start("place"), match.end("place")


def by_colon(text: str, end: int) -> bool:
    """Whether the dateline whose place ends at ``end`` is set off by a colon
    ("ISLAMABAD: ...", as Pakistani and Indian papers write it; also "LOCATION:" fields).

    >>> by_colon("ISLAMABAD: Rain fell.", 9), by_colon("ATLANTA - Snow fell.", 7)
    (True, False)
    """
    return _TO_COLON.match(text, end) is not None
