"""Who did it and to whom: the actor and target phrases of a trigger, as actors.

:func:`resolve_actor` reads the phrase that :func:`geomap.events.syntax.actor_token` found
("thousands of protesters" -> the protesters; "they" -> the previous sentence's subject, or
the speaker of "X said it had ..."; "members of al Shabaab" -> Al-Shabaab; "Israeli
warplanes" -> Israel; never a date, a number or a bare weapon) and normalises it through the
actor registry (:mod:`geomap.events.actors`). :func:`resolve_target` does the same for the
target, or finds a known party named inside the target phrase.

Examples
--------
>>> from geomap.nlp import load_nlp
>>> from geomap.events.actors import load_registry
>>> from geomap.events.lexicon import load_lexicon
>>> from geomap.events.discourse import State
>>> doc = load_nlp()("Suspected al Shabaab attackers detonated a bomb.")
>>> resolve_actor(doc[3], load_registry(), None, load_lexicon(), State())[0].name
'Al-Shabaab'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from geomap.events.actors import STATE_TYPES, Actor, ActorRegistry
from geomap.events.discourse import State
from geomap.events.lexicon import Lexicon
from geomap.events.syntax import left_phrase, main_subject, of_quantity
from geomap.events.tokens import PRONOUNS

if TYPE_CHECKING:
    from geomap.gazetteer import GazetteerIndex

__all__ = ["resolve_actor", "resolve_target"]



def resolve_actor(tok: Token, reg: ActorRegistry, gaz: GazetteerIndex | None, lex: Lexicon,
                   state: State) -> tuple[Actor | None, bool]:
    """The actor a phrase names, and whether it was taken from an earlier sentence.

    Never a date, a number, a pronoun without antecedent or a weapon ("an al Shabaab IED
    detonated" names al Shabaab, "the bomb exploded" nobody).
    """
    tok = _first_party(of_quantity(tok, lex))
    phrase = left_phrase(tok)
    words = phrase.lower().split()
    if tok.lower_ in PRONOUNS or (len(words) <= 2 and words[0] in {"the", "this"}
                                   and words[-1] in lex.words("anaphors")):
        speaker = _speaker(tok)  # "The Islamic Resistance said it had launched drones"
        if speaker is not None:
            return reg.resolve(left_phrase(speaker), gaz), False
        earlier = state.in_sentence or state.subject
        return earlier, earlier is not None
    if tok.ent_type_ in {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT"} or tok.pos_ == "PRON":
        return None, False
    subtree = _own_words(tok)
    whole = tok.doc[subtree[0].i:subtree[-1].i + 1].text if len(subtree) <= 15 else phrase
    if lex.mode(tok.lemma_) or lex.mode(tok.text):  # "Israeli warplanes": Israel's
        named = reg.find_named(whole)
        if named is None:
            owners = [t for t in tok.lefts if t.dep_ in {"amod", "compound", "poss", "nmod"}
                      and (t.pos_ == "PROPN" or t.ent_type_ in {"NORP", "GPE", "ORG"})]
            found = reg.resolve(" ".join(t.text for t in owners), gaz) if owners else None
            named = found if found is not None and found.known and found.country else None
        return named, False
    if words[0] in {"its", "their"} and reg.head_type(phrase):
        # "US Central Command said its forces ...": the speaker's; "their vehicle" is no actor
        owner = main_subject(tok.sent)
        if owner is not None and owner != tok and owner.pos_ != "PRON":
            found = reg.resolve(left_phrase(owner), gaz)
            if found.known:
                return found, True
    after = tok.doc[tok.i + 1:subtree[-1].i + 1].text  # "searching for al Shabaab fighters"
    if len(subtree) <= 12 and reg.lookup(whole) not in {None, reg.lookup(after)}:
        return reg.resolve(whole, gaz), False  # a name with its modifiers, not one after it
    found = reg.resolve(phrase, gaz)
    if not found.country and found.type not in STATE_TYPES:
        # "gunmen suspected to be members of Al-Shabaab": the group; not the al Shabaab of
        # "security officers searching for al Shabaab"
        named = reg.find_named(whole)
        if named is not None:
            return named, False
    return (found if found.known else None), False


def _first_party(tok: Token) -> Token:
    """The first of two named sides told before one head: "MNDAA and Myanmar army troops
    clashed" -> MNDAA (the parser hangs both names on "troops")."""
    for left in tok.lefts:
        if left.pos_ == "PROPN" and any(c.dep_ == "cc" for c in left.children):
            return left
    return tok


def _own_words(tok: Token) -> list[Token]:
    """The words of ``tok``'s phrase up to its first "and": "police and al Shabaab militants"
    is the police."""
    end = next((c.i for c in tok.rights if c.dep_ in {"cc", "conj"}), None)
    return [t for t in tok.subtree if end is None or t.i < end]


def _speaker(pronoun: Token) -> Token | None:
    """The subject of the speech verb whose clause holds ``pronoun`` ("X said it had ...")."""
    verb = pronoun.head
    if pronoun.dep_ != "nsubj" or verb.dep_ != "ccomp":
        return None
    subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    return subject if subject is not None and subject.pos_ != "PRON" else None


def resolve_target(tok: Token | None, reg: ActorRegistry, gaz: GazetteerIndex | None,
                   lex: Lexicon | None = None) -> Actor | None:
    """The party a target phrase names: a known actor, a country's people ("Salvadoran
    reporters": civilians of El Salvador, not its army), or the phrase as written: a
    civilian (``lex``'s ``captives``) of a party ("an employee of the brigade", "the wife of
    a policeman") is that person, not the party."""
    if tok is None:
        return None
    subtree = list(tok.subtree)
    whole = reg.lookup(tok.doc[subtree[0].i:subtree[-1].i + 1].text) if len(subtree) <= 12 else None
    if whole is not None:
        return whole
    phrase = left_phrase(tok)
    first = reg.resolve(phrase, gaz)
    if first.known and first.type == "state military" and tok.pos_ == "NOUN" \
            and reg.lookup(phrase) is None and not reg.head_type(phrase):
        # "a Kenyan border town", "Salvadoran reporters": the country's people, not its army
        return Actor(first.name, first.country, "civilians", first.backer)
    if first.known or (lex is not None and tok.lemma_.lower() in lex.words("captives")):
        return first
    # A known party named inside the target phrase ("facilities used by Iran-backed militia");
    # places there are the event location, not the target, so no gazetteer here.
    for chunk in tok.doc[subtree[0].i:subtree[-1].i + 1].noun_chunks:
        if chunk.root == tok:
            continue
        found = reg.resolve(chunk.text)
        if found.known and found.name != first.name:
            return found
    return first
