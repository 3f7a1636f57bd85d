"""The syntax of an event: its trigger's sense, its clause, agent, target, and whether it happened.

Everything here reads one parsed sentence (spaCy tokens with a dependency parse); nothing
resolves names (see :mod:`geomap.events.actors`) or places.

- :func:`triggers`: the sentence's event triggers and the sense of each, chosen from its
  context (:func:`context_lemmas`): "blew up a bridge", "set fire to", "hunger strike",
  "hit the jackpot" (no event). A noun trigger that is the object of a light verb ("carried
  out raids": the lexicon's ``light_verbs``) or of another trigger ("launched an attack")
  is carried by that verb.
- :func:`actor_token`: the trigger's possessor or modifier ("Iran's strikes", "US strikes"),
  "by/from X", else the subject of the governing verb (the agent of a passive; climbing
  through "to stop", conjunctions and "accused of attacking").
- :func:`target_token`: the object, or "on/against/at X".
- whether the event happened is :func:`geomap.events.happened.hypothetical`'s to say.

Examples
--------
>>> from geomap.nlp import load_nlp
>>> from geomap.events.lexicon import load_lexicon
>>> doc = load_nlp()("Militants blew up a bridge near the town.")
>>> [(doc[i].text, a.acled_sub_event_type) for i, a in triggers(doc[:], load_lexicon()).items()]
[('blew', 'Remote explosive/landmine/IED')]
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from geomap.events.actors import ActorRegistry
from geomap.events.lexicon import Action, Lexicon

__all__ = [
    "actor_token",
    "clash_sides",
    "context_lemmas",
    "doer_runs",
    "governor",
    "left_phrase",
    "main_subject",
    "of_quantity",
    "statement_object",
    "target_token",
    "triggers",
]

_CONTEXT_SKIP = frozenset({"punct", "det", "cc", "aux", "auxpass", "space"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})  # a clause's verb, not a participle


def context_lemmas(tok: Token) -> frozenset[str]:
    """The lower-case lemmas around a trigger that decide its sense.

    Its dependents (objects, particles, modifiers, prepositions and their objects, with the
    modifiers of those), its head (and the verb above a preposition: "went on strike") and,
    for a noun, the verb it is the object of.

    >>> from geomap.nlp import load_nlp
    >>> doc = load_nlp()("Rebels blew up the bridge.")
    >>> sorted(context_lemmas(doc[1]))
    ['bridge', 'rebel', 'rebels', 'up']
    """
    words: set[str] = set()

    def add(t: Token, depth: int) -> None:
        for child in t.children:
            if child.dep_ in _CONTEXT_SKIP:
                continue
            words.add(child.lemma_.lower())
            words.add(child.lower_)
            if depth and not (child.dep_ == "conj" and child.pos_ == "VERB"):
                add(child, depth - 1)  # a verb joined to it has words of its own ("and stole cattle")

    add(tok, 2)
    head = tok.head
    if head.i != tok.i:
        words.add(head.lemma_.lower())
        if head.dep_ == "prep" or head.pos_ == "ADP":
            words.add(head.head.lemma_.lower())
        for sibling in head.children:  # "an earthquake hit ... killing": the subject of the head
            if sibling.dep_ in {"nsubj", "nsubjpass"} and sibling.i != tok.i:
                words.add(sibling.lemma_.lower())
                # "thousands of workers began strikes": the people the number counts
                words.update(p.lemma_.lower() for c in sibling.children
                             if c.dep_ == "prep" and c.lower_ == "of"
                             for p in c.children if p.dep_ == "pobj")
    words.discard(tok.lemma_.lower())
    return frozenset(words)


def _context(tok: Token, lex: Lexicon) -> frozenset[str]:
    """The trigger's context, with any hazard ("an earthquake ... killed") or labour word
    ("strikes to protest ... wages") the sentence names."""
    wide = lex.words("hazards") | lex.words("labour")
    named = {t.lemma_.lower() for t in tok.sent if t.lemma_.lower() in wide}
    return context_lemmas(tok) | named


def _in_name(tok: Token, lex: Lexicon) -> bool:
    """Whether the word is part of a facility's or body's name ("the Laurel County Detention
    Center", "the Anti-Riot Unit"): a proper name ending in a ``facility_heads`` word."""
    head = tok
    while head.dep_ == "compound" and head.head.i != head.i:
        head = head.head
    return head.i != tok.i and head.pos_ == "PROPN" and head.lemma_.lower() in lex.words("facility_heads")


def _burnt(tok: Token, lex: Lexicon) -> bool:
    """Whether a word of harm tells of a fire's victims ("fire kills man", "killed in a
    blaze"), not of gunfire ("opened fire, killing", "killed by sniper fire")."""
    if tok.lemma_.lower() not in lex.words("harm"):
        return False
    context = context_lemmas(tok)
    return not context.isdisjoint({"fire", "blaze", "inferno"}) and not any(
        w in lex.words("gunfire") or lex.mode(w) is not None for w in context)


def _no_explosive(tok: Token, lex: Lexicon) -> bool:
    """Whether "explode" tells of a thing that is no weapon nor vehicle ("violence exploded",
    "thousands more [toads] are exploding", "a transformer exploded"); a pronoun may stand
    for a bomb ("it exploded")."""
    if tok.lemma_.lower() != "explode" or tok.pos_ != "VERB":
        return False
    def no_weapon(thing: Token) -> bool:
        word = thing.lemma_.lower()
        return word not in lex.words("vehicles") and word not in lex.words("weapon_modifiers") \
            and not lex.told_weapons([w for t in thing.subtree for w in (t.lemma_, t.text)])
    return any(c.dep_ == "nsubj" and c.pos_ != "PRON" and no_weapon(c) for c in tok.children)


def _a_lone_gun(tok: Token, lex: Lexicon) -> bool:
    """Whether what was found or seized is one gun or blade ("found a gun in a creek bed",
    "the gun was recovered"): a crime's evidence, not a cache of arms."""
    def lone(thing: Token) -> bool:
        mode = lex.mode(thing.lemma_) or lex.mode(thing.text)
        return mode is not None and mode.mode in {"firearms", "primitive"} \
            and thing.tag_ == "NN" and not any(c.dep_ in {"nummod", "conj"} for c in thing.children)
    objects = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
    return bool(objects) and all(lone(o) for o in objects)


def _sense(tok: Token, lex: Lexicon) -> Action | None:
    if _in_name(tok, lex) or _burnt(tok, lex) or _no_explosive(tok, lex):
        return None
    if tok.dep_ in {"compound", "amod"} and tok.head.pos_ == "NOUN" and any(
            t.tag_ in _FINITE or (tok.dep_ == "amod" and t.pos_ in {"VERB", "AUX"})
            for t in tok.sent):
        return None  # "missile strikes": the head is the event, the modifier its mode
    # (a headline without a finite verb, "Hospital staff protest pay cuts", "Journalists
    # protest limits on ... harassing behaviour", keeps its compound triggers)
    if tok.pos_ in {"VERB", "NOUN"}:
        act = lex.action(tok.lemma_, tok.pos_, _context(tok, lex))
        if act is not None and act.acled_sub_event_type == "Disrupted weapons use" \
                and _a_lone_gun(tok, lex):
            return None
        return act
    lemma = lex.lemma_of_form(tok.text)
    if lemma is not None and tok.pos_ in {"PROPN", "ADJ", "ADV", "ADP"} and (
            tok.ent_type_ == "" or (tok.ent_type_ == "ORG" and _title_case(tok.sent))):
        # a headline or true-cased word the tagger misread; never a word of a name
        # ("the DeSoto Detention Center") unless the whole line is in title case
        pos = "VERB" if tok.text.lower().endswith(("ed", "ing")) else "NOUN"
        context = _context(tok, lex)
        return lex.action(lemma, pos, context) or lex.action(
            lemma, "NOUN" if pos == "VERB" else "VERB", context)
    return None


def _hyphenated(tok: Token, lex: Lexicon) -> Action | None:
    """The sense of a hyphenated trigger ("sit-in", "shoot-out") ending at ``tok``."""
    doc = tok.doc
    if tok.i < 2 or doc[tok.i - 1].text != "-" or doc[tok.i - 2].whitespace_ \
            or doc[tok.i - 1].whitespace_:
        return None
    joined = f"{doc[tok.i - 2].lower_}-{tok.lemma_.lower()}"
    pos = "VERB" if tok.pos_ == "VERB" else "NOUN"
    return lex.action(joined, pos, _context(tok, lex))


def _title_case(sent: Span) -> bool:
    """Whether a line is written in title case, as headlines are."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return bool(words) and sum(t.text[0].isupper() for t in words) >= 0.7 * len(words)


def triggers(sent: Span, lex: Lexicon) -> dict[int, Action]:
    """Return the sentence's event triggers: token index -> the sense used here.

    A hyphenated trigger ("staged a sit-in") is read at its last word.
    """
    found: dict[int, Action] = {}
    for tok in sent:
        act = _hyphenated(tok, lex)
        if act is not None:
            found.pop(tok.i - 2, None)
        elif tok.i - 2 not in found or tok.doc[tok.i - 1].text != "-":
            act = _sense(tok, lex)
        if act is not None:
            found[tok.i] = act
    return found


def governor(tok: Token, found: dict[int, Action], lex: Lexicon) -> Token:
    """The verb whose clause is the event's, for a noun trigger that is its object."""
    if tok.pos_ in {"NOUN", "PROPN"} and tok.dep_ in {"dobj", "nsubj", "nsubjpass", "pobj"}:
        head = tok.head
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "on":
            head = head.head  # "went on strike"
        elif tok.dep_ == "pobj":
            return tok
        if head.pos_ == "VERB" and (head.lemma_.lower() in lex.words("light_verbs") or
                                    (head.i in found and found[head.i].incident)):
            return head
    return tok


def _actor_like(tok: Token, lex: Lexicon, reg: ActorRegistry) -> bool:
    if lex.mode(tok.lemma_) or lex.mode(tok.text):
        return False
    return (tok.pos_ == "PROPN" or tok.ent_type_ in {"NORP", "GPE", "ORG"}
            or reg.lookup(tok.text) is not None)


def _subject_of(verb: Token, lex: Lexicon) -> Token | None:
    """The agent of ``verb``, climbing through xcomp/advcl/conj and "accused of ...".

    "X is reported to have struck": X, the subject of the passive verb the event hangs on.
    """
    raised = False
    for _ in range(5):
        kids = list(verb.children)
        if any(c.dep_ in {"nsubjpass", "auxpass"} for c in kids) or (
                verb.dep_ == "acl" and any(c.dep_ == "agent" for c in kids)):
            # "was attacked and injured by X": the agent may hang on the second verb
            for agent in (c for c in kids + [k for c in kids if c.dep_ == "conj"
                                             for k in c.children] if c.dep_ == "agent"):
                return next((c for c in agent.children if c.dep_ == "pobj"), None)
            if raised:
                return next((c for c in kids if c.dep_ == "nsubjpass"), None)
            if verb.dep_ not in {"xcomp", "advcl", "conj", "pcomp"}:
                return None
        else:
            subj = next((c for c in kids if c.dep_ in {"nsubj", "csubj"}), None)
            if subj is not None:
                return None if subj.lower_ in {"which", "that"} else subj
        if verb.dep_ == "relcl":
            return verb.head
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
            stmt = verb.head.head
            act = lex.action(stmt.lemma_, "VERB")
            if act is not None and not act.incident:  # "X was accused of attacking": X
                stmt_kids = list(stmt.children)
                return next((c for c in stmt_kids if c.dep_ == "dobj"), None) or next(
                    (c for c in stmt_kids if c.dep_ == "nsubjpass"), None)
            verb = stmt
            continue
        if verb.dep_ in {"xcomp", "advcl", "conj", "ccomp"} and verb.head.pos_ in {"VERB", "AUX"}:
            if verb.dep_ == "ccomp":
                return None
            # "X is said to have struck", not "X is said to have been killed"
            raised = verb.dep_ == "xcomp" and not any(c.dep_ == "auxpass" for c in kids)
            verb = verb.head
            continue
        return None
    return None


def actor_token(tok: Token, gov: Token, lex: Lexicon, reg: ActorRegistry) -> Token | None:
    """The token of the phrase that names who did it, or ``None``."""
    if tok.pos_ in {"NOUN", "PROPN"}:
        for child in tok.children:
            if child.dep_ == "poss" and child.lower_ not in {"its", "their"}:
                return child
        for child in tok.lefts:
            if child.dep_ in {"compound", "amod", "nmod"} and _actor_like(child, lex, reg):
                return child
        for child in tok.children:
            if child.dep_ == "acl":  # "an IED planted by al Shabaab"
                child = next((c for c in child.children if c.dep_ == "agent"), child)
            if child.dep_ in {"prep", "agent"} and child.lower_ in {"by", "from"}:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        sides = clash_sides(tok)  # "a gun battle between police and militants": the police
        if sides:
            return sides[0]
        doer = _doer_of_the_verb(tok)
        if doer is not None:
            return doer
        if gov == tok or tok.dep_ in {"nsubj", "nsubjpass"}:
            return None
    if tok.dep_ == "acl" and tok.tag_ == "VBG" and (
            _actor_like(tok.head, lex, reg) or reg.head_type(tok.head.text)):
        return tok.head  # "Police shooting in North Las Vegas", "militants attacking a base"
    return _subject_of(gov, lex)


def _doer_of_the_verb(tok: Token) -> Token | None:
    """The subject of the active verb with an object that an event noun tells the setting of
    ("Police found guns in raids", "militants killed five in an attack"); not of a verb
    told of the victims ("five died in an attack", "were killed in clashes").

    >>> from geomap.nlp import load_nlp
    >>> doc = load_nlp()("Police found guns and drugs in raids in Hartford.")
    >>> _doer_of_the_verb(doc[6]).text
    'Police'
    """
    if tok.dep_ != "pobj" or tok.head.lower_ not in {"in", "during"}:
        return None
    verb = tok.head.head
    while verb.dep_ in {"dobj", "conj"} and verb.pos_ != "VERB":  # "Find Guns, Drugs In Raids"
        verb = verb.head
    kids = list(verb.children)
    if verb.pos_ != "VERB" or not any(c.dep_ == "dobj" for c in kids):
        return None
    return next((c for c in kids if c.dep_ == "nsubj"), None)


def clash_sides(tok: Token) -> list[Token]:
    """The sides of a fight told "between X and Y", on the trigger or on its verb; the
    first is its actor.

    >>> from geomap.nlp import load_nlp
    >>> doc = load_nlp()("There were clashes between police and protesters in Srinagar.")
    >>> [t.text for t in clash_sides(doc[2])]
    ['police', 'protesters']
    """
    for head in (tok, tok.head):
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "between"):
            first = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if first is not None:
                return [first, *first.conjuncts]
    return []


