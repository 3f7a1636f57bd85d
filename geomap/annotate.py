"""What the model reads of a text: entities where a place may be named, the parse where an
event may be told.

spaCy's components take nearly all of geomap's time, and most sentences of the news need
few of them. :func:`annotate` splits a tokenised text into sentences with spaCy's
rule-based sentencizer (keeping any sentence starts the caller set, such as line breaks and
datelines), then runs

- the entity recogniser only on the words the caller says may name a place, with
  :data:`CONTEXT` words on each side (the geoparser:
  :func:`geomap.geoparse.evidence.place_words`);
- the tagger, parser, attribute ruler and lemmatizer only on the sentences the caller says
  are worth it (``extract``: those that may tell an event,
  :meth:`geomap.events.tokens.EventCues.to_parse`).

Each component reads a compact copy of the document, made of the pieces it is to read
(each opening a sentence there, with the tokenizer's norms); what it finds is written back
into the whole document, so callers read one ``Doc`` as before. A sentence that is not
parsed gets a flat tree (every word depends, as ``dep``, on the sentence's first word) and
no tags or lemmas; words far from any possible place have no entities.

Examples
--------
>>> from geomap.nlp import load_nlp
>>> nlp = load_nlp()
>>> doc = nlp.make_doc("It rained. It stopped. Troops shelled Mosul.")
>>> doc = annotate(nlp, [doc], entities=lambda sent: [t.i for t in sent if t.text == "Mosul"],
...                parse=lambda sents: [k for k, s in enumerate(sents) if "shelled" in s.text])[0]
>>> [e.text for e in doc.ents], doc[6].dep_, doc[1].dep_
(['Mosul'], 'nsubj', 'dep')
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable, Sequence

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span

__all__ = ["CONTEXT", "PARSE_COMPONENTS", "annotate", "inflected_forms", "lemma_index"]

#: The components that parse a sentence, in the order the model runs them.
PARSE_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
_PARSE_ATTRS = [TAG, POS, MORPH, LEMMA, HEAD, DEP]
_BATCH = 64  # documents per model batch
#: Words on each side of a possible place that the entity recogniser reads: its features
#: see four words each way, so a name's label hardly depends on words farther off (on LGL
#: and GeoVirus, 5, 8 and whole sentences gave F1 within 0.005 of each other).
CONTEXT = 5
_SNAP = 4  # a window this close to its sentence's start or end runs to it


@functools.lru_cache(maxsize=1)
def _sentencizer() -> Sentencizer:
    return Sentencizer(overwrite=False)


def _split(doc: Doc) -> None:
    """Sentence starts by punctuation, keeping the caller's; a word in lower case after a
    full stop on the same line goes on the sentence ("Missing Ill. man found"), and a
    capitalised word that opens sentences after an abbreviation's full stop starts one
    ("drove him to Monroeville, Ala. An alert was issued"; not "Ms. Odell").

    >>> from geomap.nlp import load_nlp
    >>> doc = load_nlp().make_doc("He fled to Monroeville, Ala. An alert went out to Ms. Odell.")
    >>> _split(doc)
    >>> [t.text for t in doc if t.is_sent_start]
    ['He', 'An']
    """
    _sentencizer()(doc)
    for k in range(1, len(doc)):
        tok, prev = doc[k], doc[k - 1]
        if tok.is_sent_start and tok.is_lower and "\n" not in prev.text_with_ws:
            tok.is_sent_start = False
        elif len(prev) > 1 and prev.text.endswith(".") and tok.is_title \
                and tok.lower_ in _OPENERS:
            tok.is_sent_start = True


# Words that open sentences and never follow a title ("Mr.", "Gov.") as a name would.
_OPENERS = frozenset({"the", "a", "an", "he", "she", "it", "they", "we", "his", "her",
                      "their", "its", "this", "these", "those", "there", "but", "in", "on",
                      "at", "after", "when", "as", "while"})


def inflected_forms(nlp: Language, lemmas: Iterable[str]) -> frozenset[str]:
    """Every lower-case word the model's lemmatizer may read as one of ``lemmas``.

    The inverse of its rules ("attack" -> "attacks", "attacked", "attacking") and of its
    exceptions ("shoot" -> "shot"), for nouns, verbs and adjectives; a model without a rule
    lemmatizer gives the lemmas alone.

    >>> from geomap.nlp import load_nlp
    >>> sorted(inflected_forms(load_nlp(), ["shoot"]))[:4]
    ['shoot', 'shooted', 'shooter', 'shootes']
    """
    wanted = {lemma.lower() for lemma in lemmas}
    forms = set(wanted)
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset(forms)
    lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    rules, exceptions = lookups.get_table("lemma_rules"), lookups.get_table("lemma_exc")
    for pos in ("noun", "verb", "adj"):
        for old, new in rules.get(pos, []):
            forms.update(lemma[:len(lemma) - len(new)] + old for lemma in wanted
                         if lemma.endswith(new))
        forms.update(form for form, bases in exceptions.get(pos, {}).items()
                     if wanted.intersection(bases))
    return frozenset(forms)


@functools.lru_cache(maxsize=8)
def lemma_index(nlp: Language, pos: str) -> frozenset[str]:
    """The base forms the model's lemmatizer knows as ``pos`` ("noun", "verb", "adj"); empty
    for a model without a rule lemmatizer.

    >>> from geomap.nlp import load_nlp
    >>> "woman" in lemma_index(load_nlp(), "noun"), "said" in lemma_index(load_nlp(), "verb")
    (True, False)
    """
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    return frozenset(lookups.get_table("lemma_index").get(pos, ()))


def _windows(sent: Span, words: list[int]) -> list[Span]:
    """The pieces of ``sent`` within :data:`CONTEXT` words of any of ``words``, merged, and
    run to the sentence's start or end when that is a few words off."""
    pieces: list[Span] = []
    doc = sent.doc
    for i in words:
        start, end = max(sent.start, i - CONTEXT), min(sent.end, i + CONTEXT + 1)
        if start - sent.start <= _SNAP:
            start = sent.start
        if sent.end - end <= _SNAP:
            end = sent.end  # the full stop counts: "Missing Ill. man found" is no place without
        if pieces and start <= pieces[-1].end:
            pieces[-1] = doc[pieces[-1].start:end]
        else:
            pieces.append(doc[start:end])
    return pieces


