"""Where an event happened: which of a sentence's resolved places is the event location.

A place is an event location of a trigger when its mention lies in the trigger's clause
(the trigger's subtree, or the subtree of the verb it is the object of) and it is
attached as a location: object of "in/at/on/near/across/off/..." (also through "the
outskirts of X"), direct object of a verb that acts on places ("shelled Kharkiv": the
lexicon's ``place_objects``; "stabbed Welch" names a person), subject of such a passive
trigger ("Kharkiv was shelled"), or a conjunct / apposition of one ("in Syria, Iraq, and
Pakistan" gives three). Never a location: a mention with ``role == "actor"`` (metonymy,
"Washington said"), a modifier ("US strikes", "Iran-backed", "Israel-Gaza war"), a
place inside the actor phrase, or the object of "from/by/with/against" (an origin or a
party, not a place), nor a name that modifies a noun after it ("over the Bay of Bengal
migrant crisis"). A possessive place holds the area it names ("in Rajshahi city's Bhadra
area" is in Rajshahi) unless the area is named as a place of its own ("Nairobi's Eastleigh
area"). When a country and a more precise place in it are both named, the precise place
wins; a place named only as the reference of a stated distance gives way to the place the
sentence names (:mod:`geomap.events.offsets`). "Of" locates only after a place word ("the
outskirts of X": the lexicon's ``place_heads``); a name before a place type word is that
place ("Al Asad airbase": ``type_heads``).

Examples
--------
>>> from geomap.nlp import load_nlp
>>> from geomap.events.lexicon import load_lexicon
>>> from geomap.places import Place, Toponym
>>> doc = load_nlp()("Russian forces shelled Kharkiv.")
>>> kharkiv = Place("gn:706483", "Kharkiv", 49.98, 36.25, "P", "PPLA", "UA")
>>> topo = Toponym(23, 30, "Kharkiv", kharkiv, 0.9)
>>> [t.name for t in event_locations(doc[3], doc[3], [topo], load_lexicon(), exclude=set())]
['Kharkiv']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from geomap.events.lexicon import Lexicon
from geomap.events.offsets import not_references
from geomap.places import Place, Precision, Toponym

__all__ = ["LOCATIVE_PREPS", "MODIFIER_DEPS", "doer_elsewhere", "doer_home", "event_locations",
           "held_area", "in_its_part", "locative_places", "most_precise", "toponym_root",
           "unknown_location"]

LOCATIVE_PREPS = frozenset({
    "in", "at", "on", "near", "across", "into", "inside", "outside", "off", "around", "along",
    "over", "throughout", "within", "toward", "towards", "onto", "upon", "through", "between",
    "beside", "opposite", "behind",
})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod", "nummod", "det"})


def toponym_root(sent: Span | Token, topo: Toponym, lex: Lexicon) -> Token | None:
    """Return the syntactic head of the toponym's mention, or ``None``.

    A name that modifies a place word is represented by that word ("Al Asad airbase").
    """
    span = _mention(sent.doc, topo)
    if span is None:
        return None
    root = span.root
    country = topo.place is not None and topo.place.precision == "country"
    while (not country and root.dep_ == "compound" and root.head.i > root.i
           and root.head.lemma_.lower() in lex.words("type_heads")):
        root = root.head
    return root


def _mention(doc: Doc, topo: Toponym) -> Span | None:
    """The words of a toponym's mention, or ``None`` if it covers none."""
    span = doc.char_span(topo.start, topo.end, alignment_mode="expand")
    return span if span is not None and len(span) else None


# Clauses of their own: a place inside one is where *that* verb happened
# ("clashed near Sake, forcing residents to flee towards Goma").
_CLAUSE_DEPS = frozenset({"advcl", "xcomp", "ccomp", "csubj", "parataxis"})


def _in_own_clause(root: Token, scope: Token, trigger: Token | None = None) -> bool:
    """Whether the place is in a clause of its own below ``scope``.

    A coordinated verb that shares the subject ("shot and injured 5 students in X") is the
    same event's clause; one with its own subject is not, nor is what a relative clause
    tells of a person ("killing an inmate who was from Cincinnati"; but "his house, which is
    located in Miramonte, was attacked", "an attack that took place in Kismayo").
    """
    tok = root
    while tok != scope and tok.head != tok:
        if tok.pos_ in {"VERB", "AUX"}:
            if tok.dep_ in _CLAUSE_DEPS:
                return True
            if tok.dep_ == "conj" and any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children):
                return True
            if tok.head not in (scope, trigger) and _relative_on_a_person(tok):
                return True
        tok = tok.head
    return False