def doer_runs(sent: Span, tok: Token) -> list[str]:
    """The stretches of ``sent`` before ``tok`` that may name who did it: those that are no
    one it was done to (no passive subject and what it holds, nor the noun a passive
    participle trigger tells of).

    "Gunmen believed to be members of al Shabaab attacked": al Shabaab may be the doer;
    "five soldiers were killed when an IED exploded": the soldiers are not, nor are "two Al
    Shabaab suspects arrested with explosives".

    >>> from geomap.nlp import load_nlp
    >>> doc = load_nlp()("Two soldiers were killed when a bomb exploded.")
    >>> doer_runs(doc[:], doc[7])
    ['were killed when a bomb']
    """
    done_to = {t.i for t in sent if t.dep_ == "nsubjpass" for t in t.subtree}
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        done_to |= {t.i for t in tok.head.lefts for t in t.subtree} | {tok.head.i}
    runs: list[list[str]] = [[]]
    for word in sent.doc[sent.start:tok.i]:
        if word.i in done_to:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(word.text)
    return [" ".join(run) for run in runs if run]


def left_phrase(tok: Token) -> str:
    """The noun phrase of ``tok`` up to its head word (no relative clause, no "including")."""
    doc = tok.doc
    left = min([tok.i] + [t.i for t in tok.lefts for t in t.subtree]) if tok.n_lefts else tok.i
    return doc[left:tok.i + 1].text


