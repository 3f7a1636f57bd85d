"""Metonymy: a place that stands for its government or armed force ("Washington said").

A place that is the grammatical subject of a speech or decision verb ("Washington and its
allies have intervened") or the possessor of a government or armed-force noun ("Iran's
strikes") is an actor rather than a location.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

__all__ = ["is_metonymic"]

# Verbs whose subject, when a country or capital, stands for its government.
_SPEECH_VERBS = frozenset(["say", "tell", "announce", "claim", "accuse", "deny", "warn", "decide", "agree", "intervene", "condemn", "vow", "insist", "respond", "urge", "demand", "reject", "threaten", "sanction", "impose", "confirm", "state", "declare", "argue", "call", "blame", "pledge", "promise", "refuse", "plan", "seek", "want", "hope", "believe", "expect", "approve", "order", "retaliate", "vote", "negotiate", "sign", "recognize", "recognise", "welcome", "criticize", "criticise", "protest", "denounce", "insist", "dismiss", "oppose", "support", "back", "push", "pressure", "ask", "propose", "offer", "allege", "acknowledge", "admit", "announce", "report"])
_IRREGULAR = {"said": "say", "says": "say", "told": "tell", "sought": "seek",
              "thought": "think", "held": "hold", "made": "make", "gave": "give"}
# Nouns whose possessor, when a place, is its government or armed force ("Iran's strikes").
_ACTOR_NOUNS = frozenset(["government", "regime", "military", "army", "navy", "forces", "troops", "strikes", "strike", "attack", "attacks", "missiles", "ministry", "officials", "leaders", "leader", "president", "ambassador", "envoy", "foreign", "defense", "defence", "parliament", "administration", "allies", "response", "retaliation", "decision"])


def _verb_base(token: Token) -> str:
    if token.lemma_ and token.lemma_ != token.text:
        return token.lemma_.lower()
    word = token.text.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""),
                         ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: len(word) - len(suffix)] + repl
            if stem in _SPEECH_VERBS or stem + "e" in _SPEECH_VERBS:
                return stem if stem in _SPEECH_VERBS else stem + "e"
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in _SPEECH_VERBS:
                return stem[:-1]
    return word


def is_metonymic(span: Span) -> bool:
    """Return whether ``span`` stands for an actor rather than a location.

    True when it is the subject (or a conjunct of the subject) of a speech or decision verb
    ("Washington said", "Washington and its allies have intervened") or the possessor of a
    government or armed-force noun ("Iran's strikes").
    """
    root = span.root
    subject = root
    if subject.dep_ == "conj" and subject.head.dep_ in {"nsubj", "nsubjpass"}:
        subject = subject.head
    if subject.dep_ == "nsubj" and subject.head.tag_[:2] in {"VB", "MD"}:
        return _verb_base(subject.head) in _SPEECH_VERBS
    if root.dep_ == "poss":
        return root.head.lower_ in _ACTOR_NOUNS
    return False