def _relative_on_a_person(verb: Token) -> bool:
    """Whether ``verb`` heads a relative clause on a person ("an inmate who was from X")."""
    return verb.dep_ == "relcl" and any(
        c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ == "who" for c in verb.children)


def _told_of_a_person(root: Token) -> bool:
    """Whether the mention headed by ``root`` is in what a relative clause tells of a person."""
    return any(_relative_on_a_person(a) for a in root.ancestors)


def _head_of_list(root: Token) -> Token:
    """The first of a list or apposition the mention is in ("in Syria, Iraq, and Pakistan")."""
    tok = root
    while tok.dep_ in {"conj", "appos"} and tok.head != tok:
        tok = tok.head
    return tok


def _locative_object(tok: Token, lex: Lexicon) -> bool:
    """The object of "in/at/near/...", or of "of", "like" or "such as" after a place word ("the
    outskirts of X", "districts like X")."""
    if tok.dep_ != "pobj":
        return False
    prep = tok.head.lower_
    # "the outskirts of X"; "in districts like X", "towns such as X"
    return prep in LOCATIVE_PREPS or (
        prep in {"of", "like", "as"} and tok.head.head.lemma_.lower() in lex.words("place_heads"))


def _attached_as_location(root: Token, trigger: Token | None, lex: Lexicon) -> bool:
    """Whether the mention headed by ``root`` is written as a location: the object of
    "in/at/...", of a verb on places ("shelled Kharkiv"), or the passive subject of such a
    ``trigger`` ("Kharkiv was shelled"; without a trigger, no subject counts)."""
    tok = _head_of_list(root)
    dep = tok.dep_
    if dep == "pobj":
        return _locative_object(tok, lex)
    verb = tok.head.lemma_.lower()
    if dep == "dobj":  # "shelled Kharkiv"; but "stabbed Welch", "arrested Bell" name people
        return verb in lex.words("place_objects")
    if dep in {"nsubjpass", "nsubj"}:
        return (trigger is not None and tok.head == trigger and trigger.pos_ == "VERB"
                and dep == "nsubjpass" and verb in lex.words("place_objects"))
    return False


def _mention_root(sent: Span, topo: Toponym, lex: Lexicon) -> Token | None:
    """The head of a resolved mention that may be a location, or ``None``.

    An institution named after a place stands for its place ("outside the Punjab
    Assembly"); modifiers ("US strikes", "Iran-backed") never are locations.
    """
    if topo.place is None:
        return None
    root = toponym_root(sent, topo, lex)
    if topo.role == "actor":
        root = _institution_site(root, lex)
    elif root is not None and root.dep_ == "poss":
        root = held_area(root, lex)
    if root is None or root.dep_ in MODIFIER_DEPS or _names_a_kind(root, topo, lex):
        return None
    return root


def held_area(root: Token, lex: Lexicon) -> Token:
    """The area a possessive place holds ("in Rajshahi city's Bhadra Bhangripatti area"),
    which stands for the place unless the area has a name of its own among the chosen
    (:func:`_areas_named`)."""
    area = root.head
    word = area.lemma_.lower()
    return area if word in lex.words("place_heads") or word in lex.words("type_heads") else root


def _areas_named(chosen: list[tuple[Token, Toponym]]) -> list[Toponym]:
    """The chosen toponyms, less a possessive place whose area is named among them
    ("Nairobi's Eastleigh area": Eastleigh)."""
    def possessive(topo: Toponym) -> bool:
        span = _mention(chosen[0][0].doc, topo)
        return span is not None and span.root.dep_ == "poss"
    owned = [(root, topo, possessive(topo)) for root, topo in chosen]
    named = {root.i for root, _, held in owned if not held}
    return [topo for root, topo, held in owned if not held or root.i not in named]