def _compact(doc: Doc, spans: list[Span]) -> Doc:
    """A new doc of the words of ``spans`` only, each span one sentence: the parser splits
    none ("W. Phila. shooting")."""
    words = [t for span in spans for t in span]
    starts: list[bool | int | None] = [k == 0 for span in spans for k in range(len(span))]
    compact = Doc(doc.vocab, words=[t.text for t in words],
                  spaces=[bool(t.whitespace_) for t in words], sent_starts=starts)
    for copy, token in zip(compact, words, strict=True):
        if token.norm != token.lower:  # the tokenizer's norms ("Kan." -> "kansas"): the
            copy.norm_ = token.norm_   # recogniser reads them
    return compact


def _run(nlp: Language, names: Sequence[str], docs: list[Doc]) -> list[Doc]:
    """``docs`` after the components ``names`` of ``nlp`` read them."""
    read: Iterable[Doc] = docs
    for name in names:
        read = nlp.get_pipe(name).pipe(read, batch_size=_BATCH)  # type: ignore[attr-defined]
    return list(read)


def _positions(spans: list[Span]) -> list[int]:
    """The token index in the whole doc of each word of the compact doc of ``spans``."""
    return [i for span in spans for i in range(span.start, span.end)]


def _write_entities(doc: Doc, spans: list[Span], read: Doc) -> None:
    """Write the entities back; one that runs across two pieces (not next to each other in
    the whole doc) is dropped."""
    at = _positions(spans)
    doc.set_ents([Span(doc, at[e.start], at[e.end - 1] + 1, label=e.label) for e in read.ents
                  if at[e.end - 1] - at[e.start] == e.end - 1 - e.start], default="outside")


def _write_parse(doc: Doc, spans: list[Span], read: Doc) -> None:
    """Write the parsed words back; every other sentence becomes a flat tree."""
    rows = numpy.zeros((len(doc), len(_PARSE_ATTRS)), dtype="int64")
    head, dep = _PARSE_ATTRS.index(HEAD), _PARSE_ATTRS.index(DEP)
    flat, root = doc.vocab.strings.add("dep"), doc.vocab.strings.add("ROOT")
    for sent in doc.sents:
        rows[sent.start:sent.end, head] = numpy.arange(0, -len(sent), -1)
        rows[sent.start:sent.end, dep] = flat
        rows[sent.start, dep] = root
    if spans:  # relative heads stay within a sentence, so they hold in the whole doc
        rows[_positions(spans)] = read.to_array(_PARSE_ATTRS).astype("int64")
    doc.from_array(_PARSE_ATTRS, rows.astype("uint64"))  # type: ignore[arg-type]


def annotate(nlp: Language, docs: Sequence[Doc], *, entities: Callable[[Span], list[int]],
             parse: Callable[[list[Span]], Collection[int]] | None = None) -> Sequence[Doc]:
    """Annotate tokenised ``docs`` in place (see the module) and return them.

    Parameters
    ----------
    nlp : Language
        The model: its ``ner`` and, with ``parse``, its parse components.
    docs : sequence of Doc
        From ``nlp.make_doc``, with any sentence starts the caller wants kept.
    entities : callable
        The words of a sentence that may name a place: the entity recogniser reads them
        with :data:`CONTEXT` words on each side.
    parse : callable, optional
        Which of a document's sentences are worth parsing (their indices; they then get
        entities throughout too); ``None``: no parse at all.
    """
    entity_spans: list[list[Span]] = []
    parse_spans: list[list[Span]] = []
    for doc in docs:
        _split(doc)
        sents = list(doc.sents)
        wanted = set(parse(sents)) if parse is not None else set()
        parse_spans.append([s for k, s in enumerate(sents) if k in wanted])
        entity_spans.append([piece for k, s in enumerate(sents)
                             for piece in ([s] if k in wanted else _windows(s, entities(s)))])
    ner = [name for name in ("ner",) if name in nlp.pipe_names]
    _annotate_with(nlp, ner, docs, entity_spans, _write_entities)
    if parse is not None:
        components = [name for name in PARSE_COMPONENTS if name in nlp.pipe_names]
        _annotate_with(nlp, components, docs, parse_spans, _write_parse)
    return docs


def _annotate_with(nlp: Language, names: Sequence[str], docs: Sequence[Doc],
                   spans: list[list[Span]],
                   write: Callable[[Doc, list[Span], Doc], None]) -> None:
    read = _run(nlp, names, [_compact(doc, per_doc) for doc, per_doc in zip(docs, spans)])
    for doc, per_doc, copy in zip(docs, spans, read, strict=True):
        write(doc, per_doc, copy)
