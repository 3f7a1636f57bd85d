"""Event coding on report-style text written here: one case per class of error seen on real reports.

Each text is short and made up (no evaluation corpus is copied); each asserts the class the
real reports showed failing: event expressions, senses that are no event, generic and
claimed actors, places, dates, fatalities and ACLED types. The whole set goes through the
real pipeline (spaCy model, gazetteer) once.
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pytest

from geomap.document import Document
from geomap.pipeline import extract_incidents

PUBLISHED = dt.date(2019, 5, 2)

TEXTS = {
    # event expressions
    "opened_fire": "Gunmen opened fire on a bus near Garissa.",
    "executed": "Militants executed two teachers in Mandera.",
    "murdered": "A trader was murdered in Kisumu.",
    "set_fire": "A mob set fire to a police post in Nakuru.",
    "torched": "Attackers torched ten houses in Lamu.",
    "planted": "Militants planted a bomb on the road to Wajir.",
    "blew_up": "Rebels blew up a bridge near Mandera.",
    "derailed": "Saboteurs derailed a train near Voi.",
    "hurled": "Unknown people hurled a grenade at a bar in Garissa.",
    "stabbed": "A man stabbed a police officer in Eldoret.",
    "assassinated": "Gunmen assassinated a chief in Marsabit.",
    "streets": "Hundreds of traders took to the streets in Kisumu over new taxes.",
    "sit_in": "Nurses staged a sit-in at the hospital in Nakuru.",
    "shootout": "Two robbers died in a shootout with police in Thika.",
    "looted": "Youths looted shops in Kisumu.",
    "vandalised": "Protesters vandalised a power station in Kisumu.",
    "took_place": "Clashes took place in Nakuru between two clans.",
    "coordinated": "Gunmen shot and injured 5 students in Garissa.",
    "headline": "Hospital staff protest pay cuts in Nairobi",
    "upper": "GUNMEN KILLED THREE PEASANTS IN SAN MIGUEL DEPARTMENT YESTERDAY.",
    # senses that are no event, or another event
    "labour_strike": "Teachers went on strike in Nairobi over pay.",
    "earthquake": "An earthquake hit Kathmandu, killing nine people.",
    "football": "Arsenal beat Chelsea 2-1 in London on Sunday.",
    "software": "The bank deployed new software in its Nairobi offices.",
    "jackpot": "A farmer hit the jackpot in Nakuru.",
    "road_accident": "A man was hit by a truck and killed in Nakuru on Sunday.",
    "general": "Cattle rustling is common in Turkana.",
    # actors
    "claimed": "A bomb exploded in a market in Mandera. Al Shabaab claimed responsibility.",
    "no_group": "A bomb exploded in a market in Mandera. No group claimed responsibility.",
    "police": "Police arrested ten people in Mombasa.",
    "members_of": "Gunmen believed to be members of al Shabaab attacked a camp in Lamu.",
    "believed": "A lorry hit a landmine near Garissa. Al Shabaab believed responsible.",
    "suspect_object": "A bomb went off in a bus in Mandera. Police suspect al Shabaab, though "
                      "no group has claimed it.",
    "suspect_other": "A grenade was hurled at a shop in Mandera. Police suspect the owner "
                     "was linked to al Shabaab.",
    "planted_by": "Two officers died when their truck hit a bomb planted by al Shabaab "
                  "near Wajir.",
    "victims": "Four Kenyan soldiers were killed when their vehicle ran over an IED near Wajir.",
    "arrests": "Police arrested ten men in Lamu. Al Shabaab claimed responsibility for the "
               "attack on a bus there last week.",
    "party_march": "Jubilee supporters marched in Eldoret to demand a recount.",
    "soldier": "A soldier shot dead two men at a bar in Nakuru.",
    "between": "A gun battle broke out between police and al Shabaab militants in Mandera.",
    "defused": "A bomb was found and defused near a church in Nakuru.",
    "second_verb_agent": "A journalist was attacked and injured by soldiers in Kakamega.",
    "searching_for": "Soldiers hunting al Shabaab militants shot a herder near Garissa.",
    "killed_in_attack_by": "One man was killed in an attack by al Shabaab gunmen in Mandera.",
    "reported_to_have": "Al Shabaab militants are reported to have burned a school in Mandera.",
    "reported_killed": "Thirty people are reported to have been killed in Mandera.",
    "no_violence": "A bomb was found near a church in Nakuru. No injuries or violence were "
                   "reported.",
    "houses_burned": "Several houses were burned down in Nakuru.",
    "arsonists": "Arsonists burned a school in Kisumu.",
    "two_sides": "KIA and Myanmar army troops clashed near Hpakant.",
    "running_battles": "Opposition supporters engaged police in running battles in Nairobi "
                       "as they protested the killing of a student.",
    # places
    "village_parent": "Raiders attacked Kamukunji village in Baringo county, killing two.",
    "offset": "Gunmen ambushed a convoy 25 km north of Garissa.",
    "institution": "Teachers protested outside the Punjab Assembly over unpaid salaries.",
    "car_bomb": "A car bomb exploded near a checkpoint in Mosul, killing two policemen.",
    # dates
    "stated": "On 14 April 2019, gunmen attacked a bus in Garissa.",
    "numeric": "Militants attacked a police post in Mandera (28/04).",
    "clock": "At 1530 hours, gunmen attacked a bus in Garissa.",
    # fatalities and types
    "fatalities": "At least four people were killed and 14 injured when gunmen raided a bar in Nairobi.",
    "battle": "Militants attacked a police station in Garissa.",
    "riot": "Angry residents blocked the highway and burned tyres in Nakuru to protest a killing.",
}


@pytest.fixture(scope="module")
def found() -> dict[str, gpd.GeoDataFrame]:
    docs = [Document(id=key, text=text, published=PUBLISHED) for key, text in TEXTS.items()]
    frame = extract_incidents(docs)
    return {key: frame[frame["doc_id"] == key].reset_index(drop=True) for key in TEXTS}


@pytest.mark.parametrize("key", ["opened_fire", "executed", "murdered", "set_fire", "torched",
                                 "planted", "blew_up", "derailed", "hurled", "stabbed",
                                 "assassinated", "streets", "sit_in", "shootout", "looted",
                                 "vandalised", "took_place", "headline", "upper"])
def test_event_expressions_give_an_incident(found, key):
    rows = found[key]
    assert len(rows) >= 1, TEXTS[key]
    assert (rows["acled_event_type"] != "").all()
    assert (rows["country"].isin(["KEN", "SLV"])).all()


def test_coordinated_verbs_give_one_incident(found):
    rows = found["coordinated"]
    assert rows["place_name"].tolist() == ["Garissa"]
    assert rows.loc[0, "actor"] == "Unidentified Armed Group (Kenya)"


def test_upper_case_wire_text_is_read(found):
    row = found["upper"].iloc[0]
    assert (row["place_name"], row["country"], row["fatalities"]) == ("San Miguel", "SLV", 3)
    assert row["date"] == "2019-05-01"


def test_labour_strike_is_a_protest_and_other_senses_are_no_event(found):
    assert found["labour_strike"]["acled_event_type"].tolist() == ["Protests"]
    for key in ("earthquake", "football", "software", "jackpot", "road_accident", "general"):
        assert found[key].empty, TEXTS[key]


def test_claimed_group_is_the_actor_and_no_group_names_nobody(found):
    assert found["claimed"]["actor"].tolist() == ["Al-Shabaab"]
    assert found["no_group"]["actor"].tolist() == ["Unidentified Armed Group (Kenya)"]
    assert found["members_of"]["actor"].tolist() == ["Al-Shabaab"]


def test_a_group_suspected_or_believed_responsible_is_the_actor(found):
    assert found["believed"]["actor"].tolist() == ["Al-Shabaab"]
    assert found["suspect_object"]["actor"].tolist() == ["Al-Shabaab"]
    assert found["planted_by"]["actor"].tolist() == ["Al-Shabaab"]
    # suspected of something else than the attack: nobody named
    assert found["suspect_other"]["actor"].tolist() == ["Unidentified Armed Group (Kenya)"]


def test_victims_named_before_the_trigger_are_no_actor(found):
    assert found["victims"]["actor"].tolist() == ["Unidentified Armed Group (Kenya)"]


def test_a_claimed_group_does_not_replace_the_police_of_an_arrest(found):
    arrests = found["arrests"]
    assert "Police Forces of Kenya" in arrests["actor"].tolist()


def test_a_party_that_marches_is_acled_protesters(found):
    assert found["party_march"][["actor", "acled_event_type"]].values.tolist() == [
        ["Protesters (Kenya)", "Protests"]]


def test_a_single_soldier_is_the_military(found):
    assert found["soldier"]["actor"].tolist() == ["Military Forces of Kenya"]


def test_a_fight_between_two_sides_has_the_first_as_actor(found):
    assert found["between"][["actor", "acled_event_type"]].values.tolist() == [
        ["Police Forces of Kenya", "Battles"]]


def test_a_defused_bomb_is_the_police_s_disrupted_weapons_use(found):
    assert found["defused"][["actor", "acled_sub_event_type"]].values.tolist() == [
        ["Police Forces of Kenya", "Disrupted weapons use"]]


def test_the_agent_of_a_second_passive_verb_is_the_actor(found):
    assert found["second_verb_agent"]["actor"].tolist() == ["Military Forces of Kenya"]


def test_the_group_security_forces_search_for_is_not_their_name(found):
    assert found["searching_for"]["actor"].tolist() == ["Military Forces of Kenya"]


def test_a_killing_in_an_attack_by_a_group_is_one_incident_of_that_group(found):
    assert found["killed_in_attack_by"]["actor"].tolist() == ["Al-Shabaab"]


def test_a_crowd_s_riot_is_not_merged_into_a_battle_of_the_same_place(found):
    rows = found["running_battles"]
    assert ["Rioters (Kenya)", "Riots"] in rows[["actor", "acled_event_type"]].values.tolist()


def test_the_subject_of_reported_to_have_done_is_the_actor(found):
    assert found["reported_to_have"]["actor"].tolist() == ["Al-Shabaab"]
    assert found["reported_killed"]["actor"].tolist() == ["Unidentified Armed Group (Kenya)"]


def test_no_injuries_or_violence_tells_no_violence(found):
    assert found["no_violence"]["acled_event_type"].tolist() == ["Strategic developments"]


def test_property_destroyed_by_nobody_named_is_an_unidentified_armed_group_s(found):
    for key in ("houses_burned", "arsonists"):
        assert found[key][["actor", "acled_event_type"]].values.tolist() == [
            ["Unidentified Armed Group (Kenya)", "Strategic developments"]], TEXTS[key]


def test_the_first_of_two_named_sides_of_a_clash_is_the_actor(found):
    assert found["two_sides"]["actor"].tolist() == ["KIA: Kachin Independence Army"]


def test_generic_agents_get_acled_generic_actors(found):
    assert found["police"]["actor"].tolist() == ["Police Forces of Kenya"]
    assert found["police"]["acled_sub_event_type"].tolist() == ["Arrests"]
    assert found["headline"]["actor"].tolist() == ["Protesters (Kenya)"]
    assert found["riot"]["actor"].tolist() == ["Rioters (Kenya)"]
    assert found["riot"]["acled_event_type"].tolist() == ["Riots"]


def test_unknown_village_falls_back_to_its_named_parent(found):
    rows = found["village_parent"]
    assert rows["place_name"].str.contains("Baringo").all()
    assert rows["country"].tolist() == ["KEN"]


def test_a_bombing_that_kills_is_one_explosion_by_nobody_named(found):
    rows = found["car_bomb"]
    assert rows[["actor", "acled_event_type", "fatalities"]].values.tolist() == [
        ["Unidentified Armed Group (Iraq)", "Explosions/Remote violence", 2]]


def test_an_institution_named_after_a_place_locates_the_event(found):
    assert found["institution"]["place_name"].str.contains("Punjab").tolist() == [True]


def test_distance_and_direction_from_a_place_move_the_point(found):
    row = found["offset"].iloc[0]
    assert (row["place_name"], row["precision"]) == ("25 km north of Garissa", "near")
    garissa = found["battle"].iloc[0].geometry  # "a police station in Garissa"
    assert 0.2 < row.geometry.y - garissa.y < 0.25 and abs(row.geometry.x - garissa.x) < 0.01


def test_dates_stated_numeric_and_from_the_report(found):
    assert found["stated"][["date", "date_precision"]].values.tolist() == [["2019-04-14", "stated"]]
    assert found["numeric"][["date", "date_precision"]].values.tolist() == [["2019-04-28", "stated"]]
    clock = found["clock"]
    assert clock[["date", "date_precision"]].values.tolist() == [["2019-05-02", "report"]]


def test_fatalities_and_battle_type(found):
    assert found["fatalities"]["fatalities"].tolist() == [4]
    assert found["battle"]["acled_event_type"].tolist() == ["Battles"]
    assert found["opened_fire"]["fatalities"].isna().all()


def test_a_sentences_deaths_are_counted_once_across_its_places():
    found = extract_incidents("Gunmen killed five people in Garissa and Mandera on Monday.",
                              date="2024-03-10")
    assert sorted(found["place_name"]) == ["Garissa", "Mandera"]
    assert found["fatalities"].sum() == 5 and found["fatalities"].isna().sum() == 1


def test_a_claim_of_responsibility_tells_the_attack_it_claims() -> None:
    found = extract_incidents("TTP claims responsibility of the attack on two traffic policemen "
                              "in Khyber Pakhtunkhwa's Swabi district.", date="2015-02-10")
    assert found["action"].tolist() == ["assault"]
    assert found["actor"].str.startswith("TTP").tolist() == [True]


def test_the_noun_a_headlines_event_hangs_from_and_state_troopers_are_the_police() -> None:
    found = extract_incidents("Police shooting in North Las Vegas ruled justifiable.",
                              date="2009-03-28")
    assert found[["actor", "place_name"]].values.tolist() == [
        ["Police Forces of United States", "North Las Vegas"]]
    found = extract_incidents("A man was shot by a state trooper in Dallas last week.",
                              date="2009-03-28")
    assert found["actor"].tolist() == ["Police Forces of United States"]


def test_the_doer_of_a_verb_does_the_event_its_setting_names() -> None:
    # "in raids" tells the setting of what the police did: their raids, an arrest operation
    found = extract_incidents("Hartford Police Find Guns, Drugs In Raids.", date="2009-03-28")
    assert found[["actor", "acled_event_type"]].values.tolist() == [
        ["Police Forces of United States", "Strategic developments"]]
    # but the victims of an attack do not do it
    found = extract_incidents("Five people died in an attack in Mandera.", date="2009-03-28")
    assert found["actor"].tolist() == ["Unidentified Armed Group (Kenya)"]


def test_a_peoples_youths_who_attack_a_village_are_its_ethnic_militia() -> None:
    found = extract_incidents("A group of armed Kalenjin youths attacked a village occupied by "
                              "Kisii people in Kericho.", date="2008-01-30")
    assert found[["actor", "acled_event_type"]].values.tolist() == [
        ["Kalenjin Ethnic Militia (Kenya)", "Violence against civilians"]]
