"""When an event happened: the date phrase of its clause, and whether it is still to come or
history the report recalls.

Examples
--------
>>> import datetime as dt
>>> from geomap.nlp import load_nlp
>>> sent = next(load_nlp()("Ten years ago, a gunman killed seven people in Fort Worth.").sents)
>>> verb = next(t for t in sent if t.lemma_ == "kill")
>>> history(sent, verb, 2009), date_of(sent, verb, dt.date(2009, 3, 28))
(True, ('2009-03-28', 'report'))
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection

from spacy.tokens import Span, Token

from geomap.events.dates import a_year_back, month_alone, read_date, written_date, years_ago

__all__ = ["date_of", "future", "history"]

_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")  # a year written out


def _dates(sent: Span, scope: Token) -> list[Span]:
    """The sentence's date and time phrases: those of the event's own clause first, then
    those inside its phrase, then the others."""
    inside = {t.i for t in scope.subtree}
    ents = [e for e in sent.ents if e.label_ in {"DATE", "TIME"}]
    return sorted(ents, key=lambda e: (not _of_clause(e, scope), e.root.i not in inside, e.start))


def _of_clause(ent: Span, scope: Token) -> bool:
    """Whether a date phrase belongs to the clause of ``scope`` (the event's verb): the first
    verb above it is that one, or one it is joined to ("who disappeared four years ago"
    belongs to "disappeared"; "Ten years ago, a gunman entered ... and killed" to both)."""
    verb = _verb_above(ent)
    return verb >= 0 and (verb == scope.i or scope.i in {c.i for c in scope.doc[verb].conjuncts})


def date_of(sent: Span, scope: Token, reference: dt.date | None) -> tuple[str, str]:
    """The event's date and how it was found (``date_precision``): a date phrase of its
    clause, else of its phrase, else of the sentence (not a coming date of another clause:
    "they will meet tomorrow after squads killed two"), else a date written in the
    sentence, else the report's date.

    >>> from geomap.nlp import load_nlp
    >>> sent = next(load_nlp()("Delegates will meet tomorrow after squads killed two.").sents)
    >>> date_of(sent, sent[6], dt.date(2024, 3, 10))
    ('2024-03-10', 'report')
    """
    inside = {t.i for t in scope.subtree}
    for ent in (e for e in _dates(sent, scope) if not _house_number(e)):
        before = sent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
        text = ent.text if before not in {"since", "until"} else "since " + ent.text
        found = read_date(text, reference)
        if found[0] and not (future(*found, reference) and ent.root.i not in inside):
            return found  # not the coming date of another clause ("will meet tomorrow")
    written = written_date(sent.text, reference)
    if written:
        return written, "stated"
    if reference is not None:
        return reference.isoformat(), "report"
    return "", ""


def history(sent: Span, scope: Token, era: int | None, eras: Collection[str] = (),
            undated: bool = False) -> bool:
    """Whether the event is history the report recalls: a date phrase of its own clause (of
    a clause it hangs from, when its own has none: "he fled last May before police raided
    his homes"; not "protested over two who disappeared four years ago") puts it two years
    or more before the report's time ``era`` ("on July 25, 1946" in a report of 2009), says
    "ten years ago" or "last year", or names a past era of ``eras`` ("during World War Two",
    "the D-Day invasion"). A clause that tells more of a dated event counts that event's
    date ("the 2001 anthrax attacks, which killed five people").

    A report's time is its date's year, else the latest year it states. In a report with no
    date of its own (``undated``), a day or a month written with its year ("on Dec. 31,
    2005", "in July 2008") or a year alone ("in 2003") is history too: news writes the year
    of a day only when it is not the current one, and tells this year's events by their day.
    In a dated report, a year alone before the report's is history ("in 2008" in 2009).
    In an undated one, so is a month alone ("abducted her in September"): news tells the
    events of its week by their weekday.

    >>> from geomap.nlp import load_nlp
    >>> sent = next(load_nlp()("Jews were arrested in France during World War Two.").sents)
    >>> history(sent, sent[2], None, {"world war"}), history(sent, sent[2], None)
    (True, False)
    """
    # "died 15 years ago during a raid"; "in 2003, a horse was killed after being attacked"
    verb = next((a for a in scope.ancestors if a.pos_ in {"VERB", "AUX"}), scope) \
        if scope.pos_ not in {"VERB", "AUX"} or scope.dep_ in {"pcomp", "advcl"} else scope
    told = scope.head.i if scope.dep_ == "relcl" else scope.i  # "the 2001 attacks, which"
    dated = [e for e in sent.ents if (e.label_ in {"DATE", "EVENT"} or e.text.lower() in eras)
             and not _house_number(e) and not e.text.lower().endswith("old")]
    # ("9/11" is read as a number, "29-year-old" as a date)
    own = [e for e in dated if _of_clause(e, scope) or _of_clause(e, verb) or e.root.head.i == told]
    above = {a.i for a in verb.ancestors}  # else the dates of the clauses it hangs from
    for ent in own or [e for e in dated if e.label_ == "DATE" and _verb_above(e) in above]:
        named = ent.text.lower()
        if any(name in named for name in eras):
            return True
        if ent.label_ != "DATE":
            continue
        when, kind = read_date(ent.text, None)
        if years_ago(ent.text) >= 2 or a_year_back(named) or (
                kind == "stated" and era is not None and int(when[:4]) <= era - 2):
            return True
        if kind == "stated" and era is not None and len(when) == 4 and int(when) < era:
            return True  # a year alone, before the report's: "shot her in 2008" in 2009
        if undated and when and _YEAR.search(ent.text) and (
                len(when) >= 7 or _year_of_event(ent, told)):
            return True
        if undated and month_alone(ent.text) and _after_in(ent):
            return True  # "abducted her in September": a month back, or more
    if undated and not any(_YEAR.search(e.text) for e in own) and any(
            _YEAR.search(e.text) and _after_in(e) and above & {a.i for a in e.root.ancestors}
            for e in dated):
        return True  # "At the time they were indicted in 2006, prosecutors said they robbed"
    year = _year_before(scope)  # "the 1946 Moore's Ford lynching", often no date to the model
    return year is not None and (undated or (era is not None and year <= era - 2))


def _year_before(noun: Token) -> int | None:
    """The year written among the words before an event noun, in its phrase ("the 2001
    anthrax letters", "the 1946 Moore's Ford lynching"), or ``None``.

    >>> from geomap.nlp import load_nlp
    >>> doc = load_nlp()("They solved the 1946 Moore's Ford lynching.")
    >>> _year_before(doc[7])
    1946
    """
    for tok in noun.lefts:
        for word in tok.subtree:
            if word.like_num and _YEAR.fullmatch(word.text) and _modifies(word, noun):
                return int(word.text)
    return None


def _modifies(word: Token, noun: Token) -> bool:
    """Whether ``word`` is inside the phrase of ``noun``, through modifiers only."""
    while word != noun:
        if word.dep_ not in _NOUN_PHRASE_DEPS:
            return False
        word = word.head
    return True


_NOUN_PHRASE_DEPS = frozenset({"nummod", "compound", "poss", "amod", "nmod", "npadvmod"})


def _verb_above(ent: Span) -> int:
    """The index of the first verb above a date phrase, or -1."""
    return next((a.i for a in ent.root.ancestors if a.pos_ in {"VERB", "AUX"}), -1)


def _house_number(ent: Span) -> bool:
    """Whether a "date" is a number that the model took for a year in a name: a house
    number ("of 1935 Orchard St.")."""
    root = ent.root
    return len(ent) == 1 and root.like_num and root.dep_ == "nummod" and root.head.pos_ == "PROPN"


def _year_of_event(ent: Span, told: int) -> bool:
    """Whether a year alone dates the event ("in 2003, a horse was killed", "the 2001
    attacks")."""
    return _after_in(ent) or ent.root.head.i == told


def _after_in(ent: Span) -> bool:
    """Whether a date phrase follows "in", "since" or "during" ("in 2003")."""
    return ent.start > 0 and ent.doc[ent.start - 1].lower_ in {"in", "since", "during"}


def future(when: str, kind: str, reference: dt.date | None) -> bool:
    """Whether the event's date lies after its report ("protests next month", "a strike
    starting tomorrow"). A date the report states may run a day past the report's own date
    (a report dated the day after its events, by another time zone); one read relative to
    the report's date ("tomorrow") may not.

    >>> future("2024-03-11", "relative", dt.date(2024, 3, 10)), future("2024-03-11", "stated",
    ...                                                             dt.date(2024, 3, 10))
    (True, False)
    """
    if not when or reference is None:
        return False
    try:
        day = dt.date.fromisoformat(when if len(when) == 10 else
                                    f"{when[:7]}-01" if len(when) == 7 else f"{when}-01-01")
    except ValueError:
        return False
    return day > reference + dt.timedelta(days=0 if kind == "relative" else 1)
