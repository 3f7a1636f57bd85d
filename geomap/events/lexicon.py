"""The event lexicon: trigger words, their senses, and what kind of event each sense is.

The lexicon is data (``geomap/data/actions.csv``): each row is one *sense* of a trigger lemma
(a verb, a noun, or ``ANY``), with its PLOVER event type in lower case (``assault``,
``coerce``, ``seize``, ``protest``, ``mobilize``, ...), a mode (``aerial``, ``drone``,
``missile/heavy-weapons``, ``firearms``, ``explosives``, ``arson``, ``riot``, ...) and the
ACLED event type / sub-event type. A trigger has several rows when its sense depends on the
words around it (its context: objects, particles, modifiers, subject, the verb that governs
it); the first row that fits the context is the sense:

- ``needs``: the row fits only when one of these words is in the context ("blow" + "up",
  "set" + "fire", "plant" + "bomb", "hunger" + "strike" is a protest, "open" + "fire");
- ``unless``: the row does not fit when one of these words is in the context; ``@name``
  stands for a word set of ``geomap/data/event_words.csv`` (``@hazards``: an earthquake,
  a storm or a gas leak "killed", "hit" or "exploded": no attack);
- ``incident=no``: the sense is not an incident. That covers statements (accuse, condemn,
  threaten, demand, sanction: a statement has a speaker, not a place where something
  happened; the lexicon knows them so that the speaker of "Iraq condemned the strikes" is
  never taken for the attacker) and the senses that are no event at all ("hit the
  jackpot", "struck a deal", "beat the champions", "deployed the software").

Other word sets of ``event_words.csv`` decide the ACLED type of an event: ``armed`` (an
attack on police, soldiers or militants is a battle), ``riot_cues`` (a protest with stones,
burning tyres or blocked roads is a riot).

Modifier words (``geomap/data/actions_modes.csv``: "missile attack", "drone strike", "fired
rockets") refine the mode and the ACLED sub-event type. An analyst's note that opens with
a label of its type ("Movement of forces: ...", ``geomap/data/type_labels.csv``) is of that
type, whatever its verbs.

Examples
--------
>>> lex = load_lexicon()
>>> lex.action("strike", "NOUN").plover, lex.action("condemn", "VERB").incident
('assault', False)
>>> lex.action("strike", "NOUN", {"hunger"}).acled_event_type
'Protests'
>>> lex.action("hit", "VERB", {"jackpot"}).incident, lex.action("kill", "VERB", {"earthquake"})
(False, None)
>>> lex.mode("missile").acled_sub_event_type
'Shelling/artillery/missile attack'
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from importlib import resources

__all__ = ["Action", "Lexicon", "Mode", "load_lexicon"]


@dataclass(frozen=True, slots=True)
class Action:
    """One sense of a trigger and the event type it signals."""

    trigger: str
    pos: str
    plover: str
    mode: str = ""
    acled_event_type: str = ""
    acled_sub_event_type: str = ""
    incident: bool = True
    needs: frozenset[str] = frozenset()
    unless: frozenset[str] = frozenset()

    def fits(self, context: Collection[str]) -> bool:
        """Whether this sense fits a trigger whose context holds the lemmas ``context``.

        >>> Action("blow", "VERB", "assault", needs=frozenset({"up"})).fits({"up", "bridge"})
        True
        """
        if self.needs and self.needs.isdisjoint(context):
            return False
        return self.unless.isdisjoint(context)


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
    """Trigger senses and modifier lookup over the lexicon data."""

    def __init__(self, actions: list[Action], modes: list[Mode],
                 word_sets: dict[str, frozenset[str]] | None = None,
                 type_labels: dict[str, tuple[str, str]] | None = None) -> None:
        self._sets = word_sets or {}
        self._labels = type_labels or {}
        self._by_lemma: dict[tuple[str, str], list[Action]] = {}
        self._forms: dict[str, str] = {}
        for act in actions:
            for pos in (("VERB", "NOUN") if act.pos == "ANY" else (act.pos,)):
                self._by_lemma.setdefault((act.trigger, pos), []).append(act)
            for form in _inflections(act.trigger):
                self._forms.setdefault(form, act.trigger)
        self._modes = {m.word: m for m in modes}

    def action(self, lemma: str, pos: str, context: Collection[str] = ()) -> Action | None:
        """Return the sense of trigger ``lemma`` used as ``pos`` in ``context``, or ``None``.

        ``pos`` is VERB or NOUN (PROPN counts as NOUN); ``context`` holds the lower-case
        lemmas around the trigger. ``None`` when the word is no trigger or no sense fits.
        """
        pos = "NOUN" if pos in {"NOUN", "PROPN"} else pos
        for act in self._by_lemma.get((lemma.lower(), pos), ()):
            if act.fits(context):
                return act
        return None

    def words(self, name: str) -> frozenset[str]:
        """Return a named word set of ``event_words.csv`` ("armed": armed victims)."""
        return self._sets.get(name, frozenset())

    def trigger_cues(self) -> dict[str, frozenset[str]]:
        """What a sentence must hold for a trigger to tell an event there: trigger lemma ->
        the lemmas one of which must be there too (empty: none). They are the context words
        every incident sense of the trigger needs, and the other words of a hyphenated one
        ("sit-in" needs "in"); a trigger with no incident sense is left out.

        >>> cues = load_lexicon().trigger_cues()
        >>> cues["shell"], "fire" in cues["set"], "in" in cues["sit"]
        (frozenset(), True, True)
        """
        cues: dict[str, set[str]] = {}
        always: set[str] = set()
        for (lemma, _), senses in self._by_lemma.items():
            first, *rest = lemma.split("-")
            for act in senses:
                if not act.incident:
                    continue
                needs = set(rest) | set(act.needs)
                if needs:
                    cues.setdefault(first, set()).update(needs)
                else:
                    always.add(first)
        return {lemma: frozenset() if lemma in always else frozenset(cues.get(lemma, ()))
                for lemma in always | set(cues)}

    def labelled_type(self, text: str) -> tuple[str, str] | None:
        """The ACLED type and sub-type an analyst's note states in its opening label
        ("Property destruction: ...", ``type_labels.csv``), or ``None``.

        >>> load_lexicon().labelled_type("Defusal: police found a grenade in a bus.")
        ('Strategic developments', 'Disrupted weapons use')
        """
        found = _LABEL.match(text)
        return self._labels.get(found.group(1).lower()) if found else None

    def lemma_of_form(self, word: str) -> str | None:
        """Return the trigger lemma of an inflected form ("Strikes"), for untagged headlines."""
        return self._forms.get(word.lower())

    def told_weapons(self, words: Iterable[str]) -> list[Mode]:
        """The modes of the weapon words among ``words``, lemmas or words as written (an
        untagged "bullets", a trigger's inflected "shelled"); not the modifiers that name a
        weapon only beside one (``weapon_modifiers``: "committed suicide", "a gold mine").

        >>> lex = load_lexicon()
        >>> sorted(m.mode for m in lex.told_weapons(["BULLETS", "shelled", "suicide"]))
        ['firearms', 'missile/heavy-weapons']
        """
        skip = self.words("weapon_modifiers")
        found = (self.mode(w) or self.mode(self._forms.get(w.lower(), ""))
                 for w in set(words) if w.lower() not in skip)
        return [m for m in found if m is not None and m.word not in skip]

    def mode(self, word: str) -> Mode | None:
        """Return the mode a modifier word gives ("missiles" -> missile/heavy-weapons)."""
        word = word.lower()
        return self._modes.get(word) or (self._modes.get(word[:-1]) if word.endswith("s") else None)


_LABEL = re.compile(r"\s*([A-Za-z][A-Za-z /-]{2,40}):\s")


def _read(name: str) -> list[dict[str, str]]:
    with resources.files("geomap.data").joinpath(name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _words(cell: str, sets: dict[str, frozenset[str]]) -> frozenset[str]:
    out: set[str] = set()
    for item in filter(None, cell.split("|")):
        out |= sets[item[1:]] if item.startswith("@") else {item}
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Return the event lexicon (read once per process from the package data)."""
    grouped: dict[str, set[str]] = {}
    for row in _read("event_words.csv"):
        grouped.setdefault(row["set"], set()).add(row["word"])
    sets = {name: frozenset(words) for name, words in grouped.items()}
    actions = [
        Action(trigger=r["trigger"], pos=r["pos"], plover=r["plover"], mode=r["mode"],
               acled_event_type=r["acled_event_type"],
               acled_sub_event_type=r["acled_sub_event_type"], incident=r["incident"] == "yes",
               needs=_words(r["needs"], sets), unless=_words(r["unless"], sets))
        for r in _read("actions.csv")
    ]
    modes = [Mode(word=r["word"], mode=r["mode"], acled_event_type=r["acled_event_type"],
                  acled_sub_event_type=r["acled_sub_event_type"])
             for r in _read("actions_modes.csv")]
    labels = {r["label"]: (r["acled_event_type"], r["acled_sub_event_type"])
              for r in _read("type_labels.csv")}
    return Lexicon(actions, modes, sets, labels)
