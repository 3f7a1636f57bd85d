"""Where report-style events happen when the model misreads the place: written here, one
case per class of error seen on real reports."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from geomap.document import Document
from geomap.pipeline import extract_incidents

TEXTS = {
    "institution": "Some 100 farmers gathered at Banteay Meanchey Provincial Hall to protest.",
    "product": "A man was seized by a mob and killed in Migori.",
    "residents_of": "Residents of Witu protested on Monday against the appointment.",
    "listed": "Violence was reported in Lunugamwehera, Tangalla and Hambantota.",
    "namesake": "Myanmar army troops clashed with rebels in Mansi township.",
    "group": "BJP workers staged a protest in Punjab against the power cuts.",
    "campus": "On 31 October, students at Maseno University went on a rampage.",
    "named_after": "Kisumu residents protested against the evictions.",
    "participle": "Two Al Shabaab suspects arrested with explosive devices in Kitale town",
    "rally_warned": "A rally in Biratnagar warned against tampering with the demarcation.",
    "run_into_name": "The protest was held near Hisar at Mayyar Village.",
    "body_named_after": ("Members of the Tamil Nadu Government Pensioners' Association staged "
                         "a demonstration demanding an increase in the annual health cover."),
    "body_named_by_word": "Over 15,000 Man Power workers staged a protest demanding jobs.",
    "movement": "Farmers led by the Bharatiya Kisan Union held a protest in Punjab.",
}


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    docs = [Document(id=key, text=text, published=dt.date(2019, 5, 2))
            for key, text in TEXTS.items()]
    return extract_incidents(docs)


@pytest.fixture(scope="module")
def places(frame) -> dict[str, list[tuple[str, str]]]:
    return {key: list(zip(frame.loc[frame["doc_id"] == key, "place_name"],
                          frame.loc[frame["doc_id"] == key, "country"], strict=True))
            for key in TEXTS}


@pytest.mark.parametrize(("key", "country"), [("institution", "KHM"), ("product", "KEN"),
                                              ("residents_of", "KEN"), ("listed", "LKA"),
                                              ("namesake", "MMR"), ("group", "IND"),
                                              ("campus", "KEN"), ("named_after", "KEN"),
                                              ("participle", "KEN"), ("rally_warned", "NPL"),
                                              ("run_into_name", "IND"),
                                              ("body_named_after", "IND"),
                                              ("movement", "IND")])
def test_the_event_is_placed_in_the_right_country(places, key, country):
    assert places[key] and {c for _, c in places[key]} == {country}


def test_an_institution_named_after_a_province_places_the_event_in_it(places):
    assert [name for name, _ in places["institution"]] == ["Banteay Mean Choăy"]


def test_where_the_doers_are_places_an_event_the_sentence_places_nowhere_else(places):
    # "students at Maseno University": the university's town; "Kisumu residents": theirs
    assert [name for name, _ in places["campus"]] == ["Maseno"]
    assert [name for name, _ in places["named_after"]] == ["Kisumu"]


def test_a_participle_tells_of_whom_it_was_done_to(frame):
    # "two Al Shabaab suspects arrested": the suspects are arrested, not the ones arresting
    arrests = frame[frame["doc_id"] == "participle"]
    assert list(arrests["place_name"]) == ["Kitale"]
    assert "Al-Shabaab" not in set(arrests["actor"])


def test_the_rally_that_warned_happened(places):
    # the rally that warned is an event; what it warned against is not
    assert [name for name, _ in places["rally_warned"]] == ["Biratnagar"]


def test_a_town_the_model_ran_into_a_name_is_still_where_the_event_was(places):
    # "Hisar at Mayyar Village" read as one organisation: "near Hisar" still places it
    assert [name for name, _ in places["run_into_name"]] == ["Hisar"]


def test_a_short_report_that_names_no_place_is_placed_where_a_body_it_names_is_named_after(
        places):
    # "Tamil Nadu Government Pensioners' Association": the state; "Man Power workers" is no
    # town of Man
    assert [name for name, _ in places["body_named_after"]] == ["Tamil Nādu"]
    assert places["body_named_by_word"] == []


def test_where_a_person_lives_does_not_place_what_was_done_to_them() -> None:
    found = extract_incidents("A trader who lived in Kisumu was killed by gunmen in Nakuru.",
                              date="2009-03-28")
    assert found["place_name"].tolist() == ["Nakuru"]
    # but where the target is told to lie places the event
    found = extract_incidents("The congress president's house, which is located in Miramonte, "
                              "was attacked by rebels.", date="1989-11-12")
    assert "Miramonte" in set(found["place_name"])


def test_a_short_report_is_placed_at_its_dateline_not_where_a_person_is_from() -> None:
    # "(AP)" with no dash after it still ends a dateline; "who was from Cincinnati" tells of
    # the victim, not of where he was killed
    found = extract_incidents("Cincinnati man dies in Ky. jail. COVINGTON, Ky. (AP)  A man held "
                              "in a jail is accused of killing an inmate who was from "
                              "Cincinnati.", date="2009-03-28")
    assert found["place_name"].tolist() == ["Covington"]


def test_a_short_report_is_placed_where_it_says_most_not_where_its_people_are_from() -> None:
    # the headline's "West Virginia man" and "of Wood County, W. Va." say where the suspect
    # lives; the county the story keeps naming is where the widow was killed
    found = extract_incidents(
        "West Virginia man charged in widow's murder. Charles Williams, 39, of Wood County, "
        "W. Va., will be returned to Meigs County, the prosecutor said. Garnes appeared in "
        "Meigs County Court Friday. Williams is accused of killing Doris Jackson in her home. "
        "Sheriff deputies searched Meigs County for her car.", date="2009-03-28")
    assert found["place_name"].tolist() == ["Meigs County"]


def test_a_place_told_only_as_the_reference_of_a_distance_gives_way_to_the_named_place() -> None:
    found = extract_incidents("The suicide bombing occurred in the town of Akuressa, in Matara "
                              "district some 160km south of the Sri Lankan capital Colombo.",
                              date="2009-03-28")
    assert set(found["place_name"]) == {"Akuressa", "Matara"}
    # alone, the reference places the event near it
    found = extract_incidents("Militants attacked a convoy 25 km north of Mosul.",
                              date="2009-03-28")
    assert found["place_name"].tolist() == ["25 km north of Mosul"]
    # a distance in words, from a reference named with a possessive
    found = extract_incidents("A police vehicle exploded on a mine near the village of Dvani, "
                              "seven kilometers south-west of the breakaway region's capital "
                              "Tskhinvali.", date="2009-05-01")
    assert found["precision"].tolist() == ["near"]
    assert found["place_name"].str.startswith("7 km southwest of").all()


def test_the_examples_of_a_kind_of_area_and_a_place_opposite_a_site_place_the_event() -> None:
    found = extract_incidents("The SLMM also staged protests in other Tarai districts like "
                              "Morang.", date="2015-08-20")
    assert found["place_name"].tolist() == ["Morang"]
    found = extract_incidents("Workers protested opposite the Kandy police station.",
                              date="2015-08-20")
    assert found["place_name"].tolist() == ["Kandy"]


def test_a_press_club_named_after_its_town_places_a_protest_outside_it() -> None:
    found = extract_incidents("People who were given shelter in Hyderabad protested outside the "
                              "Karachi press club.", date="2015-08-20")
    assert found["place_name"].tolist() == ["Karachi"]


def test_a_hyphen_inside_a_name_is_no_dateline_and_the_party_tells_the_country() -> None:
    # "Tehreek Nifaz Fiqh-e-" once read as a dateline cut the party's name from the sentence
    found = extract_incidents("Tehreek Nifaz Fiqh-e-Jafariya held nationwide protests against "
                              "the cartoons in Hyderabad.", date="2015-01-20")
    assert found["country"].tolist() == ["PAK"]


def test_a_movement_named_between_commas_still_tells_the_country() -> None:
    found = extract_incidents("Village farmers, led by the Bharti Kisan Union, held a protest "
                              "against the Punjab power company.", date="2015-08-20")
    assert found["country"].tolist() == ["IND"]


def test_a_place_that_ends_a_foreign_groups_name_places_no_event() -> None:
    found = extract_incidents("Eight men, including a suspected member of Al Qaeda in the Indian "
                              "Subcontinent, were gunned down in the Manghopir area of Karachi.",
                              date="2015-08-20")
    assert set(found["place_name"]) == {"Karachi"}
    # a group named by the country it acts in still leaves the country its place
    found = extract_incidents("Death squads in El Salvador have murdered a priest.",
                              date="1989-11-17")
    assert found["place_name"].tolist() == ["El Salvador"]


def test_a_place_that_modifies_a_noun_after_it_is_no_place_of_the_event() -> None:
    # the model reads "the Bay of Bengal migrant crisis" as the Bay and a crisis of Bengal
    found = extract_incidents("Around 300 people joined a protest in Yangon to call for an end "
                              "to pressure on Burma over the Bay of Bengal migrant crisis.",
                              date="2015-06-01")
    assert found["place_name"].tolist() == ["Yangon"]


def test_a_possessive_place_holding_an_unknown_area_places_the_event() -> None:
    found = extract_incidents("A petrol bomb was hurled at a bus. The Dhaka-bound bus came under "
                              "attack in Rajshahi city's Bhadra Bhangripatti area.",
                              date="2015-01-20")
    assert set(found["place_name"]) == {"Rajshahi"}
    # but an area named in its own right is the place
    found = extract_incidents("Police clashed with protesters in Nairobi's Eastleigh area.",
                              date="2015-01-20")
    assert "Nairobi" not in set(found["place_name"])
