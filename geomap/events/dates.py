"""Event dates: absolute dates as written, relative ones resolved against the article's date.

A date expression is read from a spaCy ``DATE`` entity (or any short phrase). Absolute dates
("24 January 2024", "Jan. 24", "2024-01-24") are kept as written (a missing year is taken
from the reference date, going back a year if the date would fall after it). Relative ones
("yesterday", "on Tuesday", "last week", "three days ago", "in October", "over the past
week") need a reference date (the article's ``published`` date, the ``date=`` argument or
the dateline) and give ``""`` without one. A month alone gives a month (``2023-10``).
"since ..." phrases are not event dates.

Examples
--------
>>> import datetime as dt
>>> ref = dt.date(2024, 1, 25)  # a Thursday
>>> resolve_date("on Tuesday", ref), resolve_date("last week", ref)
('2024-01-23', '2024-01-18')
>>> resolve_date("in October", ref), resolve_date("January 24", ref)
('2023-10', '2024-01-24')
>>> resolve_date("last week", None), resolve_date("3 March 2022", None)
('', '2022-03-03')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from geomap.events.number_words import NUMBER_WORDS

__all__ = ["DATE_KINDS", "a_year_back", "dateline_date", "latest_year", "month_alone",
           "read_date", "resolve_date", "written_date", "years_ago"]

#: How an incident's date was found (its ``date_precision``): written as a date in the text,
#: resolved from a relative phrase against the report's date, or the report's own date.
DATE_KINDS = ("stated", "relative", "report")

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTH_ABBR = {m[:3]: i for m, i in _MONTHS.items()} | {"sept": 9}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NUMBERS = NUMBER_WORDS | {"several": 3, "few": 3}  # "several years ago": some three

_MONTH_RE = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
            r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_YEAR = r"(\d{4}|\d{2}(?![\d:]))"
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}(?:,?\s+{_YEAR})?\b")
_MONTH_DAY = re.compile(rf"\b{_MONTH_RE}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR}\b)?")
# "23/02", "10/05/2016", "12.03.2015": day first unless that cannot be, else nearest the report.
_NUMERIC = re.compile(r"(?<![\d/.])(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}|\d{2}))?(?![\d/.])")
_MONTH_ONLY = re.compile(rf"\b{_MONTH_RE}(?:\s+(\d{{4}}))?\b")
_AGO = re.compile(rf"\b(\d+|{'|'.join(_NUMBERS)})\s+(day|week|year|decade)s?\s+ago\b")
# A year before the report's ("last year", "a year earlier", "last May": a month named as
# last is most of a year back); not "the past year", which runs up to the report.
_SEASONS = ("spring", "summer", "autumn", "fall", "winter")
_YEAR_BACK = re.compile(rf"\blast (?:year|{'|'.join((*_MONTHS, *_SEASONS))})\b|"
                        r"\bthe previous year\b|\ba year (?:ago|earlier|before)\b")


def _month(word: str) -> int:
    word = word.lower().rstrip(".")
    return _MONTHS.get(word) or _MONTH_ABBR[word[:4] if word.startswith("sept") else word[:3]]


def _fit_year(month: int, day: int, ref: dt.date | None) -> dt.date | None:
    if ref is None:
        return None
    try:
        cand = dt.date(ref.year, month, day)
        return cand if cand <= ref + dt.timedelta(days=1) else dt.date(ref.year - 1, month, day)
    except ValueError:
        return None


def _year(text: str) -> int:
    """A written year; two digits are 19xx from 30 on, else 20xx ("90" -> 1990)."""
    year = int(text)
    if len(text) == 2:
        year += 1900 if year >= 30 else 2000
    return year


def _numeric(m: re.Match[str], ref: dt.date | None) -> str:
    a, b = int(m.group(1)), int(m.group(2))
    options = []
    for day, month in ((a, b), (b, a)):
        try:
            options.append(dt.date(_year(m.group(3)), month, day) if m.group(3)
                           else _fit_year(month, day, ref))
        except ValueError:
            continue
    dates = [o for o in options if o is not None]
    if not dates:
        return ""
    if ref is not None:  # the reading nearest the report, day first on ties
        dates.sort(key=lambda o: abs((ref - o).days))
    return dates[0].isoformat()


def _absolute(s: str, ref: dt.date | None) -> str | None:
    if m := _ISO.search(s):
        return m.group(0)
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        if m := pattern.search(s):
            day, month = int(m.group(day_group)), _month(m.group(month_group))
            try:
                when = (dt.date(_year(m.group(3)), month, day) if m.group(3)
                        else _fit_year(month, day, ref))
            except ValueError:
                when = None
            return when.isoformat() if when else ""
    if m := _NUMERIC.search(s):
        return _numeric(m, ref)
    if (m := _MONTH_ONLY.search(s)) and m.group(2):  # "July 2008"
        return f"{int(m.group(2)):04d}-{_month(m.group(1)):02d}"
    return None


def _relative(s: str, ref: dt.date) -> str | None:
    if "tomorrow" in s:
        return (ref + dt.timedelta(days=1)).isoformat()
    if m := re.search(r"\bnext (week|month|year)\b", s):
        if m.group(1) == "week":
            return (ref + dt.timedelta(days=7)).isoformat()
        if m.group(1) == "year":
            return f"{ref.year + 1:04d}"
        later = ref.replace(day=28) + dt.timedelta(days=4)
        return f"{later.year:04d}-{later.month:02d}"
    if "yesterday" in s or "last night" in s:
        return (ref - dt.timedelta(days=1)).isoformat()
    if re.search(r"\b(today|this morning|this afternoon|tonight|earlier today)\b", s):
        return ref.isoformat()
    if (m := _AGO.search(s)) and m.group(2) in {"day", "week"}:
        n = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1)]
        return (ref - dt.timedelta(days=n * (7 if m.group(2) == "week" else 1))).isoformat()
    if re.search(r"\blast week\b", s):
        return (ref - dt.timedelta(days=7)).isoformat()
    if re.search(r"\b(this week|past week|past few days|past days|recent days)\b", s):
        return ref.isoformat()
    for k, name in enumerate(_WEEKDAYS):
        if re.search(rf"\bnext {name}\b", s):  # the coming one, a week on at most
            return (ref + dt.timedelta(days=(k - ref.weekday()) % 7 or 7)).isoformat()
        if re.search(rf"\b{name}\b", s):
            back = (ref.weekday() - k) % 7
            return (ref - dt.timedelta(days=back)).isoformat()
    if re.search(r"\blast month\b", s):
        first = ref.replace(day=1) - dt.timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}"
    if m := _MONTH_ONLY.search(s):
        month = _month(m.group(1))
        year = int(m.group(2)) if m.group(2) else (ref.year if month <= ref.month else ref.year - 1)
        return f"{year:04d}-{month:02d}"
    return None


def a_year_back(text: str) -> bool:
    """Whether a date phrase reaches about a year back ("last year", "a year earlier", "last
    May", "last summer"), not up to the report ("the past year").

    >>> a_year_back("Last May"), a_year_back("last summer’s"), a_year_back("the past year")
    (True, True, False)
    """
    return _YEAR_BACK.search(text.lower()) is not None


def month_alone(text: str) -> bool:
    """Whether a date phrase is a month with neither day nor year ("September", "Sept.").

    >>> month_alone("September"), month_alone("Sept."), month_alone("September 2008")
    (True, True, False)
    """
    return re.fullmatch(_MONTH_RE, text.lower()) is not None


def years_ago(text: str) -> int:
    """How many years back a phrase reaches ("ten years ago", "two decades ago"); 0 for a
    phrase of days or weeks, or none.

    >>> years_ago("Ten years ago"), years_ago("two decades ago"), years_ago("3 weeks ago")
    (10, 20, 0)
    """
    m = _AGO.search(text.lower())
    if m is None or m.group(2) not in {"year", "decade"}:
        return 0
    n = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1)]
    return n * (10 if m.group(2) == "decade" else 1)


def latest_year(phrases: Iterable[str]) -> int | None:
    """The latest year the date phrases state: the time of a report with no date of its own.

    >>> latest_year(["July 25, 1946", "Saturday", "in 2009"]), latest_year(["today"])
    (2009, None)
    """
    years = [int(when[:4]) for when, kind in (read_date(p, None) for p in phrases)
             if kind == "stated"]
    return max(years, default=None)


def read_date(text: str, reference: dt.date | None) -> tuple[str, str]:
    """Return the ISO date a date phrase gives and how (``stated`` or ``relative``).

    ``("", "")`` when the phrase gives no date. A bare four-digit number is a year only
    between 1900 and the year after the report (a clock time "1530" is not a year).

    >>> read_date("3 JAN 90", None), read_date("(23/02)", dt.date(2015, 2, 24))
    (('1990-01-03', 'stated'), ('2015-02-23', 'stated'))
    >>> read_date("yesterday", dt.date(2015, 2, 24)), read_date("at 1530 hours", None)
    (('2015-02-23', 'relative'), ('', ''))
    >>> read_date("next month", dt.date(2015, 2, 24)), read_date("in July 2008", None)
    (('2015-03', 'relative'), ('2008-07', 'stated'))
    """
    s = text.lower().strip()
    if s.startswith(("since", "until")):
        return "", ""
    found = _absolute(s, reference)
    if found is not None:
        return (found, "stated") if found else ("", "")
    if m := re.fullmatch(r"(?:in\s+)?(\d{4})", s):
        latest = (reference.year + 1) if reference else 2100
        return (m.group(1), "stated") if 1900 <= int(m.group(1)) <= latest else ("", "")
    if reference is None:
        return "", ""
    found = _relative(s, reference) or ""
    return (found, "relative") if found else ("", "")


_SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])")


def written_date(text: str, reference: dt.date | None) -> str:
    """Return a date written anywhere in a sentence as digits with slashes or with a month name.

    For dates the model does not tag ("on the night of 26/06", "(23/02)").

    >>> written_date("Gunmen attacked a camp on the night of 26/06.", dt.date(2016, 6, 28))
    '2016-06-26'
    >>> written_date("Shops closed at 3.5 per cent.", None)
    ''
    """
    low = text.lower()
    if m := _SLASHED.search(low):
        return _numeric(m, reference)
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        if pattern.search(low):
            return _absolute(low, reference) or ""
    return ""


def resolve_date(text: str, reference: dt.date | None) -> str:
    """Return the ISO date (or ``YYYY-MM``) a date phrase gives, or ``""`` when unknown.

    Parameters
    ----------
    text : str
        A date phrase ("on Tuesday", "January 24, 2024", "last week").
    reference : datetime.date or None
        The article's date, against which relative phrases are resolved.

    Examples
    --------
    >>> resolve_date("since 2009", dt.date(2024, 1, 25))
    ''
    """
    return read_date(text, reference)[0]


_DATELINE = re.compile(rf"^\s*[A-Z][A-Za-z .,'-]{{0,40}}?,?\s+{_MONTH_RE}\s+(\d{{1,2}}),?\s*(\d{{4}})?",
                       re.IGNORECASE)


_DATELINE_DMY = re.compile(rf"^\s*[A-Z][A-Za-z .,'-]{{0,40}}?,?\s+(\d{{1,2}})\s+{_MONTH_RE}\s+{_YEAR}\b",
                           re.IGNORECASE)


def dateline_date(text: str) -> dt.date | None:
    """Return the date of a news dateline at the start of ``text`` ("KYIV, Jan 24, 2024 (Reuters) -").

    >>> dateline_date("KHARKIV, March 3, 2024 (AP) - Shelling hit the city.")
    datetime.date(2024, 3, 3)
    >>> dateline_date("Shelling hit the city on March 3.") is None
    True
    >>> dateline_date("SAN SALVADOR, 3 JAN 90 -- Gunmen attacked a bus.")
    datetime.date(1990, 1, 3)
    """
    head = text.lstrip()[:80]
    if m := _DATELINE_DMY.match(head):
        try:
            return dt.date(_year(m.group(3)), _month(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
    m = _DATELINE.match(head)
    if not m or not m.group(3):
        return None
    try:
        return dt.date(int(m.group(3)), _month(m.group(1)), int(m.group(2)))
    except ValueError:
        return None
