"""ACLED event types on report-style text written here: one case per class of type error.

The classes are those seen coding real reports, decided as ACLED's codebook has them:
clashes between clans or ethnic communities are battles between communal militias, a
crowd's brawl is a riot; a raid, an ambush or shots fired are an attack on civilians unless
they hit armed men; a police raid is a law-enforcement operation (arrests); a protest told
with violence anywhere in a short report is a riot, one the police broke up is not; an
explosive found or defused is "Disrupted weapons use", one that went off an explosion.
Every text goes through the real pipeline (spaCy model, gazetteer) once.
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pytest

from geomap.document import Document
from geomap.pipeline import extract_incidents

PUBLISHED = dt.date(2019, 5, 2)


@pytest.fixture(scope="module")
def found() -> dict[str, gpd.GeoDataFrame]:
    """Each text's incidents (``TEXTS`` and ``NOT_DONE``), one pass of the real pipeline."""
    texts = {**TEXTS, **NOT_DONE}
    docs = [Document(id=key, text=text, published=PUBLISHED) for key, text in texts.items()]
    frame = extract_incidents(docs)
    return {key: frame[frame["doc_id"] == key].reset_index(drop=True) for key in texts}


TEXTS = {
    "clan_clash": "Two clans clashed over grazing land near Isiolo, leaving three people dead.",
    "supporters_clash": "Rival party supporters clashed in Kisumu.",
    "village_raid": "Bandits raided a village in Baringo county and killed two herders.",
    "patrol_ambush": "Militants ambushed a police patrol near Mandera.",
    "shots_at_bus": "Gunmen opened fire on a bus near Garissa, wounding four passengers.",
    "police_raid": "Police raided a house in Mombasa on Tuesday night.",
    "protest_then_violence": "Students protested over fees in Eldoret. They later burned tyres "
                             "on the road.",
    "dispersed": "Police dispersed angry traders in Kisumu.",
    "defused": "Police defused a bomb planted outside a church in Garissa.",
    "went_off": "A bomb went off near a church in Garissa. Police later defused a second device.",
    "wounded_in_ambush": "Six police reservists were wounded in an ambush near Lamu.",
    "fired_back": "Gunmen stopped a lorry near Garissa. Police fired back and killed one of them.",
    "soldiers_injured": "Four soldiers injured near Mandera",
    "members_killed": "Two al-Shabaab members were killed near Mandera.",
    "blown_up": "The county offices in Mandera were destroyed by explosives.",
    "destroyed_explosives": "Police destroyed the explosives near Mandera.",
    "bomb_report": "A bomb went off at a market in Garissa. The attack injured six traders.",
    "red_cross_officer": "Gunmen shot a Red Cross officer in Lodwar.",
    "police_officer": "Gunmen shot a police officer in Lodwar.",
    "demonym_target": "Militants attacked a Kenyan border town near Mandera.",
    "running_battles": "Traders protested in Kisumu over new fees. Youths engaged police in "
                       "running battles.",
    "mob": "A man was beaten to death by a mob in Kisii after he was accused of theft.",
    "labour_strike": "Thousands of garment workers in Phnom Penh continued their strike to "
                     "demand higher wages.",
    "petrol_bomb": "Activists hurled petrol bombs at a bus in Chittagong.",
    "party_cadres": "Awami League cadres vandalised a college in Khulna.",
    "police_on_protesters": "Police shot at protesters in Kisumu.",
    "road_blocked": "Traders blocked the highway in Nakuru to protest new taxes.",
    "only_property": "Militants attacked a village near Lamu and burned down ten "
                     "houses.",
    "encounter": "Two militants were killed in an encounter with police in Srinagar.",
    "retaliated": "Gunmen fired at a bus in Karachi. Guards on the bus retaliated.",
    "headline_compound": "Teachers in Nakuru protest limits on union activity and growing "
                         "class sizes.",
    "took_over": "Militants took over a village near Lamu and hoisted their flag there.",
    "took_over_fight": "Militants took over a village near Lamu after a clash with police.",
    "party_clash": "Awami League activists clashed with BNP supporters in Comilla.",
    "party_cadres_vandalised": "Nepali Congress cadres vandalised chairs at the municipal "
                               "office in Beni.",
    "party_rebels": "OLF rebels killed two herders in Marsabit.",
    "the_attack": "Gunmen shot a guard in Garissa on Sunday. A bomb went off in a market in "
                  "Mandera on Monday. Police said the attack killed two traders in Mandera.",
    "clash_told": "Raiders attacked a farm near Kitale. The attack resulted in a clash with "
                  "police.",
    "police_clashes": "Police shot dead two protesters in Kisumu during clashes.",
}


NOT_DONE = {
    "likely_arrested": 'Young men here are more likely to be injured, arrested or harmed, '
                       'said an aid official in Nairobi.',
    "going_to": "A Nakuru man told a clerk he was going to do a drive-by shooting.",
    "facility_name": "Both were held in the Nakuru County Youth Detention Center.",
    "demonstrated_as": "Her paintings changed after she moved to Nairobi, as demonstrated "
                       "by her later work.",
    "violence_is": "Few people in Kisumu believe violence is a useful tool.",
    "no_mention_of": "Police in Eldoret said there was no mention of a shooting.",
    "campaign": "Fuel prices in San Salvador rose sharply after the FMLN offensive began.",
    "car_accident": "Man, 34, struck, killed by car. The man was struck while walking near a "
                    "road in Nakuru, police said.",
}


def _types(rows: gpd.GeoDataFrame) -> set[str]:
    return set(rows["acled_event_type"])


def test_clashes_between_clans_are_battles_a_crowds_brawl_a_riot(found):
    assert _types(found["clan_clash"]) == {"Battles"}
    assert _types(found["supporters_clash"]) == {"Riots"}


