"""Dates as inputs give them: a feed's ``published`` field, an HTML page's meta tag.

Examples
--------
>>> parse_date("Wed, 24 Jan 2024 10:00:00 GMT")
datetime.date(2024, 1, 24)
"""

from __future__ import annotations

import datetime as dt
import logging

from dateutil import parser as dateparser

__all__ = ["parse_date"]

log = logging.getLogger(__name__)


def parse_date(value: object) -> dt.date | None:
    """Parse a date as a feed gives it; ``None`` when absent or unreadable.

    >>> parse_date("2024-01-24T10:00:00Z")
    datetime.date(2024, 1, 24)
    >>> parse_date("") is None
    True
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dateparser.parse(str(value)).date()
    except (ValueError, OverflowError):
        log.warning("unreadable date %r ignored", value)
        return None
