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
>>> DATELINE.match("Tehreek Nifaz Fiqh-e-Jafariya held protests.") is None
True
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["DATELINE", "Dateline", "dateline_span"]

#: A dateline at the start of a line: "BAGHDAD, Iraq –", "KYIV (Reuters) -",
#: "SAN SALVADOR, 3 JAN 90 --"; its dash stands apart ("Tehreek Nifaz Fiqh-e-Jafariya" has
#: none).
DATELINE = re.compile(r"^[ \t]*[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]*)*(?:,[ \t]*[A-Za-z0-9 .'-]+)?[ \t]*"
                      r"(?:\([^)]*\))?[ \t]*(?:--|[-\u2013\u2014])+(?=\s)[ \t]*", re.MULTILINE)

# A news agency's name in brackets ends a dateline even with no dash after it
# ("COVINGTON, Ky. (AP)  A man ...").
_AGENCY = r"\([A-Z][A-Za-z]{1,11}\)\s(?![-–—])"
# A dateline: "BAGHDAD, Iraq (Reuters) -", "WASHINGTON -", "Alexandria, La. —".
_OPENING_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z'’-]+(?: [A-Z][A-Za-z'’-]+){0,3})(?:\s*,\s*[A-Z][A-Za-z .]{1,30})?"
    rf"\s*(?:{_AGENCY}|(?:\([^)]{{1,40}}\))?\s*(?P<sep>[-–—]{{1,2}}|:)\s)"
)
# An upper-case dateline after a headline: "... work. ATLANTA - A former ..."
_CAPS_DATELINE = re.compile(
    r"(?:^|[.!?\n]\s*)(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})"
    rf"(?:\s*,\s*[A-Z][A-Za-z .]{{1,30}})?\s*(?:{_AGENCY}|(?:\([^)]{{1,40}}\))?\s*"
    r"(?P<sep>[-–—]{1,3}|:)\s)"
)
_DATELINE_REACH = 400


class Dateline(NamedTuple):
    """Where a dateline's place is in the text, and whether a colon sets it off
    ("ISLAMABAD: ...", as Pakistani and Indian papers write it; also "LOCATION:" fields)."""

    start: int
    end: int
    by_colon: bool


def dateline_span(text: str) -> Dateline | None:
    """Return where the dateline's place is ("BAGHDAD, Iraq -"), or ``None``.

    The dateline opens the text, or follows a headline as an upper-case place name before a
    dash ("Pastor picked. MANSFIELD -- The mayor ...").

    >>> text = "BAGHDAD, Iraq (AP) - Strikes hit."
    >>> span = dateline_span(text); text[span.start:span.end], span.by_colon
    ('BAGHDAD', False)
    >>> text = "Roads closed. ATLANTA - Snow fell."
    >>> span = dateline_span(text); text[span.start:span.end]
    'ATLANTA'
    >>> dateline_span("ISLAMABAD: Rain fell.").by_colon
    True
    >>> text = "Man dies in jail. COVINGTON, Ky. (AP)  A man died."
    >>> span = dateline_span(text); text[span.start:span.end]
    'COVINGTON'
    """
    match = _OPENING_DATELINE.match(text) or _CAPS_DATELINE.search(text, 0, _DATELINE_REACH)
    if match is None:
        return None
    return Dateline(match.start("place"), match.end("place"), match.group("sep") == ":")
