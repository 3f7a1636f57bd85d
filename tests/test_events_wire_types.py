"""ACLED event types in wire-news style reports written here: one case per class of type error.

The classes were seen on wire news about insurgencies, decided as ACLED's codebook has them:

- a person seized or captured is an abduction (an arrest when state forces took them), not
  a takeover of territory;
- a civilian "of" an armed force (its employee, a soldier's wife) is a civilian: killing one
  is violence against civilians;
- "attacks" at a place where the report tells only bombs are those explosions,
  whatever weapon it tells elsewhere; so are deaths "in an attack" of a report whose only
  weapon word, in any sentence, is a bomb (not a modifier alone: "committed suicide");
- "the attack" told after an explosion told without a place is that explosion, unless a
  new attack is told in between ("gunmen opened fire on his car");
- an "armed strike" (a shutdown an armed group imposes) is neither an air strike nor a
  protest;
- "people" who fire or bomb are armed men, not a rioting crowd;
- an arrest of no one ("no one has been detained") is no arrest;
- a derailment is an explosion only when the text tells explosives;
- a campaign ("the offensive") told without a place of its own is kept at the report's
  country, but less surely one event there than an attack told so.

Every text goes through the real pipeline once.
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pytest

from geomap.document import Document
from geomap.pipeline import extract_incidents

PUBLISHED = dt.date(1990, 1, 5)

#: Sentences with no event in them, to make a report long enough not to be a short note.
_FILLER = "The government said that the economy would recover and that exports would grow. " * 12

TEXTS = {
    "mayor_seized": "Rebels seized the local mayor in the village of Kafanchan on Monday.",
    "police_captured": "Police captured two suspects in the town of Kisumu on Friday.",
    "soldiers_seized": "Soldiers seized two suspects in the village of Kafanchan on Monday.",
    "town_captured": "Rebels captured the town of Kidal after heavy fighting.",
    "employee_of_brigade": "Gunmen killed an employee of the army brigade in Garissa.",
    "attacks_then_bombs": "Guerrillas carried out new attacks on banks in Medellin on Monday. "
                          "Two bombs exploded at the banks in Medellin. In Cali, gunmen shot "
                          "a guard.",
    "attacks_no_bombs": "Guerrillas carried out new attacks on banks in Medellin on Monday. "
                        "In Cali, gunmen shot a guard.",
    "bomb_unplaced_then_attack": "Rebels bombed the party headquarters last night. Forty "
                                 "members were at the headquarters in Lima when the attack "
                                 "occurred. Gunmen shot a driver in Cusco. " + _FILLER,
    "killed_in_attack_bomb": "At least five soldiers were killed in an attack in Lima on "
                             "Monday. Officials believe that their truck was damaged by a car "
                             "bomb.",
    "killed_in_attack_two_weapons": "At least five soldiers were killed in an attack in Lima "
                                    "on Monday. Officials believe that the attackers used "
                                    "rifles and a car bomb.",
    "new_attack_between": "Rebels bombed the party headquarters in Lima last night. On Sunday "
                          "gunmen opened fire on the candidate's car. His bodyguard died in the "
                          "attack, which occurred near Cajamarca.",
    "armed_strike": "The rebels called for an armed strike in Huaraz from today until Monday.",
    "armed_drone_strike": "An armed drone strike hit a compound near Miranshah on Monday.",
    "people_fired": "Unidentified people fired on a military convoy in Yoro Department on "
                    "Wednesday.",
    "shot_by_people": "The senator was shot by several people aboard a bus in Barranquilla.",
    "villagers_sticks": "Villagers attacked a thief with sticks in Kisii on Monday.",
    "rifles_untagged": "Men attacked the home of a judge in San Salvador this morning. "
                       "Witnesses saw rifles in their car. A bomb exploded in Apastepeque "
                       "later.",
    "no_one_detained": "Regarding the murder of two priests in Cusco last week, the minister "
                       "said that no one has been detained.",
    "derailed": "One person died when guerrillas derailed a train near Oroya on Monday.",
    "derailed_dynamite": "Guerrillas derailed a train with dynamite near Oroya on Monday.",
    "suicide_not_a_bomb": "The suspect committed suicide last week. He had been questioned "
                          "about the attacks on two offices in Lima.",
    "campaign": "The FMLN launched its largest offensive in ten years last week, according to "
                "the army. Rebels killed two farmers in El Salvador on Monday, the army said. "
                + _FILLER,
}


@pytest.fixture(scope="module")
def found() -> dict[str, gpd.GeoDataFrame]:
    """Each text's incidents, one pass of the real pipeline."""
    docs = [Document(id=key, text=text, published=PUBLISHED) for key, text in TEXTS.items()]
    frame = extract_incidents(docs)
    return {key: frame[frame["doc_id"] == key].reset_index(drop=True) for key in TEXTS}


