"""Ordinary news must not fill with false incidents: court news, history recalled as
background, crashes, fires, and things that did not happen. Each sentence is written here;
the classes were seen on local news and epidemic reports."""

from __future__ import annotations

import datetime as dt

import pytest

from geomap.document import Document
from geomap.pipeline import extract_incidents


@pytest.mark.parametrize("text", [
    # a legal proceeding about an event is no new event
    "A stonemason was arraigned in Danbury on charges he assaulted a girl.",
    "Gainesville man gets 15 years for killing a neighbour.",
    "Guilty plea in Evansville killings.",
    "What about the manslaughter charge in Richmond, which was reduced from first-degree murder?",
    # history the report recalls
    "Ten years ago, a gunman entered a church in Fort Worth and killed seven people.",
    "In 2009, officials in Monroe said a mob shot two farmers there on July 25, 1946.",
    "Four federal agents died 15 years ago during a raid on a compound in Waco.",
    "Last year, a similar ban in Kathmandu was greeted with angry protests.",
    "Police said last summer's shooting in Powhatan County was an accident.",
    "Some 76,000 Jews were arrested in France during World War Two.",
    "Bakari fled Columbus last May before police raided several homes he owned there.",
    "The ship landed on the beaches of Normandy during the D-Day invasion of France.",
    "In 2008, he was to be charged over the 2001 attacks in Trenton, which killed five people.",
    # harm in a crash or a fire, done by no one
    ("A four-car collision hurt two in Las Vegas. The crash began when a sedan was unable to "
     "stop before striking a pickup."),
    "Richmond police say the driver struck a car stopped along Interstate 75 in Richmond.",
    "Flooding brought cholera to Ouagadougou. Bridges and dams have been destroyed there.",
    "Basement fire kills man, 84, in Scottdale.",
    "Four children were killed in a fire in Macon.",
    "A fire destroyed the casino's pavilion in Joliet.",
    # what did not happen, or only could
    "No gun was found at the house in Pointe Coupee.",
    "A jury in Gainesville was to determine whether he murdered a boy.",
    "Judge dismisses the lawsuit over the raid at a meatpacking plant in Worthington.",
    "A judge has dismissed all claims against the agency over a raid at a plant in Worthington.",
    "The powder he bought in Leeds has the potential to kill about 1,400 people.",
    "The court set the time to demolish the Hickory House building in Hickory on April 1.",
    "Do you think the shooting of Taliaferro in Powhatan County was murder?",
    "A judge in Nakuru issued a warrant to arrest the two suspects.",
    "Relatives in Larkana are angry over the non-arrest of the killers.",
    # other senses, and likenesses
    "American crew blasts off to space station from Florida.",
    "It looked like an explosion blew out the wall of the house in Dallas.",
    ('"The house was gone," he said in Dayton. "It looked like an explosion blew out the wall." '
     "A neighbour agreed."),
    "The tour of the sites near El Paso took over three minutes.",
    "Residents of Lima are continuing their fight for safer mining practices.",
    # a general statement
    "Only 8 percent believe violence is an important tool, the study in Gaza found.",
    "Many of our soldiers who have been wounded in Iraq have experienced a brain injury.",
])
def test_no_incident_in_ordinary_news(text: str) -> None:
    assert extract_incidents(text, date="2009-03-28").empty


@pytest.mark.parametrize("text", [
    "Militants opened fire on a bus, killing five in Garissa.",
    "Two soldiers were killed by sniper fire in Garissa.",
    "A gunman killed seven people in a church in Fort Worth on Sunday.",
    # raiders who storm a village hurt with their hands at least: no disaster's harm, even in
    # a report on drought and cattle
    ("The drought has heightened competition for cattle. Eleven people were killed when "
     "rustlers stormed a village in Isiolo."),
    # the deed of a "to" infinitive: a protest, a chance taken, the first of a kind
    "Farmers in Nyeri dumped milk on the road to protest the new policy.",
    "Terrorists took the opportunity to place four bombs in Bogota.",
    "He was the first journalist to be arrested in Dhaka this year.",
    "Rebels fought for control of the airport in Goma.",
    # "gas guzzling" twice is no disaster: damage by no one named stays an event
    ("Vandals target gas guzzling cars in Oxford. Gas guzzling cars have been vandalised in "
     "Oxford twice this month."),
])
def test_gunfire_and_events_of_the_report_stay(text: str) -> None:
    assert not extract_incidents(text, date="2009-03-28").empty


def test_a_drug_raid_is_an_arrest_and_goods_seized_are_no_territory() -> None:
    found = extract_incidents("Police SWAT officers raided a drug house in Albany on Wednesday. "
                              "Officers seized 3,000 kilos of meat at a market in Quezon City.",
                              date="2009-03-28")
    assert found[["acled_event_type", "acled_sub_event_type"]].values.tolist() == [
        ["Strategic developments", "Arrests"], ["Strategic developments", "Other"]]


