"""Metonymy: a place that stands for its government or armed force ("Washington said").

A place that is the grammatical subject of a speech or decision verb ("Washington and its
allies have intervened") or the possessor of a government or armed-force noun ("Iran's
strikes") is an actor rather than a location.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

__all__ = ["is_metonymic"]

# Verbs whose subject, when a country or capital, stands for its government.
_SPEECH_VERBS = frozenset(["say", "tell", "announce", "claim", "accuse", "deny", "warn", "decide", "agree", "intervene", "condemn", "vow", "insist", "respond", "urge", "demand", "reject", "threaten", "sanction", "impose", "confirm", "state", "declare", "argue", "call", "blame", "pledge", "promise", "refuse", "plan", "seek", "want", "hope", "believe", "expect", "approve", "order", "retaliate", "vote", "negotiate", "sign", "recognize", "recognise", "welcome", "criticize", "criticise", "protest", "denounce", "insist", "dismiss", "oppose", "support", "back", "push", "pressure", "ask", "propose", "offer", "allege", "acknowledge", "admit", "announce", "report"])
_IRREGULAR = {"said": "say", "says": "say", "told": "tell", "sought": "seek",
              "thought": "think", "held": "hold", "made": "make", "gave": "give"}
# Nouns whose possessor, when a place, is its government or armed force ("Iran's strikes").
_ACTOR_NOUNS = frozenset(["government", "regime", "military", "army", "navy", "forces", "troops", "strikes", "strike", "attack", "attacks", "missiles", "ministry", "officials", "leaders", "leader", "president", "ambassador", "envoy", "foreign", "defense", "defence", "parliament", "administration", "allies", "response", "retaliation", "decision"])


# Words that may stand between a subject and its verb ("Iran has also denied", "Moscow on
# Monday said").
_BETWEEN = frozenset(["has", "have", "had", "will", "would", "could", "can", "may", "might",
                      "should", "must", "is", "was", "are", "were", "be", "been", "also",
                      "not", "n't", "never", "already", "again", "still", "repeatedly",
                      "quickly", "immediately", "later", "then", "now", "officially",
                      "publicly", "reportedly", "strongly", "formally", "firmly"])
# Words before a name that make it the object of a preposition or a possessor's noun, not a
# subject ("officials in Washington said", "the president of Iran said").
_NOT_SUBJECT = frozenset(["in", "of", "at", "from", "to", "near", "on", "by", "for", "with",
                          "into", "across", "outside", "inside", "toward", "towards",
                          "against", "over", "under", "between", "around", "through", "'s"])
# Words that may continue a subject past the name ("Washington and its allies, including
# the UK, have intervened"): a conjunction, then at most this many words before the verb.
_CONJUNCTIONS = frozenset(["and", "or"])
_CONJUNCT_WORDS = 12


def _verb_base(word: str) -> str:
    """The base form of a verb as written ("said" -> "say", "announces" -> "announce").

    >>> _verb_base("warned"), _verb_base("told"), _verb_base("denies")
    ('warn', 'tell', 'deny')
    """
    word = word.lower()
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


def _speaks(doc: Doc, i: int) -> bool:
    """Whether a speech or decision verb comes at ``i``, after auxiliaries and adverbs."""
    while i < len(doc) and doc[i].lower_ in _BETWEEN:
        i += 1
    return i < len(doc) and doc[i].is_lower and _verb_base(doc[i].text) in _SPEECH_VERBS


def _possesses_actor(doc: Doc, i: int) -> bool:
    """Whether ``doc[i]`` is a possessive ending followed (within two words) by a government
    or armed-force noun ("Iran's strikes", "Russia's foreign ministry")."""
    if i >= len(doc) or doc[i].lower_ not in {"'s", "'", "’s", "’"}:
        return False
    return any(t.lower_ in _ACTOR_NOUNS for t in doc[i + 1:i + 3])


def is_metonymic(span: Span) -> bool:
    """Return whether ``span`` stands for an actor rather than a location.

    True when it is the subject (or a conjunct of the subject) of a speech or decision verb
    ("Washington said", "Washington and its allies have intervened") or the possessor of a
    government or armed-force noun ("Iran's strikes"). Read from the words around the name,
    so a text needs no dependency parse.

    Examples
    --------
    >>> from geomap.nlp import load_nlp
    >>> doc = load_nlp().make_doc("Tehran warned that officials in Washington said so.")
    >>> is_metonymic(doc[0:1]), is_metonymic(doc[5:6])
    (True, False)
    """
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ in _NOT_SUBJECT:
        return False
    end = span.end
    if _possesses_actor(doc, end):
        return True
    if _speaks(doc, end):
        return True
    if end < len(doc) and doc[end].lower_ in _CONJUNCTIONS:
        for k in range(end + 2, min(end + _CONJUNCT_WORDS, len(doc))):
            if doc[k].is_sent_start or doc[k].text in {".", ";", ":"}:
                break
            if _speaks(doc, k):
                return True
    return False
