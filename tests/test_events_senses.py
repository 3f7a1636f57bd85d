"""Senses of event words written here, seen on real reports and on ordinary news: what is an
incident and what is not."""

from __future__ import annotations

import pytest

from geomap.pipeline import extract_incidents


@pytest.mark.parametrize("text", [
    "Hundreds of students took out a candle-light procession against the fee rise in Allahabad.",
    "Around 40 students rallied outside a military court in Bangkok.",
    "Citizens in Yangon gathered on the city streets to show their support for the talks.",
    "Activists forced shops in Larkana to observe a shutter down strike.",
    "Around 100,000 people formed a 142 km human chain in Baglung.",
    "The front organised a 1,500 meter chain in Kathmandu on Saturday.",
    "About 100 villagers converged on the National Assembly in Phnom Penh to ask for help.",
    "In Saptari district, party supporters forcefully shut down the shops on Thursday.",
    "Workers staged a picketing in Ratnapura on Friday against the police chief.",
])
def test_a_protest_told_in_other_words_is_a_protest(text: str) -> None:
    found = extract_incidents(text, date="2015-08-20")
    assert found["acled_event_type"].tolist() == ["Protests"]


@pytest.mark.parametrize("text", [
    "The weak upwelling caused an explosion of marine life off the coast of California.",
    "Despite his brave fight against the complications he passed away at a hospital in Paisley.",
    "A funeral procession passed through Nairobi on Monday.",
    "Residents already battling through the financial crisis in Sydney face a new tax.",
    "No part of the carcass entered the human or animal food chains in Alberta.",
    "Health officials shut the markets in Kisumu over the outbreak.",
])
def test_words_of_violence_in_other_senses_are_no_incident(text: str) -> None:
    assert extract_incidents(text, date="2015-08-20").empty


def test_an_analysts_label_states_the_type_of_a_short_note() -> None:
    found = extract_incidents("Property destruction: Raiders attacked a water point in Wajir. "
                              "No injuries reported.", date="2015-08-20")
    assert found[["acled_event_type", "acled_sub_event_type"]].values.tolist() == [
        ["Strategic developments", "Looting/property destruction"]]
    # a capitalised word before a colon that is no type label changes nothing
    found = extract_incidents("Update: Raiders killed two herders in Wajir.", date="2015-08-20")
    assert found["acled_event_type"].tolist() == ["Violence against civilians"]


@pytest.mark.parametrize(("text", "sub_type"), [
    # a word of a crowd's violence that only names a kind of thing tells no riot
    ("Quarry workers in Mandera took to streets to protest the closure of stone mines.",
     "Peaceful protest"),
    ("Protesters were dispersed by riot police in Nairobi.", "Protest with intervention"),
    ("After the rally in Umoja, rioting youth pillaged shops.", "Violent demonstration"),
])
def test_a_riot_word_that_names_a_kind_of_thing_tells_no_riot(text: str, sub_type: str) -> None:
    found = extract_incidents(text, date="2019-05-21")
    assert found["acled_sub_event_type"].tolist()[:1] == [sub_type]


def test_a_land_mine_in_two_words_is_a_remote_explosive() -> None:
    found = extract_incidents("At least 12 soldiers were injured after a military vehicle was "
                              "hit by a land mine in Mandera.", date="2019-05-21")
    assert found["acled_sub_event_type"].tolist() == ["Remote explosive/landmine/IED"]
    assert extract_incidents("Workers protested the closure of a gold mine in Geita.",
                             date="2019-05-21")["action"].tolist() == ["protest"]


def test_the_weapon_used_outranks_the_weapon_the_doers_name_implies() -> None:
    found = extract_incidents("Gunmen hurled explosives at the county headquarters in Mandera.",
                              date="2019-05-21")
    assert found["acled_event_type"].tolist() == ["Explosions/Remote violence"]
    found = extract_incidents("Gunmen shot two people in Mandera.", date="2019-05-21")
    assert found["acled_event_type"].tolist() == ["Violence against civilians"]


@pytest.mark.parametrize("text", [
    "Two herders are killed in violence between Kalenjin and Maasais in Narok on 23/12.",
    "One dead and several injured following a border attack between two villages in Kisumu.",
    "Three rangers were shot dead by local fighters in Narok on Sunday.",
])
def test_violence_between_two_sides_or_on_armed_rangers_is_a_battle(text: str) -> None:
    found = extract_incidents(text, date="2019-05-21")
    assert found["acled_event_type"].tolist() == ["Battles"]
    assert all(any(c.isalpha() for c in t) for t in found["target"] if t)  # never "23/12"


def test_violence_beside_talks_between_two_sides_is_no_battle() -> None:
    found = extract_incidents("Talks between the government and rebels broke down as gunmen "
                              "killed two in Kisumu.", date="2019-05-21")
    assert found["acled_event_type"].tolist() == ["Violence against civilians"]


def test_the_words_of_a_joined_verb_do_not_decide_the_sense_of_the_first() -> None:
    # "cattle" of "stole" is no animal that attacked; an attack with stealing stays an attack
    found = extract_incidents("Pokomo raiders attacked Orma village in Tana River and stole "
                              "cattle.", date="2019-05-21")
    assert found["acled_event_type"].tolist()[:1] == ["Violence against civilians"]
    assert extract_incidents("Bees attacked children in Nairobi.", date="2019-05-21").empty


def test_strikes_begun_by_thousands_of_workers_are_a_labour_strike() -> None:
    found = extract_incidents("Thousands of textile workers at a factory in Ho Chi Minh City "
                              "began strikes to protest a government policy.", date="2015-03-30")
    assert set(found["acled_event_type"]) == {"Protests"}


def test_tear_gas_shells_are_no_shelling_and_a_situation_taken_under_control_no_takeover() -> None:
    found = extract_incidents("Police fired about a dozen rounds of tear gas shells in Biratnagar "
                              "to take the situation under control.", date="2015-03-30")
    assert found["acled_sub_event_type"].tolist() == ["Protest with intervention"]
    found = extract_incidents("Rebels fired shells at a base in Kandahar.", date="2015-03-30")
    assert found["acled_sub_event_type"].tolist() == ["Shelling/artillery/missile attack"]


def test_a_clash_between_police_and_a_crowd_is_the_crowds_riot() -> None:
    found = extract_incidents("There were clashes between police and protestors who had turned "
                              "violent in Nowshera, Srinagar.", date="2016-07-10")
    assert found[["actor", "acled_event_type"]].values.tolist() == [["Rioters (India)", "Riots"]]
    found = extract_incidents("Clashes between police and militants in Kupwara left two dead.",
                              date="2016-07-10")
    assert found["acled_event_type"].tolist() == ["Battles"]
