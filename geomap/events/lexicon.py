"""The action lexicon: trigger words (verbs and event nouns) and what kind of event each is.

The lexicon is data (``geomap/data/actions.csv``): each trigger lemma maps to a PLOVER event
type in lower case (``assault``, ``coerce``, ``seize``, ``protest``, ``mobilize``, ...), a
mode (``aerial``, ``drone``, ``missile/heavy-weapons``, ``firearms``, ``explosives``,
``naval``, ``cyber``, ...) and the ACLED event type / sub-event type where one exists.
Modifier words (``geomap/data/actions_modes.csv``: "missile attack", "drone strike",
"fired rockets") refine the mode and the ACLED sub-event type.

Rows with ``incident=no`` are statements: accusations, condemnations, threats, demands and
sanctions. **They are not incidents** (a statement has a speaker, not a place where
something happened); the lexicon knows them so that the speaker of "Iraq condemned the
strikes" is never taken for the actor of the strikes. Triggers with ``needs`` count only
with one of those words as object or modifier ("fired rockets", "violated the ceasefire";
``weapon`` means any modifier word of the modes table).

Examples
--------
>>> lex = load_lexicon()
>>> lex.action("strike", "NOUN").plover, lex.action("condemn", "VERB").incident
('assault', False)
>>> lex.mode("missile").acled_sub_event_type
'Shelling/artillery/missile attack'
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

__all__ = ["Action", "Lexicon", "Mode", "load_lexicon"]


@dataclass(frozen=True, slots=True)
class Action:
    """One trigger of the lexicon and the event type it signals."""

    trigger: str
    pos: str
    plover: str
    mode: str = ""
    acled_event_type: str = ""
    acled_sub_event_type: str = ""
    incident: bool = True
    needs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Mode:
    """A modifier word ("missile", "drone") and the mode it gives an action."""

    word: str
    mode: str
    acled_event_type: str = ""
    acled_sub_event_type: str = ""


def _inflections(lemma: str) -> set[str]:
    """Surface forms a tagger may fail to lemmatise (headlines in Title Case)."""
    stem = lemma.removesuffix("e")
    return {lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing"}


class Lexicon:
    """Trigger and modifier lookup over the lexicon data."""

    def __init__(self, actions: list[Action], modes: list[Mode]) -> None:
        self._by_lemma: dict[tuple[str, str], Action] = {}
        self._by_form: dict[str, Action] = {}
        for act in actions:
            for pos in (("VERB", "NOUN") if act.pos == "ANY" else (act.pos,)):
                self._by_lemma[(act.trigger, pos)] = act
            for form in _inflections(act.trigger):
                self._by_form.setdefault(form, act)
        self._modes = {m.word: m for m in modes}

    def action(self, lemma: str, pos: str) -> Action | None:
        """Return the action of trigger ``lemma`` used as ``pos`` (VERB or NOUN), or ``None``."""
        pos = "NOUN" if pos in {"NOUN", "PROPN"} else pos
        return self._by_lemma.get((lemma.lower(), pos))

    def action_of_form(self, word: str) -> Action | None:
        """Return the action of an inflected surface form ("Strikes"), for untagged headlines."""
        return self._by_form.get(word.lower())

    def mode(self, word: str) -> Mode | None:
        """Return the mode a modifier word gives ("missiles" -> missile/heavy-weapons)."""
        word = word.lower()
        return self._modes.get(word) or (self._modes.get(word[:-1]) if word.endswith("s") else None)


def _read(name: str) -> list[dict[str, str]]:
    with resources.files("geomap.data").joinpath(name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Return the action lexicon (read once per process from the package data)."""
    actions = [
        Action(trigger=r["trigger"], pos=r["pos"], plover=r["plover"], mode=r["mode"],
               acled_event_type=r["acled_event_type"],
               acled_sub_event_type=r["acled_sub_event_type"], incident=r["incident"] == "yes",
               needs=tuple(w for w in r["needs"].split("|") if w))
        for r in _read("actions.csv")
    ]
    modes = [Mode(word=r["word"], mode=r["mode"], acled_event_type=r["acled_event_type"],
                  acled_sub_event_type=r["acled_sub_event_type"])
             for r in _read("actions_modes.csv")]
    return Lexicon(actions, modes)