def _kinds(rows: gpd.GeoDataFrame) -> list[list[str]]:
    return rows[["acled_event_type", "acled_sub_event_type"]].values.tolist()


def test_a_person_seized_is_abducted_or_arrested_not_a_territory(found):
    assert _kinds(found["mayor_seized"]) == [["Violence against civilians",
                                              "Abduction/forced disappearance"]]
    assert _kinds(found["police_captured"]) == [["Strategic developments", "Arrests"]]
    assert _kinds(found["soldiers_seized"]) == [["Strategic developments", "Arrests"]]
    assert ["Battles", "Non-state actor overtakes territory"] in _kinds(found["town_captured"])


def test_a_civilian_of_an_armed_force_is_a_civilian(found):
    rows = found["employee_of_brigade"]
    assert _kinds(rows) == [["Violence against civilians", "Attack"]]
    assert rows.loc[0, "target"] == "employee"


def test_attacks_where_only_bombs_are_told_are_explosions(found):
    medellin = found["attacks_then_bombs"]
    medellin = medellin[medellin["place_name"] == "Medellín"]
    assert len(medellin) and set(medellin["acled_event_type"]) == {"Explosions/Remote violence"}
    plain = found["attacks_no_bombs"]
    assert set(plain[plain["place_name"] == "Medellín"]["acled_event_type"]) == {
        "Violence against civilians"}


def test_deaths_in_an_attack_of_a_report_whose_only_weapon_is_a_bomb_are_an_explosion(found):
    assert _kinds(found["killed_in_attack_bomb"]) == [["Explosions/Remote violence",
                                                       "Remote explosive/landmine/IED"]]
    assert _kinds(found["killed_in_attack_two_weapons"]) == [["Battles", "Armed clash"]]


def test_a_weapon_told_in_a_sentence_without_an_event_still_counts(found):
    rows = found["rifles_untagged"]
    assert set(rows[rows["place_name"] == "San Salvador"]["acled_event_type"]) == {
        "Violence against civilians"}


def test_a_weapon_modifier_alone_is_no_weapon_told(found):
    rows = found["suicide_not_a_bomb"]
    assert len(rows) and "Explosions/Remote violence" not in set(rows["acled_event_type"])


def test_the_attack_after_an_unplaced_explosion_is_that_explosion(found):
    rows = found["bomb_unplaced_then_attack"]
    lima = rows[(rows["place_name"] == "Lima") & rows["trigger"].str.startswith("attack")]
    assert set(lima["acled_event_type"]) == {"Explosions/Remote violence"}
    assert set(rows[rows["place_name"] == "Cusco"]["acled_event_type"]) == {
        "Violence against civilians"}


def test_the_attack_after_a_new_attack_is_not_the_earlier_explosion(found):
    rows = found["new_attack_between"]
    assert set(rows[rows["place_name"] == "Cajamarca"]["acled_event_type"]) == {
        "Violence against civilians"}


def test_an_armed_strike_is_no_air_strike_nor_a_protest(found):
    assert _kinds(found["armed_strike"]) == [["Strategic developments", "Other"]]
    assert _kinds(found["armed_drone_strike"]) == [["Explosions/Remote violence",
                                                    "Air/drone strike"]]


def test_people_who_shoot_are_armed_men_not_rioters(found):
    rows = found["people_fired"]
    assert _kinds(rows) == [["Battles", "Armed clash"]]
    assert rows.loc[0, "actor"] == "Unidentified Armed Group (Honduras)"
    assert _kinds(found["shot_by_people"]) == [["Violence against civilians", "Attack"]]
    assert _kinds(found["villagers_sticks"]) == [["Riots", "Mob violence"]]


def test_an_arrest_of_no_one_is_no_arrest(found):
    assert _kinds(found["no_one_detained"]) == [["Violence against civilians", "Attack"]]


def test_a_derailment_is_an_explosion_only_when_explosives_are_told(found):
    assert _kinds(found["derailed"]) == [["Violence against civilians", "Attack"]]
    assert _kinds(found["derailed_dynamite"]) == [["Explosions/Remote violence",
                                                   "Remote explosive/landmine/IED"]]


def test_a_campaign_without_a_place_is_kept_at_the_country_less_surely(found):
    rows = found["campaign"].set_index("trigger")
    assert rows.loc["offensive", "place_name"] == "El Salvador"
    assert rows.loc["offensive", "confidence"] < rows.loc["killed", "confidence"] / 2
    assert rows.loc["offensive", "confidence"] <= 0.2


def test_each_attack_that_names_whom_it_hit_is_typed_by_its_own_victims() -> None:
    found = extract_incidents("A rebel commander was shot dead in Tegucigalpa, and an attorney "
                              "was shot dead near his home in Comayagua.", date="1990-01-08")
    assert found[["place_name", "acled_event_type"]].values.tolist() == [
        ["Tegucigalpa", "Battles"], ["Comayagua", "Violence against civilians"]]