def test_a_surname_of_a_name_with_a_middle_initial_is_no_place() -> None:
    found = extract_incidents("A coroner ruled that the police shooting of Tyrise M. Bell in "
                              "North Las Vegas was justified. An officer shot Bell as the two "
                              "struggled over a handgun.", date="2009-03-28")
    assert "Bell" not in found["place_name"].tolist()
    assert "North Las Vegas" in found["place_name"].tolist()


@pytest.mark.parametrize(("text", "kind"), [
    # a soldier or a marine killed is a battle, not violence against civilians
    ("A Marine from Manchester was killed last week in Helmand.", "Battles"),
    # a strike of some days is a labour strike
    ("Educators in Bogota held a two-day strike on Monday.", "Protests"),
    # clashes with the police that no armed side is named for, hurting villagers: a riot
    ("Clashes with police in Patna have left 20 villagers injured.", "Riots"),
    # but a shootout with the police, or raiders who clash with them, is a battle
    ("A student leader was killed in a shootout with police in Rajshahi.", "Battles"),
    ("Raiders from Samburu clash with police in Laikipia.", "Battles"),
    # raiders who storm a village attack civilians; an assault on a person is an attack,
    # an assault on positions a battle
    ("Eleven people were killed when rustlers stormed a village in Isiolo.",
     "Violence against civilians"),
    ("He is accused of carrying out an assault causing harm in Tipperary.",
     "Violence against civilians"),
    ("Troops launched an assault on rebel positions near Goma.", "Battles"),
    # a fight is a battle only between armed men
    ("Her ex-boyfriend started a fight with her in Gainesville and hit her in the face.",
     "Violence against civilians"),
    ("A fight between police and militants broke out in Garissa.", "Battles"),
])
def test_the_kind_of_an_event(text: str, kind: str) -> None:
    assert extract_incidents(text, date="2009-03-28")["acled_event_type"].tolist() == [kind]


def test_a_coming_event_is_none_but_an_event_before_a_coming_meeting_stays() -> None:
    coming = extract_incidents("Teachers in Bogota have called a two-day strike starting "
                               "tomorrow.", date="1990-03-22")
    told = extract_incidents("Delegates will meet tomorrow with Arias, who has voiced concern "
                             "after squads assassinated ten union leaders in San Jose.",
                             date="1990-03-22")
    assert coming.empty
    assert told[["action", "date"]].values.tolist() == [["assault", "1990-03-22"]]


def test_a_sentence_is_not_split_after_an_abbreviation() -> None:
    found = extract_incidents("One dead, two hurt in W. Phila. shooting on Lansdowne Avenue "
                              "in Philadelphia.", date="2009-03-28")
    assert set(found["sentence"]) == {
        "One dead, two hurt in W. Phila. shooting on Lansdowne Avenue in Philadelphia."}


def test_a_sentence_opens_after_an_abbreviation_before_a_word_that_opens_sentences() -> None:
    found = extract_incidents("A gunman shot two men in Monroeville, Ala. The mother called her "
                              "sister in Washington, D.C. on Monday.", date="2009-03-28")
    assert found[["sentence", "place_name", "date"]].values.tolist() == [
        ["A gunman shot two men in Monroeville, Ala.", "Monroeville", "2009-03-28"]]


def test_a_day_or_a_year_written_out_is_history_in_a_report_with_no_date() -> None:
    text = "The three men were arrested in Indianapolis on Dec. 31, 2005, the police said."
    assert extract_incidents(text).empty
    assert extract_incidents("In 2003, a horse in Pahrump was killed after being attacked.").empty
    assert not extract_incidents("The three men were arrested in Indianapolis on Dec. 31.").empty
    assert not extract_incidents(text, date="2006-01-02").empty
    # a month with its year in a report with no date; a year alone before a dated report's
    assert extract_incidents("He gunned down his girlfriend in Charleston in July 2008.").empty
    assert extract_incidents("He shot a neighbour in Charleston in 2008.", date="2009-03-28").empty
    # a month alone, in a report with no date; an age is no date of the clause
    assert extract_incidents("Police said two men abducted a woman from Springfield Mall in "
                             "September and drove her to Woodbridge.").empty
    assert extract_incidents("Stewart told commissioners in January that he had trouble during "
                             "an incident in Frankston in which he fatally shot 29-year-old "
                             "Jason Cumby.").empty
    assert not extract_incidents("Two men abducted a woman from Springfield Mall on "
                                 "Monday.").empty
    # a house number the model reads as a year dates nothing
    found = extract_incidents("A woman of 1935 Orchard Street was arrested in Alexandria on "
                              "Friday.", date="2009-03-28")
    assert found["date"].tolist() == ["2009-03-27"]