def _names_a_kind(root: Token, topo: Toponym, lex: Lexicon) -> bool:
    """Whether the name headed by ``root`` ends as the modifier of a common noun after it,
    which the model did not see ("over the Bay of Bengal migrant crisis": a crisis)."""
    span = _mention(root.doc, topo)
    if span is None:
        return False
    last, head = span[-1], span[-1].head
    return root.i < last.i and last.dep_ in MODIFIER_DEPS and head.i > last.i \
        and head.pos_ == "NOUN" and head.lemma_.lower() not in lex.words("type_heads")


def event_locations(trigger: Token, scope: Token, toponyms: Sequence[Toponym], lex: Lexicon,
                    *, exclude: set[int]) -> list[Toponym]:
    """Return the toponyms that are where the event of ``trigger`` happened, in text order.

    Parameters
    ----------
    trigger : spacy.tokens.Token
        The trigger word ("strikes", "shelled").
    scope : spacy.tokens.Token
        The token whose subtree is the event's clause (the trigger, or the verb it is the
        object of).
    toponyms : sequence of Toponym
        The document's resolved toponyms.
    exclude : set of int
        Token indices never to take a location from (the actor phrase).
    """
    inside = {t.i for t in scope.subtree} - exclude
    chosen: list[tuple[Token, Toponym]] = []
    for topo in toponyms:
        root = _mention_root(scope.sent, topo, lex)
        if root is None or root.i not in inside or _in_own_clause(root, scope, trigger):
            continue
        if _attached_as_location(root, trigger, lex):
            chosen.append((root, topo))
    return most_precise(not_references(_areas_named(chosen), scope.doc.text))


def _institution_site(root: Token | None, lex: Lexicon) -> Token | None:
    """The head of an institution named after a place, when the text locates an event there.

    "in front of the Punjab Assembly", "at Allahabad Degree College", "at Maseno University"
    (a ``type_heads`` word that :func:`toponym_root` has already climbed to): the place name
    of an organisation is the event's place when the organisation's phrase is the object of
    a locative preposition, and so is a name the model ran into an organisation's ("held
    near Hisar at Mayyar Village"); a place read as an actor elsewhere ("Washington said")
    stays out.
    """
    if root is None:
        return None
    head = root
    # a name's first word may be parsed as an adjective ("Banteay Meanchey Provincial Hall"),
    # but a people's adjective is no institution's name ("Iraqi bases")
    while (head.dep_ in {"compound", "nmod", "poss"}
           or (head.dep_ == "amod" and head.ent_type_ != "NORP")) and head.head.i != head.i:
        head = head.head
    if head.dep_ != "pobj" or head.head.lower_ not in LOCATIVE_PREPS | {"of"}:
        return None
    if head is root and root.lemma_.lower() not in lex.words("type_heads") \
            and head.head.lower_ not in LOCATIVE_PREPS:
        return None  # "the governor of Punjab said"
    return head


def locative_places(sent: Span, toponyms: Sequence[Toponym], lex: Lexicon, *,
                    exclude: set[int]) -> list[Toponym]:
    """Return the sentence's places named as locations ("in/at/near X"), wherever they attach.

    For an event whose own clause names no place ("killed ... while herding in Samburu").
    Modifiers ("US military"), actors, the objects of "by/from/against" and what a relative
    clause tells of a person ("killing an inmate who was from Cincinnati") never count.
    """
    chosen = []
    for topo in toponyms:
        root = _mention_root(sent, topo, lex)
        if root is not None and root.i not in exclude and not _told_of_a_person(root) \
                and _locative_object(_head_of_list(root), lex):
            chosen.append((root, topo))
    return most_precise(not_references(_areas_named(chosen), sent.doc.text))


def in_its_part(sent: Span, tok: Token, toponyms: Sequence[Toponym]) -> list[Toponym]:
    """The toponyms of the part of ``sent`` between semicolons that holds ``tok``: a clause
    after a semicolon tells of its own place ("on the run from drug charges in Florida; he
    gunned down Greene").

    >>> from geomap.nlp import load_nlp
    >>> sent = next(load_nlp()("He fled charges in Florida; he shot a man.").sents)
    >>> in_its_part(sent, sent[7], [Toponym(19, 26, "Florida")])
    []
    """
    cuts = [t.idx for t in sent if t.text == ";"]
    first = max((c for c in cuts if c < tok.idx), default=-1)
    last = min((c for c in cuts if c > tok.idx), default=sent.end_char)
    return [t for t in toponyms if first < t.start < last]


