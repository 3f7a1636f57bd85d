"""The geoparser on texts written for these tests: offsets, traps, context, the command."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.dateline import dateline_span
from geomap.geoparse import geoparse, geoparse_many, prediction_record

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_55a844751e730994.txt"


def _places(text: str) -> dict[str, list]:
    found: dict[str, list] = {}
    for t in geoparse(text):
        found.setdefault(t.name, []).append(t)
    return found


def _home_or_unplaced(toponyms: list, country: str) -> bool:
    """Whether every reading of a name is in ``country`` or none at all (no namesake abroad)."""
    return all(t.place is None or t.place.country_code == country for t in toponyms)


def test_offsets_are_exact_on_the_seed_article() -> None:
    text = SEED.read_text(encoding="utf-8")
    toponyms = geoparse(text)
    assert len(toponyms) > 10
    for t in toponyms:
        assert text[t.start:t.end] == t.name
        assert 0.0 <= t.score <= 1.0
    starts = [t.start for t in toponyms]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in itertools.pairwise(toponyms))


def test_seed_article_places_and_traps() -> None:
    text = SEED.read_text(encoding="utf-8")
    toponyms = geoparse(text)
    countries = {t.place.country_code for t in toponyms if t.place and t.role == "location"}
    assert {"IQ", "SY", "PK", "IR", "YE"} <= countries
    codes = {t.place.feature_code for t in toponyms if t.place}
    assert "SEA" in codes  # the Red Sea
    assert any(t.place and t.place.feature_code == "AIRB" and t.place.country_code == "IQ"
               for t in toponyms)  # Al Asad airbase
    names = {t.name for t in toponyms}
    assert "Lloyd Austin" not in names and "Austin" not in names
    washington = [t for t in toponyms if t.name == "Washington"]
    assert washington and all(t.role == "actor" for t in washington)


def test_person_named_like_a_place_is_not_a_place() -> None:
    found = _places("Defense Secretary Lloyd Austin flew to Kuwait on Monday. "
                    "Austin said the troops there were safe.")
    assert "Austin" not in found and "Lloyd Austin" not in found
    assert found["Kuwait"][0].place.country_code == "KW"


def test_capital_as_speaker_is_an_actor() -> None:
    found = _places("Washington said on Friday it would respond to the attack in Yemen.")
    assert [t.role for t in found["Washington"]] == ["actor"]
    assert found["Yemen"][0].role == "location"


def test_militia_name_is_not_a_place() -> None:
    found = _places("Kataib Hezbollah claimed the drone attack on troops in eastern Syria.")
    assert not any("Kataib" in name or "Hezbollah" in name for name in found)
    assert any(t.place.country_code == "SY" for ts in found.values() for t in ts if t.place)


def test_paris_texas_against_paris_france() -> None:
    texas = _places("The county fair opened in Paris, Texas, on Saturday.")
    assert texas["Paris"][0].place.country_code == "US"
    assert texas["Paris"][0].place.admin1 == "TX"
    france = _places("The French president spoke in Paris before travelling to Marseille.")
    assert france["Paris"][0].place.country_code == "FR"


def test_dateline_sets_the_country() -> None:
    text = "BEIRUT (Reuters) - Clashes erupted in Tripoli on Sunday, residents said."
    dateline = dateline_span(text)
    assert dateline is not None and text[dateline.start:dateline.end] == "BEIRUT"
    assert _places(text)["Tripoli"][0].place.country_code == "LB"
    # without the dateline, the larger Tripoli (Libya's capital) wins
    assert _places("Clashes erupted in Tripoli on Sunday.")["Tripoli"][0].place.country_code \
        == "LY"


def test_state_after_town_and_feature_words() -> None:
    found = _places("Police in Alexandria, Louisiana arrested two men on Friday.")
    assert found["Alexandria"][0].place.admin1 == "LA"
    found = _places("Shelling hit villages in Homs province, far from the city of Aleppo.")
    homs = next(t for name, ts in found.items() if name.startswith("Homs") for t in ts)
    assert homs.place.feature_code.startswith("ADM")
    assert found["Aleppo"][0].place.feature_class == "P"


def test_many_and_prediction_records() -> None:
    texts = ["Protesters gathered in Basra.", "Nothing happened here today."]
    results = list(geoparse_many(texts))
    assert [len(r) for r in results] == [1, 0]
    record = prediction_record("d1", results[0])
    top = record["toponyms"][0]
    assert record["id"] == "d1" and top["country"] == "IQ"
    assert texts[0][top["start"]:top["end"]] == "Basra"
    assert {"lat", "lon", "geonameid", "feature_code", "score"} <= set(top)


@pytest.mark.slow
def test_command_writes_predictions_and_skips_bad_lines(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "a", "text": "Rockets struck near Erbil in northern Iraq."}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "b", "text": "The river flooded parts of Dhaka, Bangladesh."})
        + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["geoparse", str(source), "-o", str(out),
                                       "--workers", "1"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    assert {t["country"] for t in lines[0]["toponyms"]} == {"IQ"}
    assert "in.jsonl:2" in result.output  # the malformed line, by number


def test_command_without_documents_fails_in_one_line(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("{bad\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["geoparse", str(source), "-o", str(out)])
    assert result.exit_code == 1
    assert "no document to geoparse" in result.output
    assert not out.exists()


def test_demonym_is_a_toponym_of_its_country_but_an_actor() -> None:
    found = _places("Iraqi forces said the convoy was hit near Kirkuk.")
    assert [(t.role, t.place.country_code) for t in found["Iraqi"]] == [("actor", "IQ")]
    assert "Iraqi" not in {t.name for t in geoparse("Iraqi forces moved.", demonyms=False)}
    assert found["Kirkuk"][0].role == "location"


def test_many_on_two_processes_matches_one() -> None:
    texts = ["Floods hit Dhaka, Bangladesh.", "Talks resumed in Geneva.", "No places here."] * 3
    one = [[(t.start, t.place.id if t.place else None) for t in ts]
           for ts in geoparse_many(texts, batch_size=2)]
    two = [[(t.start, t.place.id if t.place else None) for t in ts]
           for ts in geoparse_many(texts, n_process=2, batch_size=2)]
    assert one == two and len(one) == len(texts)


def test_truecase_keeps_offsets_and_restores_names() -> None:
    from geomap.gazetteer import load_gazetteer
    from geomap.nlp import is_upper_case, prepare_text

    gaz = load_gazetteer()
    text = ("SAN SALVADOR, 3 JAN 90 -- GUERRILLAS ATTACKED A POST IN USULUTAN, EL SALVADOR. "
            "THE U.S. EMBASSY IN WASHINGTON SAID IT WAS SAFE.")
    cased = prepare_text(text, gaz)
    assert len(cased) == len(text) and is_upper_case(text)
    assert cased.startswith("SAN SALVADOR, 3 JAN 90 --")  # the dateline is kept as written
    assert "Guerrillas attacked a post in Usulutan, El Salvador." in cased
    assert "The U.S. Embassy in Washington said it was safe." in cased
    assert prepare_text("Rain in Oslo.", gaz) == "Rain in Oslo."


def test_upper_case_text_is_geoparsed_like_mixed_case() -> None:
    text = "TROOPS CLASHED WITH GUERRILLAS NEAR MOSUL, IRAQ, ON MONDAY."
    found = {t.name: t.place.country_code for t in geoparse(text) if t.place}
    assert found.get("MOSUL") == "IQ" and found.get("IRAQ") == "IQ"


def test_named_parents_constrain_the_child() -> None:
    text = "Fighting near Saada village, Hajjah province, Yemen."
    found = {t.name: t.place for t in geoparse(text)}
    assert found["Saada"] is None  # no Saada lies in Hajjah: left to the parent
    assert found["Hajjah province"].country_code == "YE"
    found = {t.name: t.place for t in geoparse("The CDC in Atlanta, Georgia said.")}
    assert (found["Georgia"].country_code, found["Georgia"].admin1) == ("US", "GA")
    found = {t.name: t.place for t in geoparse("Cases in Michigan, Oregon, New Mexico and Ohio.")}
    assert {p.feature_code for p in found.values()} == {"ADM1"}  # a list, not parents


def test_county_has_its_own_point() -> None:
    found = {t.name: t.place for t in geoparse("Deputies in Rapides Parish arrested him.")}
    place = found["Rapides Parish"]
    assert (place.feature_code, place.admin1) == ("ADM2", "LA") and place.geonameid


def test_places_inside_organisation_names() -> None:
    found = {t.name: t for t in geoparse("She studied at the University of Pennsylvania.")}
    assert found["Pennsylvania"].place.admin1 == "PA"
    found = {t.name: t for t in geoparse("Deputies took him to the Boone County Jail in Indiana.")}
    assert found["Boone County"].place.feature_code == "ADM2"


def test_times_diseases_and_seats_are_not_places() -> None:
    assert [t.name for t in geoparse("The lane is closed through March 27.")] == []
    names = [t.name for t in geoparse("Birds in Ohio tested positive for West Nile virus.")]
    assert names == ["Ohio"]
    assert "White House" not in [t.name for t in geoparse("The White House said nothing.")]


def test_an_upper_case_field_label_is_no_dateline() -> None:
    found = _places("Raids continue. DETAILS NOT SPECIFIED. LOCATION: various places within "
                    "Rumuruti division.")
    assert "LOCATION" not in found and "Rumuruti" in found
    found = _places("ISLAMABAD: The government said on Monday that rain fell.")
    assert found["ISLAMABAD"][0].place.country_code == "PK"


def test_a_common_word_or_an_acronym_is_no_small_place() -> None:
    found = _places("Police officers clashed with Al Shabaab in Mandera. University students "
                    "marched. One INGO incentive worker was injured.")
    assert "Police" not in found and "University" not in found and "INGO" not in found
    assert "Mandera" in found


def test_a_known_name_the_model_misread_is_a_place() -> None:
    # a capitalised common word before "of" does not hide the place after it
    assert "Kisumu" in _places("Residents of Kisumu marched on Monday.")
    # a town before a noun of local news, and a town the model took for a product
    assert "Nakuru" in _places("Five Nakuru journalists were beaten.")
    assert "Garissa" in _places("A crowd attacked a bus in Garissa town.")
    # names the model took for an event or a work of art
    assert "Gilgit" in _places("Hundreds marched in Gilgit following a national day of mourning.")
    assert "Khanewal" in _places("Three people were injured in Khanewal after a clash broke out.")


def test_a_namesake_abroad_of_an_unknown_village_is_left_unplaced() -> None:
    # the gazetteer knows "Mansi" only as another tongue's name for Muncie, Indiana
    found = _places("Myanmar army troops clashed with rebels in Mansi township.")
    assert found["Myanmar"][0].place.country_code == "MM"
    assert _home_or_unplaced(found.get("Mansi", []), "MM")
    # a town of that very name stands on its own, wherever the rest of the text is
    found = _places("Troops in Myanmar were sent from Paris and Muncie.")
    assert found["Muncie"][0].place.country_code == "US"


def test_a_known_name_listed_with_a_place_is_a_place() -> None:
    found = _places("Violence was reported in Lunugamwehera, Tangalla and Hambantota.")
    assert found["Hambantota"][0].place.country_code == "LK"


def test_a_district_named_with_its_city_does_not_go_abroad() -> None:
    found = _places("A bomb exploded on a bus in the Eastleigh district of Nairobi.")
    assert found["Nairobi"][0].place.country_code == "KE"
    assert _home_or_unplaced(found["Eastleigh"], "KE")


def test_a_town_named_with_its_town_after_a_comma_stays_in_its_country() -> None:
    # two names after a comma, no list: the second holds the first ("Mtongwe, Mombasa");
    # the gazetteer knows Nyanza only in Rwanda, so it is left to Migori
    found = _places("A mob disrupted a training of electoral officials in Nyanza, Migori.")
    assert found["Migori"][0].place.country_code == "KE"
    assert _home_or_unplaced(found["Nyanza"], "KE")
    found = _places("Police raided homes in Denver, Indianapolis and Louisville.")
    assert {t[0].place.admin1 for t in found.values()} == {"CO", "IN", "KY"}  # a list


def test_the_first_word_of_a_place_of_two_names_is_no_place() -> None:
    found = _places("Fresh attacks have been reported in Ras Kitua area in Lamu.")
    assert "Ras" not in found and found["Lamu"][0].place.country_code == "KE"
    found = _places("The rally at Garissa Town was dispersed.")  # a word for its kind
    assert found["Garissa"][0].place.country_code == "KE"


def test_a_known_name_in_brackets_after_a_place_or_before_an_area_plural_is_a_place() -> None:
    # the model reads both as people
    found = _places("Residents in Kitungati village (Kitui) protested on Monday.")
    assert found["Kitui"][0].place.country_code == "KE"
    found = _places("Local protestors staged protests in Mugu and Jumla districts.")
    assert found["Jumla"][0].place.country_code == "NP"


def test_a_place_and_its_county_read_as_one_name_are_two() -> None:
    # "Kisauni, Mombasa County" as one entity: the county is named, and the part the
    # gazetteer knows only in Tanzania is left to it
    found = _places("One criminal was shot dead by police at Hongera in Kisauni, Mombasa County.")
    assert found["Mombasa County"][0].place.country_code == "KE"
    assert _home_or_unplaced(found["Kisauni"], "KE")


def test_a_local_division_places_a_name_given_as_a_place() -> None:
    # wards, upazilas and townships that no town of cities500 is named after
    found = _places("A thief was lynched by residents in Chemelil.")
    assert found["Chemelil"][0].place.country_code == "KE"
    found = _places("Two men were hacked to death in Nyalenda on Sunday.")  # "Nyalenda 'A'"
    assert found["Nyalenda"][0].place.country_code == "KE"


def test_large_lakes_are_places() -> None:
    found = _places("Police battled raiders near Lake Turkana.")
    assert found["Lake Turkana"][0].place.feature_code == "LK"


def test_a_namesake_abroad_gives_way_to_a_reading_at_home() -> None:
    # the gazetteer's Muncie, Indiana is also "Mansi"; the report is about Myanmar
    found = _places("KIA and Myanmar forces clashed in Mansi township.")
    assert (found["Mansi"][0].place.country_code, found["Mansi"][0].place.feature_code) \
        == ("MM", "ADM3")


def test_a_township_or_upazila_is_its_town() -> None:
    found = _places("Troops clashed with the TNLA in Kutkai Township.")
    assert found["Kutkai Township"][0].place.country_code == "MM"


def test_a_country_named_in_an_organisation_tells_the_country() -> None:
    found = _places("Outside the Hyderabad Press Club, All Pakistan Clerks Association "
                    "members staged a protest.")
    assert found["Hyderabad"][0].place.country_code == "PK"  # not the Indian city


def test_a_word_for_a_division_only_one_country_has_tells_the_country() -> None:
    found = _places("A man was killed at Tita village in Kashiani upazila of Gopalganj.")
    assert found["Gopalganj"][0].place.country_code == "BD"  # not the Indian town


def test_a_common_word_that_opens_a_sentence_is_no_place() -> None:
    # capitalised for its position before a noun of local news: no "Tea" in South Dakota,
    # no "Cane" in Honduras (the model reads it as an organisation)
    assert _places("Tea farmers marched to the factory on Monday.") == {}
    assert _places("Cane farmers blocked the road.") == {}
    assert list(_places("Tea farmers marched in Kericho on Monday.")) == ["Kericho"]
    # a prominent place stays one
    assert _places("Mobile police arrested two men.")["Mobile"][0].place.admin1 == "AL"
    # nor is one the model reads as a place there, named nowhere else in the text
    assert _places("Lands Secretary was robbed on Monday.") == {}


def test_a_place_the_gazetteer_lacks_is_no_common_word_inside_it() -> None:
    assert list(_places("Herders clashed with police near Lake Turkana.")) == ["Lake Turkana"]
    assert "Mount" not in _places("Rebels fought troops on the slopes of Mount Elgon.")
    # nor the first word of a park's name, named after a person or an idea
    found = _places("Youths clashed with police at the Moi Gardens venue in Kericho.")
    assert "Moi" not in found and found["Kericho"][0].place.country_code == "KE"
    assert "Freedom" not in _places("Activists gathered at Freedom Park on Sunday.")
    # a place named after "of" is read past the common word
    found = _places("She served the citizens of the Town of Groton for six years.")
    assert "Groton" in found and "Town" not in found


def test_a_party_named_like_a_town_is_no_place() -> None:
    # a name before a noun of party politics is a party's as often as a town's
    for text in ("Police said the Jubilee candidate was attacked in Mombasa.",
                 "ODM and Jubilee agents clashed at a polling station in Kisumu."):
        assert "Jubilee" not in _places(text)
    assert "Nakuru" in _places("Five Nakuru journalists were beaten.")


def test_a_street_is_not_placed_at_a_namesake_abroad_the_resolver_dropped() -> None:
    text = ("One dead, two hurt in W. Phila. shooting. He was taken to the Hospital of the "
            "University of Pennsylvania. Thomas Frye, 20, of the 900 block of Flanders Road, "
            "was pronounced dead.")
    street = next(t for t in geoparse(text) if t.name == "Flanders Road")
    assert street.place is None


def test_a_place_named_inside_a_persons_name_is_no_place() -> None:
    # a run of capitalised words that opens with a rare name is one name: the town named
    # elsewhere in the text is not read inside it
    text = ("Cholera spread in Dadaab and in Mahecic camp. UN refugee agency spokesman Andrej "
            "Mahecic said that the refugees had not eaten.")
    assert [t.start for t in _places(text)["Mahecic"]] == [text.index("Mahecic")]


def test_a_name_before_a_division_word_or_an_adjective_and_a_noun_is_a_place() -> None:
    found = _places("Militants attacked two policemen in Khyber Pakhtunkhwa's Swabi district.")
    assert found["Swabi"][0].place.country_code == "PK"
    found = _places("Graduates protested in front of the Jaffna divisional secretariat.")
    assert found["Jaffna"][0].place.country_code == "LK"
    # not the end of a longer name, nor a direction
    found = _places("The outbreak is in Kasai Occidental province and in the Eastern province.")
    assert "Occidental" not in found and "Eastern" not in found


def test_a_place_the_model_cut_short_runs_on_to_its_whole_name() -> None:
    # the model reads "Kampong" (also a name of Christmas Island's capital) and stops
    found = _places("About 200 workers from Hor Ling garment factory in Kampong Speu province "
                    "began striking over poor working conditions.")
    assert [(t.name, t.place.country_code) for t in found["Kampong Speu"]] == [("Kampong Speu", "KH")]


def test_a_maker_before_its_product_and_a_direction_with_a_street_word_are_no_towns() -> None:
    found = _places("The owner of the vandalised Toyota Hilux lives in West Street in Oxford.")
    assert "Toyota" not in found
    # "West Street" is a street (placed only at a town the text names surely), not the town
    # of Street in Somerset
    assert [t.place for t in found["West Street"]] == [None]
    # nor is a quarter of a town the town once so called ("North Side", Oildale)
    found = _places("One dead in North Side shooting in Richmond, Virginia.")
    assert {t.place.country_code for t in found["North Side"] if t.place} <= {"US"}
    assert all(t.place is None or t.place.feature_code == "ST" for t in found["North Side"])


def test_a_country_read_as_a_person_with_a_possessive_is_still_the_country() -> None:
    # "Sri Lanka's" read as a person must not make "Sri" and "Lanka" words of people's names
    found = _places("Realists like Sri Lanka's former president Chandrika Bandaranaike knew it. "
                    "Sri Lanka has a Muslim population of more than two million.")
    assert [t.place.country_code for t in found["Sri Lanka"]] == ["LK", "LK"]
    # nor a province's name with a possessive
    found = _places("Over 100 garment workers marched to Kampong Speu's provincial hall.")
    assert [t.place.country_code for t in found["Kampong Speu"]] == ["KH"]


def test_a_legislators_home_and_a_capital_named_after_its_word_are_places() -> None:
    found = _places("Rep. Wendell Gilliard, D-Charleston, tried to restore the money.")
    assert [t.place.country_code for t in found["Charleston"]] == ["US"]
    assert "Day" not in _places("It landed in Normandy during the D-Day invasion of Europe.")
    found = _places("The bombing was 160km south of the Sri Lankan capital Colombo.")
    assert [t.place.country_code for t in found["Colombo"]] == ["LK"]


def test_a_place_run_into_a_name_after_in_or_a_possessive_area_is_a_place() -> None:
    # the model reads "Ariyalai in Jaffna" as one body, and leaves "the capital's Mohammadpur"
    found = _places("Three people were hurt in a grenade blast on Sunday morning at Kokuvil in "
                    "Jaffna, police said.")
    assert [(t.place.country_code, t.role) for t in found["Jaffna"]] == [("LK", "location")]
    found = _places("Two men were hurt when attackers hurled a petrol bomb at a bus at the "
                    "capital's Mohammadpur Sunday evening.")
    assert [t.place.country_code for t in found["Mohammadpur"]] == ["BD"]


def test_a_bodys_acronym_in_brackets_is_no_place_but_a_places_is() -> None:
    found = _places("Nepali Congress (NC) cadres vandalised chairs at the town hall in Beni.")
    assert "NC" not in found
    found = _places("Clerks protested outside the Punjab Assembly (PA) in Lahore.")
    assert "PA" not in found
    found = _places("Horses were banned in New South Wales (NSW) after the outbreak.")
    assert [t.place.country_code for t in found["NSW"]] == ["AU"]


def test_the_people_of_a_country_named_by_their_language_tell_the_country() -> None:
    # "Nepali" (as countryinfo has only "Nepalese") keeps Beni in Nepal, not in Congo
    found = _places("Nepali Congress cadres vandalised chairs in Beni.")
    assert [t.place.country_code for t in found["Beni"]] == ["NP"]


def test_a_demonym_that_opens_a_named_place_is_that_place() -> None:
    # "Thai" alone is Thailand's people; "in Thai Nguyen province" names a Vietnamese province
    found = _places("The reporter wrote about illegal mining in Thai Nguyen province.")
    assert [t.place.country_code for t in found["Thai Nguyen"]] == ["VN"]
    found = _places("The Indian Army fired across the line in Kashmir.")
    assert "Indian Army" not in found
    assert [t.place.country_code for t in found["Indian"]] == ["IN"]


def test_a_place_named_with_and_is_one_place() -> None:
    found = _places("The service reflected on Newfoundland and Labrador's ties to the sea.")
    assert [t.place.country_code for t in found["Newfoundland and Labrador"]] == ["CA"]
    assert "Labrador" not in found


def test_a_dateline_the_model_reads_as_a_person_is_still_the_dateline() -> None:
    # "ST" a place and "JOHN'S" a person; "N.L." is the Canadian Press's Newfoundland
    found = _places("ST. JOHN'S, N.L. - The victims of a helicopter crash were remembered.")
    assert [t.place.country_code for t in found["ST. JOHN'S"]] == ["CA"]
    assert [t.place.country_code for t in found["N.L."]] == ["CA"]


def test_a_name_ending_in_court_or_place_is_a_street_only_in_an_address() -> None:
    found = _places("She was exercising on Southland Vista Court at Briarcliff.")
    assert "Southland" not in found
    assert all(t.place is None or t.place.feature_code == "ST"
               for t in found["Southland Vista Court"])
    found = _places("The ruling stems from a 2007 U.S. Supreme Court decision.")
    assert [t.place.country_code for t in found["U.S."]] == ["US"]


def test_the_town_after_a_bodys_acronym_is_its_branchs_place() -> None:
    found = _places("The student wing of JSQM Sukkur chapter staged a protest.")
    assert [t.place.country_code for t in found["Sukkur"]] == ["PK"]
    found = _places("We only need to send the samples to CDC Atlanta for testing.")
    assert [t.place.country_code for t in found["Atlanta"]] == ["US"]
    # a word of English after an acronym is no town ("Spring", Texas), nor is a long word
    assert "Spring" not in _places("Volunteers prepare for the PRIDE Spring Cleanup.")
    assert "Mara" not in _places("Students of MAASAI Mara University protested.")