def test_a_year_the_model_misses_and_the_clause_above_date_the_event() -> None:
    # a year before an event noun that the model reads as no date, in any report
    text = "The 1946 lynching in Monroe shocked the nation."
    assert extract_incidents(text).empty
    assert extract_incidents(text, date="2009-03-28").empty
    assert not extract_incidents("Officials said the 2009 lynching in Monroe shocked them.",
                                 date="2009-03-28").empty
    # the same event told again without its date is still history; a new one is not
    text = ("The 1946 lynching in Monroe shocked the nation. They met in Monroe, a few miles "
            "from the site of the country's last mass-lynching, on Saturday.")
    assert extract_incidents(text).empty
    # "9/11" is an era, not the 11th of September; in a report with no date, the year of the
    # clause an event is told in ("At the time ... were indicted in 2006, prosecutors said")
    assert extract_incidents("The post 9/11 anthrax attack upon the U.S. used Army anthrax.").empty
    text = ("At the time the men were indicted in 2006, prosecutors said that the men committed "
            "a series of robberies in Evansville.")
    assert extract_incidents(text).empty
    text = ("Police dispersed a number of events in Jerusalem staged to declare the city the "
            "capital of Arabic culture for 2009.")
    assert not extract_incidents(text).empty


def test_a_protest_against_the_non_arrest_of_killers_is_a_protest() -> None:
    found = extract_incidents("Party students staged a protest in Sukkur against the non arrest "
                              "of their leader's murderers.", date="2015-05-01")
    assert found["action"].tolist() == ["protest"]


def test_an_arrest_avoided_is_no_arrest() -> None:
    text = "The suspect fled across the river in Lakeland to avoid arrest."
    assert extract_incidents(text, date="2009-03-28").empty


def test_a_clause_after_a_semicolon_tells_of_its_own_place() -> None:
    # (in a report longer than a brief, whose first place would place all its events)
    text = ("Carter was on the run from drug charges in Florida; he gunned down Greene as "
            "Greene broke through his back door. " + "The case went on for months. " * 40)
    assert "Florida" not in set(extract_incidents(text, date="2009-03-28")["place_name"])


def test_the_date_of_the_clause_an_event_hangs_from_dates_it_but_not_another_clauses() -> None:
    # "in 2008" of "admitted" dates the shooting it tells; "four years ago" of "disappeared"
    # is not the protest's
    text = "Clark admitted in Charleston that he shot and killed his girlfriend in 2008."
    assert extract_incidents(text, date="2009-03-28").empty
    found = extract_incidents("About 100 relatives protested in Colombo over two activists who "
                              "disappeared four years ago.", date="2015-02-24")
    assert found["action"].tolist() == ["protest"]


def test_violence_told_without_a_place_in_a_report_with_a_dateline_is_in_its_country() -> None:
    # a wire report (longer than a brief, whose first place would place all its events)
    text = ("SAN SALVADOR, 3 JAN 90 (ACAN-EFE) -- [TEXT] THE PRESS COMMITTEE REPORTED TODAY THAT "
            "THE TALKS WILL CONTINUE." + " THE MINISTER SAID THE TALKS WILL GO ON." * 25
            + "\n\nTHE ATTACK ON THE BANK CAUSED HEAVY DAMAGE, THE REPORT ADDED.")
    found = extract_incidents([Document(id="w", text=text, published=dt.date(1990, 1, 3))])
    assert found[["action", "country", "precision"]].values.tolist() == [
        ["assault", "SLV", "country"]]


def test_the_places_of_history_are_not_where_there_points_back_to() -> None:
    text = ("Four agents died 15 years ago during a raid on a compound in Waco. Two more officers "
            "died later in a shootout when the city's SWAT team stormed an apartment."
            + " The case went on for months." * 40)
    assert "Waco" not in set(extract_incidents(text, date="2009-03-28")["place_name"])


def test_an_existential_there_points_back_to_no_place() -> None:
    # "there are people who ... are arrested" is no arrest where the last one was
    text = ("Police raided a house in Batumi on Monday. \"There are people who have bought "
            "weapons and they are arrested,\" the minister said." + " The talks went on for hours." * 60)
    found = extract_incidents(text, date="2009-03-28")
    assert found["trigger"].tolist() == ["raided"]


@pytest.mark.parametrize(("text", "told"), [
    # what explodes must be a weapon or a vehicle (or a pronoun for one)
    ("Thousands more are exploding in central Denmark.", False),  # toads, named before
    ("A transformer exploded in Kabul.", False),
    ("A dynamite charge exploded in Lima.", True),
    ("A car exploded near the market in Kabul.", True),
    ("It exploded near the market in Kabul.", True),
    # one gun found is a crime's evidence; arms found or seized are an event
    ("Police found a gun in a creek bed in Dallas.", False),
    ("The gun was recovered on Kings Way in Harlem.", False),
    ("Police recovered three guns in Dallas.", True),
    ("Troops seized a rifle and 200 rounds of ammunition in Mandera.", True),
])
def test_what_exploded_or_was_found_decides_the_event(text, told) -> None:
    assert extract_incidents(text, date="2020-01-01").empty is not told
