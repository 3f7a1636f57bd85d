"""Whether an event told in a sentence happened: not negated, modal, planned, threatened,
general, an accident, a legal proceeding, or what a statement blames someone for.

Examples
--------
>>> from geomap.nlp import load_nlp
>>> from geomap.events.lexicon import load_lexicon
>>> doc = load_nlp()("Gunmen did not attack the camp.")
>>> hypothetical(doc[3], doc[3], load_lexicon())
True
>>> doc = load_nlp()("No one has been detained in Lima, and nobody was hurt.")
>>> hypothetical(doc[4], doc[4], load_lexicon()), hypothetical(doc[11], doc[11], load_lexicon())
(True, True)
"""

from __future__ import annotations

from spacy.tokens import Token

from geomap.events.lexicon import Lexicon

__all__ = ["hypothetical"]

_MODALS = frozenset({"would", "will", "could", "might", "may", "should", "shall", "'ll"})
_NO_ONE = frozenset({"nobody", "none", "noone", "no-one"})
_TERMS = frozenset({"year", "month", "week", "day"})  # of a prison sentence


def hypothetical(tok: Token, gov: Token, lex: Lexicon) -> bool:
    """Whether the event is not told as having happened.

    Negated or modal ("did not shell", "would strike", "the non-arrest"), in doubt
    ("whether he murdered"), threatened, asked for, planned or expected ("warned of
    strikes", "planning rallies", "couldn't find a case to arrest", "more likely to be
    arrested", "was going to do a shooting"), a general statement ("rustling is common",
    "soldiers who have been wounded"), an accident ("hit by a car"), a legal proceeding
    about it ("charged with assault", "charges he assaulted", "gets 15 years for killing",
    "claims over a raid"), named only as what paused or is feared ("a lull in the
    fighting", "fears of attacks") or as a likeness ("it looked like an explosion"), what a
    statement blames someone for ("blamed militias for the attack"; "accused of attacking"
    still tells the attack), or asked about ("was it murder?").
    """
    intent, legal = lex.words("intent"), lex.words("legal")
    if tok.sent.text.rstrip(" \"'”’)").endswith("?"):
        return True  # "Do you think last summer's shooting was murder?": asked, not told
    if (tok.i >= 1 and tok.nbor(-1).lower_ == "non") or (
            tok.i >= 2 and tok.nbor(-1).text == "-" and tok.nbor(-2).lower_ == "non"):
        return True  # "the non-arrest of the killers", "the non arrest"
    head = tok.head
    if tok.dep_ in {"pobj", "pcomp"} and head.lower_ == "for" and any(
            t.lemma_.lower() in _TERMS and any(c.dep_ == "nummod" for c in t.children)
            for t in (head.head, *(c for c in head.head.children if c.dep_ == "dobj"))):
        return True  # "gets 15 years for killing", "15 years for the murder": a prison term
    if tok.dep_ == "pobj" and head.lower_ == "like":
        return True  # "it looked like an explosion", "attacks like the one in Nairobi": a likeness
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        if head.lower_ != "of" and head.head.pos_ == "VERB":
            said = lex.action(head.head.lemma_, "VERB")  # "blamed militias for the attack"
            if said is not None and not said.incident:
                return True
            # claims "over" an event are a lawsuit's; "claimed responsibility for" is not
            suits = legal | {"claim"} if head.lower_ == "over" else legal
            if any(c.dep_ == "dobj" and c.lemma_.lower() in suits for c in head.head.children):
                return True  # "dismissed the lawsuit over the raid", "all claims over a raid"
        head = head.head
    if head.i != tok.i and tok.dep_ != "acl" and (head.lemma_.lower() in lex.words("no_event_heads")
                                                  or head.lemma_.lower() in legal):
        return True  # "a film about murders", "the lawsuit over the raid"; but "suspects
        # arrested with explosives" tells the arrest

    named_of = head.children if tok.dep_ == "pobj" and tok.head.lower_ == "of" else ()
    listed = tok.head.children if tok.dep_ == "conj" else ()  # "no injuries or violence"
    # what it was done to: "no gun was found", "found no weapons", "no one has been detained"
    undergone = [c for c in tok.children if c.dep_ in {"nsubjpass", "dobj"}]
    if any(u.lower_ in _NO_ONE for u in undergone):
        return True  # "nobody was hurt"
    if any(c.dep_ == "det" and c.lower_ == "no"
           for c in (*tok.children, *named_of, *listed, *(w for u in undergone for w in u.children))):
        return True  # "no arrests were reported", "no mention of a shooting"
    subject = tok if tok.dep_ == "nsubj" else tok.head if tok.dep_ in {"acl", "compound"} else None
    if subject is not None and subject.dep_ == "nsubj" and subject.head.lemma_ == "be" and any(
            (c.dep_ == "acomp" and c.lemma_.lower() in lex.words("generic_predicates"))
            or (c.dep_ == "attr" and subject.i == tok.i
                and all(w.dep_ in {"appos", "punct"} for w in tok.children))
            for c in subject.head.children):
        return True  # "cattle rustling is common", "violence is a tool": a general statement
    if tok.dep_ == "relcl" and tok.head.tag_ == "NNS" and any(
            c.dep_ == "aux" and c.lower_ in {"have", "'ve"} for c in tok.children) and not any(
            c.dep_ == "nummod" or c.lower_ in {"the", "these", "those"}
            for c in tok.head.children):
        return True  # "soldiers who have been wounded in Iraq have ...": a kind of people
    # "hit by a truck and killed", "struck, killed by car"
    verbs = [tok, *tok.conjuncts, *(c for c in tok.children if c.dep_ == "advcl")]
    agents = [p for v in verbs for c in v.children if c.dep_ == "agent"
              for p in c.children if p.dep_ == "pobj"]
    if any(p.lemma_.lower() in lex.words("vehicles") for p in agents):
        return True  # "hit by a car": an accident
    node, below = gov, gov
    while True:
        for child in node.children:
            if child.dep_ == "neg" or (child.dep_ == "aux" and child.lower_ in _MODALS):
                return True
            if child.dep_ == "mark" and child.lower_ in {"whether", "if", "like"}:
                return True  # "a jury was to determine whether he murdered a boy", "it
                # looked like an explosion blew out the wall"
            if child.dep_ == "acomp" and child.lemma_.lower() in intent:
                return True  # "they are more likely to be injured, arrested ..."
        if node != tok and node.lower_ == "going" and any(c.dep_ == "xcomp" for c in node.children):
            return True  # "he was going to do a drive-by shooting"
        lemma = node.lemma_.lower()
        # what is planned, threatened or asked for; not who does it ("a rally in
        # Biratnagar warned against ...")
        aimed = node != tok and below.dep_ not in {"nsubj", "nsubjpass"}
        if aimed and (lemma in intent or lemma in legal):
            return True
        act = lex.action(node.lemma_, "VERB") if node.pos_ == "VERB" else None
        if aimed and act is not None and act.plover in {"threaten", "request"}:
            return True
        if node.dep_ == "ROOT" and node.tag_ == "VB" and not any(
                c.dep_ in {"nsubj", "nsubjpass", "aux"} for c in node.children):
            return True  # an imperative: "Go ahead, shoot me"
        if _aim(node, lex):
            return True  # "set the time to demolish it", "a warrant to arrest"
        if node.dep_ in {"relcl", "acl"}:  # "couldn't find a case to arrest anyone"
            aim = node.head.lemma_.lower() in intent and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
            if aim or node.head.lemma_.lower() in legal:
                return True  # "the potential to kill", "charges he assaulted a girl"
            verb = node.head.head
            return any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in _MODALS)
                       for c in verb.children) if node.head.dep_ in {"dobj", "pobj"} else False
        if node.head.i != node.i and any(
                c.lower_ == "like" and c.i < node.i
                and not any(g.dep_ == "pobj" for g in c.children) for c in node.head.children):
            return True  # "it looked like an explosion blew out the wall", however parsed
        if node.head.i == node.i or node.dep_ == "ccomp":
            return False
        node, below = node.head, node


def _aim(verb: Token, lex: Lexicon) -> bool:
    """Whether ``verb`` is a "to" infinitive that tells what a word of aims is for, not a
    deed: "a warrant to arrest", "plans to attack", "set the time to demolish it" (the
    parser may hang it on the verb of the aim). A protest is the protest ("called a
    strike to protest"); "the first to be arrested" and "took the opportunity to plant
    bombs" tell the deed."""
    if verb.dep_ not in {"advcl", "acl"} or not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    aims = lex.words("aims")
    head = verb.head
    if not (head.lemma_.lower() in aims if verb.dep_ == "acl" else any(
            c.dep_ == "dobj" and c.lemma_.lower() in aims for c in head.children)):
        return False
    act = lex.action(verb.lemma_, "VERB")
    return act is None or act.plover != "protest"
