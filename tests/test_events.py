"""Incident extraction on hand-made toponyms: the logic without the gazetteer or geoparser."""

from __future__ import annotations

import datetime as dt

import pytest

from geomap.events import incidents_of_doc, load_lexicon, load_registry, prepare_docs, resolve_date
from geomap.nlp import load_nlp
from geomap.places import Place, Toponym

PLACES = {
    "Kharkiv": Place("gn:706483", "Kharkiv", 49.98, 36.25, "P", "PPLA", "UA", geonameid=706483),
    "Iraq": Place("gn:99237", "Iraq", 33.0, 44.0, "A", "PCLI", "IQ", geonameid=99237),
    "US": Place("gn:6252001", "United States", 39.76, -98.5, "A", "PCLI", "US", geonameid=6252001),
    "Syria": Place("gn:163843", "Syria", 35.0, 38.0, "A", "PCLI", "SY", geonameid=163843),
    "Pakistan": Place("gn:1168579", "Pakistan", 30.0, 70.0, "A", "PCLI", "PK", geonameid=1168579),
    "Baghdad": Place("gn:98182", "Baghdad", 33.34, 44.40, "P", "PPLC", "IQ", geonameid=98182),
    "Mosul": Place("gn:99072", "Mosul", 36.34, 43.13, "P", "PPLA", "IQ", geonameid=99072),
    "Red Sea": Place("sup:red_sea", "Red Sea", 22.0, 38.0, "H", "SEA"),
    "Washington": Place("gn:4140963", "Washington", 38.9, -77.04, "P", "PPLC", "US",
                        geonameid=4140963),
    "Beirut": Place("gn:276781", "Beirut", 33.89, 35.50, "P", "PPLC", "LB", geonameid=276781),
}


def run(text: str, *names: str, actors: tuple[str, ...] = (), reference: dt.date | None = None):
    """Extract incidents of ``text`` with the toponyms ``names`` (``actors``: metonymic ones)."""
    toponyms = []
    for name in names + actors:
        start = 0
        while (start := text.find(name, start)) >= 0:
            toponyms.append(Toponym(start, start + len(name), name, PLACES[name], 0.9,
                                    role="actor" if name in actors else "location"))
            start += len(name)
    toponyms.sort(key=lambda t: t.start)
    nlp = load_nlp()
    doc = nlp(prepare_docs(nlp, [text])[0])
    return incidents_of_doc(doc, toponyms, doc_id="t", reference=reference, gaz=None,
                            lexicon=load_lexicon(), registry=load_registry())


def test_lexicon_types_modes_and_statements():
    lex = load_lexicon()
    assert lex.action("strike", "NOUN").plover == "assault"
    assert lex.action("kidnap", "VERB").plover == "coerce"
    assert lex.action("protest", "NOUN").acled_event_type == "Protests"
    assert lex.action("condemn", "VERB").incident is False
    assert lex.mode("rockets").mode == "missile/heavy-weapons"
    assert lex.lemma_of_form("Strikes") == "strike"


@pytest.mark.parametrize("phrase", ["US", "the United States", "Washington", "US forces",
                                    "the US military", "CentCom", "US Navy"])
def test_registry_united_states_family(phrase):
    actor = load_registry().resolve(phrase)
    assert (actor.name, actor.country) == ("United States", "USA")


def test_registry_backers_and_unknown_actors():
    reg = load_registry()
    houthis = reg.resolve("the Iran-backed rebel group controlling western Yemen")
    assert (houthis.name, houthis.backer) == ("Houthis", "IRN")
    assert reg.resolve("Houthi").name == "Houthis"
    militia = reg.resolve("Iran-backed militia")
    assert (militia.name, militia.type, militia.backer) == ("Iran-backed militia", "militia", "IRN")
    assert reg.resolve("the Iranian military").name == "Iran"
    assert reg.resolve("Hamas fighters").name == "Hamas"
    unknown = reg.resolve("Wagner commanders")
    assert (unknown.name, unknown.known) == ("Wagner commanders", False)


@pytest.mark.parametrize("phrase", ["ELN guerrillas", "the National Liberation Army", "the ELN"])
def test_a_group_known_by_an_acronym_is_named_acronym_first(phrase):
    assert load_registry().resolve(phrase).name == "ELN: National Liberation Army"


def test_dates_relative_to_the_article():
    ref = dt.date(2024, 1, 25)  # a Thursday
    assert resolve_date("on Tuesday", ref) == "2024-01-23"
    assert resolve_date("yesterday", ref) == "2024-01-24"
    assert resolve_date("three days ago", ref) == "2024-01-22"
    assert resolve_date("in October", ref) == "2023-10"
    assert resolve_date("December 30", ref) == "2023-12-30"
    assert resolve_date("on Tuesday", None) == ""
    assert resolve_date("January 3, 2022", None) == "2022-01-03"


