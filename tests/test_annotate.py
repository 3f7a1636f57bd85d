"""What the model reads of a text (geomap.annotate), and the engine that runs batches."""

from __future__ import annotations

import os

import pytest

from geomap.annotate import CONTEXT, annotate, inflected_forms
from geomap.engine import map_batches
from geomap.events.lexicon import load_lexicon
from geomap.events.tokens import event_cues, prepare_docs
from geomap.gazetteer import load_gazetteer
from geomap.geoparse import geoparse, read_texts
from geomap.geoparse.evidence import place_words
from geomap.geoparse.metonymy import is_metonymic
from geomap.nlp import load_nlp
from geomap.resources import Resources


def _doc(text: str):
    return load_nlp().make_doc(text)


def test_entities_only_around_the_words_asked_for():
    text = "Kenya is large. Mosul was shelled by troops in the night."
    doc = annotate(load_nlp(), [_doc(text)],
                   entities=lambda sent: [t.i for t in sent if t.text == "Mosul"])[0]
    assert [e.text for e in doc.ents] == ["Mosul"]  # "Kenya" was not read
    assert doc.text == text


def test_parse_only_where_asked():
    text = "It was cold. Nobody came. Rain fell. Troops shelled Mosul."
    doc = annotate(load_nlp(), [_doc(text)], entities=lambda sent: [],
                   parse=lambda sents: [k for k, s in enumerate(sents)
                                        if "shelled" in s.text or "fell" in s.text])[0]
    sents = list(doc.sents)
    assert [s.text for s in sents] == ["It was cold.", "Nobody came.", "Rain fell.",
                                       "Troops shelled Mosul."]
    assert {t.dep_ for t in sents[0]} <= {"ROOT", "dep"} and sents[0][1].lemma_ == ""
    assert sents[2][1].lemma_ == "fall"
    troops = sents[3][0]
    assert troops.dep_ == "nsubj" and troops.head.lemma_ == "shell"


def test_a_lower_case_word_after_a_full_stop_stays_in_the_sentence():
    doc = annotate(load_nlp(), [_doc("Missing Ill. man found in a lake. It rained.")],
                   entities=lambda sent: [])[0]
    assert [s.text for s in doc.sents] == ["Missing Ill. man found in a lake.", "It rained."]


def test_a_long_sentence_is_read_in_a_window_around_the_place():
    words = ["word"] * 40
    words[30] = "Mosul"
    doc = annotate(load_nlp(), [_doc(" ".join(words) + ".")], entities=lambda sent: [30])[0]
    assert [e.text for e in doc.ents] == ["Mosul"]
    assert CONTEXT < 30  # the window did not reach the start of the sentence


def test_inflected_forms_cover_rules_and_exceptions():
    forms = inflected_forms(load_nlp(), ["shoot", "attack", "flee"])
    assert {"shoots", "shot", "shooting", "attacked", "attacks", "fled"} <= forms


def test_place_words_pick_names_not_common_words():
    gazetteer = load_gazetteer()
    doc = annotate(load_nlp(), [_doc("But in March the City Council met. Officials in "
                                     "Gainesville said so.")], entities=lambda sent: [])[0]
    first, second = doc.sents
    assert place_words(first, gazetteer) == []
    assert [doc[i].text for i in place_words(second, gazetteer)] == ["Gainesville"]


def test_event_sentences_are_those_with_a_trigger_form():
    cues = event_cues(load_nlp(), load_lexicon())
    text = ("Gunmen shot two men. The set of the play was fine in March. Police came. "
            "They arrested him. Police left. Officers set fire to a car. ")
    filler = "The hall was full of music and of friends. " * 25  # a long report
    doc = prepare_docs(load_nlp(), [text + filler])[0]
    sents = list(annotate(load_nlp(), [doc], entities=lambda sent: [])[0].sents)[:7]
    assert [cues.tells(s) for s in sents] == [True, False, False, True, False, True, False]
    # "They" refers back: the subject of the sentence before is wanted
    assert sorted(cues.to_parse(sents)) == [0, 2, 3, 5]
    # a short report is parsed whole: its cues count across sentences
    short = annotate(load_nlp(), prepare_docs(load_nlp(), [text]), entities=lambda sent: [])[0]
    assert cues.to_parse(list(short.sents)) == set(range(6))


@pytest.mark.parametrize(("text", "name", "expected"), [
    ("Washington said it struck targets.", "Washington", True),
    ("Washington and its allies have intervened.", "Washington", True),
    ("Iran's strikes hit Syria.", "Iran", True),
    ("Officials in Washington said so.", "Washington", False),
    ("Troops left Basra on Monday.", "Basra", False),
])
def test_metonymy_read_from_the_words_around_a_name(text, name, expected):
    doc = _doc(text)
    start = next(t.i for t in doc if t.text == name)
    assert is_metonymic(doc[start:start + 1]) is expected


def test_geoparse_reads_no_parse_and_still_tells_actor_from_location():
    roles = {t.name: t.role for t in geoparse("Washington said it struck Houthi targets in Yemen.")}
    assert roles["Yemen"] == "location"
    assert not read_texts(["Troops left Basra."], Resources.load())[0].has_annotation("DEP")


def _double(items: list[int]) -> list[int]:
    return [2 * i for i in items]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores")
def test_map_batches_keeps_order_on_workers():
    items = list(range(50))
    assert list(map_batches(_double, items, workers=2, batch_size=7)) == [2 * i for i in items]
    assert list(map_batches(_double, items, workers=1, batch_size=7)) == [2 * i for i in items]
    assert list(map_batches(_double, [], workers=2, batch_size=7)) == []


def test_the_recogniser_reads_the_tokenizer_norms_and_the_full_stop():
    # "Kan." is read as Kansas only with the tokenizer's norm; "Ill." only with its full stop
    res = Resources.load()
    doc = read_texts(["Storm overturns rigs. SALINA, Kan. Strong winds toppled 13 trucks."],
                     res)[0]
    assert ("Kan.", "GPE") in [(e.text, e.label_) for e in doc.ents]
    doc = read_texts(["Missing Ill. man found in stolen car sunk in lake. He was 20."], res)[0]
    assert ("Ill.", "GPE") in [(e.text, e.label_) for e in doc.ents]