def test_raids_ambushes_and_shots_hit_civilians_unless_armed_men(found):
    assert _types(found["village_raid"]) == {"Violence against civilians"}
    assert _types(found["shots_at_bus"]) == {"Violence against civilians"}
    assert _types(found["patrol_ambush"]) == {"Battles"}


def test_armed_victims_anywhere_in_the_sentence_make_a_battle(found):
    assert _types(found["wounded_in_ambush"]) == {"Battles"}


def test_a_police_raid_is_an_arrest_operation(found):
    rows = found["police_raid"]
    assert rows[["acled_event_type", "acled_sub_event_type"]].values.tolist() == [
        ["Strategic developments", "Arrests"]]
    assert rows.loc[0, "actor"] == "Police Forces of Kenya"


def test_a_protest_told_with_violence_later_in_the_report_or_running_battles_is_a_riot(found):
    for key in ("protest_then_violence", "running_battles"):
        rows = found[key]
        protests = rows[rows["action"] == "protest"]
        assert not protests.empty and _types(protests) == {"Riots"}, TEXTS[key]


def test_a_protest_the_police_dispersed_stays_a_protest(found):
    rows = found["dispersed"]
    assert rows[["acled_event_type", "acled_sub_event_type"]].values.tolist() == [
        ["Protests", "Protest with intervention"]]


def test_a_defused_explosive_is_disrupted_weapons_use(found):
    rows = found["defused"]
    assert set(rows["acled_sub_event_type"]) == {"Disrupted weapons use"}
    went_off = found["went_off"]
    assert "Explosions/Remote violence" in _types(went_off)


def test_a_fight_back_or_armed_dead_make_a_battle(found):
    for key in ("fired_back", "soldiers_injured", "members_killed"):
        assert _types(found[key]) == {"Battles"}, TEXTS[key]


def test_what_explosives_destroyed_is_an_explosion_not_what_was_destroyed(found):
    assert _types(found["blown_up"]) == {"Explosions/Remote violence"}
    assert "Explosions/Remote violence" not in _types(found["destroyed_explosives"])


def test_a_reports_attack_is_its_only_weapon(found):
    rows = found["bomb_report"]
    assert not rows.empty and _types(rows) == {"Explosions/Remote violence"}


def test_an_officer_of_a_civilian_body_is_a_civilian(found):
    assert _types(found["red_cross_officer"]) == {"Violence against civilians"}
    assert _types(found["police_officer"]) == {"Battles"}


def test_a_place_named_by_its_country_is_no_army(found):
    rows = found["demonym_target"]
    assert not rows.empty and _types(rows) == {"Violence against civilians"}


def test_violence_by_a_mob_is_a_riot(found):
    rows = found["mob"]
    assert rows[["actor", "acled_event_type", "acled_sub_event_type"]].values.tolist() == [
        ["Rioters (Kenya)", "Riots", "Mob violence"]]


def test_a_strike_over_wages_is_a_labour_strike(found):
    assert _types(found["labour_strike"]) == {"Protests"}


def test_petrol_bombs_and_party_cadres_destruction_are_riots(found):
    assert _types(found["petrol_bomb"]) == {"Riots"}
    assert _types(found["party_cadres"]) == {"Riots"}


def test_a_headline_with_only_participles_keeps_its_trigger(found):
    rows = found["headline_compound"]
    assert rows[["action", "acled_event_type", "place_name"]].values.tolist() == [
        ["protest", "Protests", "Nakuru"]]


def test_police_violence_on_protesters_and_a_blocked_road_are_protests(found):
    rows = found["police_on_protesters"]
    assert rows[["acled_event_type", "acled_sub_event_type"]].values.tolist() == [
        ["Protests", "Excessive force against protesters"]]
    assert _types(found["road_blocked"]) == {"Protests"}


def test_an_attack_that_only_destroyed_is_property_destruction(found):
    rows = found["only_property"]
    assert not rows.empty
    assert set(rows["acled_sub_event_type"]) == {"Looting/property destruction"}


def test_an_encounter_with_police_or_retaliation_is_a_battle(found):
    assert _types(found["encounter"]) == {"Battles"}
    assert _types(found["retaliated"]) == {"Battles"}



@pytest.mark.parametrize("key", list(NOT_DONE))
def test_what_is_not_told_as_done_or_is_an_accident_gives_no_incident(found, key):
    """Also a campaign named as background, without a place of its own ("after the offensive
    began"): its events are told with their places."""
    assert found[key].empty, NOT_DONE[key]


def test_a_takeover_told_without_a_fight_is_a_non_violent_transfer(found):
    assert found["took_over"]["acled_sub_event_type"].tolist() == [
        "Non-violent transfer of territory"]
    assert "Battles" in _types(found["took_over_fight"])


def test_party_activists_fighting_is_a_riot_and_its_rebels_attack(found):
    assert found["party_clash"][["actor", "acled_event_type"]].values.tolist() == [
        ["Rioters (Bangladesh)", "Riots"]]
    assert _types(found["party_cadres_vandalised"]) == {"Riots"}
    assert _types(found["party_rebels"]) == {"Violence against civilians"}


def test_the_attack_told_after_an_explosion_is_that_explosion(found):
    rows = found["the_attack"]
    assert set(rows[rows["place_name"] == "Mandera"]["acled_event_type"]) == {
        "Explosions/Remote violence"}
    assert set(rows[rows["place_name"] == "Garissa"]["acled_event_type"]) == {"Battles"}


def test_a_short_report_that_tells_a_clash_is_a_battle(found):
    assert _types(found["clash_told"]) == {"Battles"}
    # the police's shooting of protesters stays excessive force, clashes or not
    assert "Protests" in _types(found["police_clashes"])