def test_verb_trigger_actor_object_place_date():
    [inc] = run("Russian forces shelled Kharkiv on Tuesday.", "Kharkiv",
                reference=dt.date(2024, 3, 7))
    assert (inc.actor, inc.actor_country, inc.action) == ("Russia", "RUS", "assault")
    assert inc.action_mode == "missile/heavy-weapons"
    assert (inc.place_name, inc.precision, inc.country, inc.date) == ("Kharkiv", "point", "UKR",
                                                                      "2024-03-05")


def test_event_happens_at_the_target_not_at_the_actors_home():
    found = run("US forces conducted strikes on militia targets in Iraq.", "US", "Iraq")
    assert [(i.actor, i.place_name) for i in found] == [("United States", "Iraq")]


def test_one_incident_per_coordinated_place():
    found = run("The Iranian military carried out missile strikes on targets in Syria, Iraq, "
                "and Pakistan over the past week.", "Syria", "Iraq", "Pakistan",
                reference=dt.date(2024, 1, 20))
    assert [i.place_name for i in found] == ["Syria", "Iraq", "Pakistan"]
    assert {(i.actor, i.action_mode, i.date) for i in found} == {
        ("Iran", "missile/heavy-weapons", "2024-01-20")}


def test_water_place_and_possessive_actor():
    [inc] = run("Houthi missile attacks on shipping in the Red Sea continued.", "Red Sea")
    assert (inc.actor, inc.precision, inc.action_mode) == ("Houthis", "water",
                                                          "missile/heavy-weapons")


def test_metonymic_place_is_never_a_location():
    assert run("Washington condemned the attacks.", actors=("Washington",)) == []
    found = run("Washington said its forces struck a radar site in Iraq.", "Iraq",
                actors=("Washington",))
    assert [(i.actor, i.place_name) for i in found] == [("United States", "Iraq")]


def test_statement_speaker_is_not_the_attacker():
    [inc] = run("Iraq condemned the strikes on Baghdad.", "Iraq", "Baghdad")
    assert (inc.actor, inc.place_name) == ("", "Baghdad")


def test_no_usable_place_no_incident():
    assert run("Rebels attacked a convoy and kidnapped two engineers.") == []


def test_threats_and_negations_are_not_incidents():
    assert run("Israel warned it would strike Beirut.", "Beirut") == []
    assert run("The army did not shell Mosul.", "Mosul") == []


def test_pronoun_takes_the_previous_subject_with_lower_confidence():
    found = run("The Houthis have threatened shipping for months. They fired missiles at a tanker in "
                "the Red Sea.", "Red Sea")
    assert [(i.actor, i.action_mode) for i in found] == [("Houthis", "missile/heavy-weapons")]
    direct = run("The Houthis fired missiles at a tanker in the Red Sea.", "Red Sea")
    assert found[0].confidence < direct[0].confidence


def test_location_inherited_only_when_the_text_says_so():
    found = run("Gunmen attacked a checkpoint in Mosul on Monday. Clashes continued there "
                "overnight. Later, gunmen ambushed a patrol.", "Mosul")
    # "there" carries Mosul over; the last event names no place and is placed at the short
    # report's first place, with the lowest confidence.
    assert [i.place_name for i in found] == ["Mosul", "Mosul", "Mosul"]
    assert found[2].confidence < found[1].confidence < found[0].confidence


def test_long_report_does_not_place_an_unplaced_event():
    text = ("Gunmen attacked a checkpoint in Mosul on Monday. " + "Officials met on Tuesday to discuss the budget. " * 25
            + "Later, gunmen ambushed a patrol.")
    assert [i.place_name for i in run(text, "Mosul")] == ["Mosul"]


def test_headline_repeating_the_body_gives_one_incident():
    found = run("US Strikes Militia Facilities in Iraq\n\nThe United States conducted strikes on "
                "militia facilities in Iraq on Friday.", "Iraq", reference=dt.date(2024, 2, 3))
    assert [(i.actor, i.place_name, i.date) for i in found] == [
        ("United States", "Iraq", "2024-02-02")]


def test_protesters_are_named_as_such():
    found = run("Thousands of demonstrators rallied in Mosul against power cuts.", "Mosul")
    assert [(i.actor, i.actor_country, i.action) for i in found] == [
        ("Protesters (Iraq)", "IRQ", "protest")]


def test_the_object_of_a_verb_on_people_is_a_person_not_a_place():
    # "stabbed Washington": a man named like a place; "shelled Kharkiv" stays a place
    assert run("A man stabbed Washington outside the bar.", "Washington") == []
    assert [i.place_name for i in run("Russian forces shelled Kharkiv.", "Kharkiv")] == ["Kharkiv"]


def test_no_arrests_are_no_incident():
    assert run("No arrests were reported in Mosul.", "Mosul") == []
