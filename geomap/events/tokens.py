"""Tokenising news text for event reading: sentence starts at line breaks and datelines.

Headlines and datelines have no full stop; without these starts they run into the first
sentence. Text written in capitals (wire news) is true-cased first by the caller
(:func:`geomap.nlp.prepare_text`), keeping every offset.

Examples
--------
>>> from geomap.nlp import load_nlp
>>> doc = prepare_docs(load_nlp(), ["Gunmen kill 3\\nThree people died."])[0]
>>> [t.i for t in doc if t.is_sent_start]
[0, 4]
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from geomap.dateline import DATELINE

__all__ = ["prepare_docs"]


def prepare_docs(nlp: Language, texts: Iterable[str]) -> list[Doc]:
    """Tokenise ``texts`` with sentence starts at line breaks and after datelines.

    A bracket ("terrorists of the FMLN [Farabundo Marti ...] in San Miguel") never starts
    a sentence, nor does anything inside it.

    The returned (unparsed) docs go through ``nlp.pipe`` like texts.
    """
    docs = []
    for text in texts:
        doc = nlp.make_doc(text)
        starts = {m.end() for m in DATELINE.finditer(text)}
        depth = 0
        for k in range(1, len(doc)):
            prev = doc[k - 1]
            depth = max(0, depth + (prev.text == "[") - (prev.text == "]"))
            if doc[k].is_space:
                continue
            if "\n" in prev.text_with_ws or doc[k].idx in starts:
                doc[k].is_sent_start = True
            elif depth or doc[k].text == "[" or (prev.text == "]" and doc[k].is_lower):
                doc[k].is_sent_start = False  # "[FMLN] in San Miguel": one sentence
        docs.append(doc)
    return docs