def doer_elsewhere(actor: Token | None) -> set[int]:
    """The words of the doer's phrase except those that say where the doer is, which may
    place the event ("students at Maseno University", "factions of the League at Chittagong
    University"): a phrase of a preposition outside any clause of the doer's own, not what
    it did ("a commando trained in Nicaragua", "men who fled to Uganda").

    >>> from geomap.nlp import load_nlp
    >>> doc = load_nlp()("Traders in Gatundu Market who came from Thika protested.")
    >>> [doc[i].text for i in sorted(doer_elsewhere(doc[0]))]
    ['Traders', 'who', 'came', 'from', 'Thika']
    """
    if actor is None:
        return set()
    elsewhere = set()
    for t in actor.subtree:
        chain = _ancestors_below(t, actor)
        if not any(a.dep_ == "prep" for a in chain) or any(
                a.pos_ in {"VERB", "AUX"} or a.dep_ in _CLAUSE_DEPS | {"acl", "relcl"}
                for a in chain):
            elsewhere.add(t.i)
    return elsewhere


def doer_home(actor: Token | None, sent: Span, toponyms: Sequence[Toponym],
               lex: Lexicon) -> list[Toponym]:
    """The places people who did it are named after ("Kayole residents protested",
    "Allahabad University students blocked the road"): the doer is one of the lexicon's
    ``people`` and the place, or the institution named after it, modifies it.

    >>> from geomap.nlp import load_nlp
    >>> from geomap.events.lexicon import load_lexicon
    >>> doc = load_nlp()("Kisumu residents protested.")
    >>> kisumu = Place("gn:191245", "Kisumu", -0.1, 34.75, "P", "PPLA", "KE")
    >>> [t.name for t in doer_home(doc[1], doc[:], [Toponym(0, 6, "Kisumu", kisumu)], load_lexicon())]
    ['Kisumu']
    """
    people = lex.words("people")
    if actor is None or (actor.lemma_.lower() not in people
                         and actor.lower_.removesuffix("s") not in people):  # "Students"
        return []
    found = []
    for topo in toponyms:
        root = toponym_root(sent, topo, lex) if topo.place is not None else None
        if root is not None and root.head.i == actor.i and root.dep_ in {"compound", "nmod", "amod"}:
            found.append(topo)
    return most_precise(found)


def _ancestors_below(tok: Token, top: Token) -> list[Token]:
    """``tok`` and its heads up to ``top`` (itself left out)."""
    chain = []
    while tok.i != top.i and tok.head.i != tok.i:
        chain.append(tok)
        tok = tok.head
    return chain


def unknown_location(sent: Span, toponyms: Sequence[Toponym], lex: Lexicon, *,
                     exclude: set[int]) -> Toponym | None:
    """The first name of the sentence the gazetteer lacks that is written as a location ("a
    thief was lynched in Chemelil", "raided Ubae village", "from Kapedo"), or ``None``: a
    person's name the model took for a place ("Nino Burjanadze") is no such object."""
    for topo in toponyms:
        if topo.place is not None or topo.role != "location":
            continue
        root = toponym_root(sent, topo, lex)
        if root is None or root.i in exclude:
            continue
        while root.dep_ == "compound" and root.head.i > root.i:  # "Yakka Gund tehsil"
            root = root.head
        listed = _head_of_list(root)
        if _attached_as_location(root, None, lex) \
                or (listed.dep_ == "pobj" and listed.head.lower_ == "from"):
            return topo
    return None


def most_precise(topos: Iterable[Toponym]) -> list[Toponym]:
    """Drop repeats and any country (or division) that a more precise chosen place lies in."""
    unique: dict[str, tuple[Toponym, Place]] = {}
    for t in topos:
        if t.place is not None:
            unique.setdefault(t.place.id, (t, t.place))
    kept = []
    for topo, place in unique.values():
        finer = place.precision in {"country", "admin1"} and place.country_code and any(
            other.country_code == place.country_code
            and Precision(other.precision).rank < Precision(place.precision).rank
            for _, other in unique.values())
        if not finer:
            kept.append(topo)
    return kept