def of_quantity(tok: Token, lex: Lexicon) -> Token:
    """"Thousands of protesters" -> "protesters"; "a gang of robbers" -> "robbers"."""
    if tok.lemma_.lower() in lex.words("quantities"):
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
            return next((c for c in prep.children if c.dep_ == "pobj"), tok)
    return tok


def target_token(tok: Token, gov: Token) -> Token | None:
    """The token of the phrase that names whom it was done to, or ``None``."""
    for head in (tok, gov):
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in {"on", "against", "at"}:
                child = next((c for c in child.children if c.dep_ == "pobj"), child)
            elif child.dep_ != "dobj" or child == tok:
                continue
            if child.dep_ in {"dobj", "pobj"} and child.ent_type_ not in {"DATE", "TIME"} \
                    and child.pos_ != "PRON" and any(c.isalpha() for c in child.text):
                return child  # not "on 23/12", a date the model did not see
    return None


def statement_object(tok: Token, lex: Lexicon) -> bool:
    """Whether a noun trigger is what a statement is about ("condemned the attacks").

    Such a mention tells a new event only when it names its own place ("condemned the
    strikes on Baghdad"); the caller decides.
    """
    head = tok.head
    if tok.pos_ != "NOUN" or tok.dep_ not in {"dobj", "conj"} or head.pos_ != "VERB":
        return False
    said = lex.action(head.lemma_, "VERB")
    return said is not None and not said.incident


def main_subject(sent: Span) -> Token | None:
    """The subject of the sentence's root verb, or ``None``."""
    return next((c for c in sent.root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
