"""What a sentence or a short report says that decides an event's ACLED type.

These read the parse only for the facts ACLED's codebook types by:

- :func:`armed_victims`: the event hit police, soldiers or an armed group (a battle, not
  violence against civilians): "killing two policemen", "6 soldiers injured", "four
  al-Shabaab members were killed";
- :func:`fought_back`: the other side fought back ("the police fired back", "returned fire",
  "repulsed the attackers"): a battle;
- :func:`riot_cue`: a crowd's violence (stones, burning tyres, blocked roads): a riot;
- :func:`mob`: a mob or a riot, the doer of violence told without one ("lynched by a mob");
- :func:`accident`: someone hit by a vehicle: the report's harm by no one is no attack
  (the caller skips the triggers of ``vehicle_harm``: "was struck while walking");
- :func:`disrupted` and :func:`went_off`: an explosive found or defused before it went off
  ("Disrupted weapons use"), unless the trigger tells that it went off;
- :func:`captive`: a person seized or captured, not a place: an arrest when state forces
  took them, else an abduction ("rebels seized the mayor", "was captured by police").

The words are data, sets of ``geomap/data/event_words.csv``: ``armed``, ``armed_if_bare``,
``fought_back``, ``repelled``, ``riot_cues``, ``riot_cues_weak``, ``riot_phrases``, ``mobs``,
``vehicles``, ``defusal``, ``went_off``, ``people`` and ``captives``.

Examples
--------
>>> from geomap.nlp import load_nlp
>>> from geomap.events.lexicon import load_lexicon
>>> doc = load_nlp()("The police fired back and killed two of them.")
>>> fought_back(doc[:], load_lexicon())
True
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from geomap.events.actors import ARMED_TYPES, STATE_TYPES, Actor, ActorRegistry
from geomap.events.lexicon import Action, Lexicon
from geomap.events.syntax import context_lemmas, left_phrase

__all__ = ["accident", "armed_victims", "captive", "clash_partner", "disrupted", "fought_back",
           "mob", "riot_cue", "victims", "went_off"]


def victims(tok: Token, gov: Token, target: Token | None) -> list[Token]:
    """Who the event hit: its target, the objects and passive subjects of its trigger and
    governor ("6 soldiers injured": a headline's passive without "were" counts)."""
    heads: list[Token] = [target] if target is not None else []
    for node in {tok.i: tok, gov.i: gov}.values():
        kids = list(node.children)
        heads.extend(c for c in kids if c.dep_ in {"nsubjpass", "dobj"})
        if node.tag_ == "VBN" and not any(c.dep_ == "dobj" for c in kids):
            heads.extend(c for c in kids if c.dep_ == "nsubj")
            if node.dep_ == "acl":  # "four soldiers injured near X"
                heads.append(node.head)
    return heads


def armed_victims(heads: list[Token], lex: Lexicon, reg: ActorRegistry) -> bool:
    """Whether the event hit armed men: among its :func:`victims` ``heads``.

    Only the head nouns count, with their conjuncts and compounds: "an employee of the
    brigade" is a civilian; "police officers", "soldiers and rebels" and "al-Shabaab
    members" are armed. A word that is armed only when bare or with an armed modifier
    (``armed_if_bare``: "officers", "guards") is not in "a Red Cross officer".
    """
    for noun in (n for head in heads for n in [head, *head.conjuncts]):
        modifiers = [c for c in noun.children if c.dep_ in {"compound", "nmod"}]
        if _armed_word(noun, lex) and (not modifiers or noun.lemma_.lower() not in
                                       lex.words("armed_if_bare")):
            return True
        if any(_armed_word(m, lex) for m in modifiers if m.dep_ == "compound"):
            return True
        for name in (m for m in modifiers if m.pos_ == "PROPN"):
            named = (reg.lookup(name.text), reg.find_named(left_phrase(noun)))
            if any(a is not None and a.type in ARMED_TYPES for a in named):
                return True  # "al-Shabaab members"
    return False


def _armed_word(tok: Token, lex: Lexicon) -> bool:
    armed = lex.words("armed")
    return tok.lower_ in armed or tok.lemma_.lower() in armed


def fought_back(span: Span, lex: Lexicon) -> bool:
    """Whether the text tells that the attacked side fought back: a two-sided fight
    ("repulsed", "fired back", "a clash", "violence between Kalenjin and Maasais")."""
    back, repelled = lex.words("fought_back"), lex.words("repelled") | lex.words("two_sided")
    for tok in span:
        lemma = tok.lemma_.lower()
        if lemma in repelled or (lemma in back and any(c.lower_ == "back" for c in tok.children)):
            return True
        if lemma == "fire" and tok.dep_ == "dobj" and tok.head.lemma_.lower() == "return":
            return True
        if lemma == "between" and _between_sides(tok, lex):
            return True
    return False


def _between_sides(prep: Token, lex: Lexicon) -> bool:
    """Whether "between" names two sides of violence ("violence between Kalenjin and
    Maasais", "a border attack between two villages"), not of talks."""
    head = prep.head
    act = lex.action(head.lemma_, "NOUN") if head.pos_ == "NOUN" else None
    return act is not None and act.plover == "assault" and any(
        c.dep_ == "pobj" and any(g.dep_ in {"conj", "nummod"} for g in c.children)
        for c in prep.children)


def riot_cue(span: Span, lex: Lexicon) -> int:
    """How plainly the text tells of a crowd's violence: 2 for its acts (stones, burning
    tyres, blocked roads; not "anti-riot police", nor a word that only names a kind of
    thing, "stone mines", "riot police"), 1 for words that also fit a peaceful crowd the
    police broke up ("angry", "injured"), else 0."""
    strong = lex.words("riot_cues")
    if any(t.lower_ in strong and not (t.i >= 2 and t.nbor(-1).text == "-"
                                        and t.nbor(-2).lower_ == "anti")
           and not (t.dep_ == "compound" and t.tag_ == "NN" and not t.lower_.endswith("ing")
                    and t.head.pos_ == "NOUN")  # "stone mines", "riot police"; "rioting youth"
           for t in span):
        return 2
    text = span.text.lower()
    if any(phrase in text for phrase in lex.words("riot_phrases")):  # "running battles"
        return 2
    return int(not lex.words("riot_cues_weak").isdisjoint(t.lower_ for t in span))


def mob(span: Span, lex: Lexicon) -> bool:
    """Whether the text names a mob or a riot ("lynched by a mob", "riots broke out")."""
    return not lex.words("mobs").isdisjoint(t.lemma_.lower() for t in span)


def clash_partner(tok: Token, lex: Lexicon) -> Token | None:
    """The other side of a fight a crowd may have (``crowd_fights``: "clashes with police"),
    or ``None``."""
    if tok.lemma_.lower() not in lex.words("crowd_fights"):
        return None
    return next((p for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"
                 for p in c.children if p.dep_ == "pobj"), None)


def accident(span: Span, lex: Lexicon) -> bool:
    """Whether the text tells of someone or something hit by a vehicle ("struck, killed by
    car", "the truck struck a wall") or of a vehicle hit ("he struck a car stopped along
    the road"): the harm it tells without a doer ("was struck while walking") is that
    accident."""
    vehicles, harm = lex.words("vehicles"), lex.words("vehicle_harm")
    return any(t.lemma_.lower() in vehicles and (
        (t.dep_ == "pobj" and t.head.dep_ == "agent")
        or (t.dep_ in {"nsubj", "dobj"} and t.head.lemma_.lower() in harm)) for t in span)


def disrupted(span: Span, lex: Lexicon) -> bool:
    """Whether the text tells of an explosive found, defused or destroyed before it went off."""
    return not lex.words("defusal").isdisjoint(t.lemma_.lower() for t in span)


def went_off(tok: Token, lex: Lexicon) -> bool:
    """Whether the trigger tells that its explosive went off ("exploded", "a bomb went off",
    "hit by an IED"): no disrupted one, whatever else the report found or defused."""
    words = lex.words("went_off")
    return tok.lemma_.lower() in words or not words.isdisjoint(context_lemmas(tok))


_TAKEOVER = "Non-state actor overtakes territory"


def captive(act: Action, tok: Token, actor: Actor | None,
            lex: Lexicon) -> tuple[str, str, str] | None:
    """The mode and ACLED types of a seizure of people, or ``None`` for any other use.

    A territory sense ("seized", "captured") whose object is a person ("the mayor", "two
    engineers"; the subject of a passive) took someone, not a place: state forces'
    capture is an arrest, anyone else's an abduction (ACLED); what the police captured is
    always an arrest. Armed men taken in a fight ("captured two soldiers") stay the fight's.

    >>> from geomap.nlp import load_nlp
    >>> from geomap.events.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> doc = load_nlp()("Rebels seized the mayor in his village.")
    >>> captive(lex.action("seize", "VERB", {"village"}), doc[1], None, lex)[2]
    'Abduction/forced disappearance'
    """
    if act.acled_sub_event_type != _TAKEOVER:
        return None
    if actor is not None and actor.type == "police":  # the police take people, not towns
        return "arrest", "Strategic developments", "Arrests"
    taken = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
    people = lex.words("people") | lex.words("captives")
    if not any(t.lemma_.lower() in people or t.lower_ in people
               for head in taken for t in (head, *head.conjuncts)):
        return None
    if actor is not None and actor.type in STATE_TYPES:
        return "arrest", "Strategic developments", "Arrests"
    return "abduct", "Violence against civilians", "Abduction/forced disappearance"
